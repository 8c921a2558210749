// Tests for solvency/sim/impact.hpp: each model's fills and displacement
// worked by hand, recovery, the exact square root, and every bad parameter.
#include <solvency/sim/impact.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;

namespace {
using N = dec;
constexpr dec d100 = 100.0_dec;
}  // namespace

TEST_CASE("isqrt: exact squares and the floor property") {
  CHECK(sim::isqrt(4.0_dec) == 2.0_dec);
  CHECK(sim::isqrt(0.0_dec) == 0.0_dec);
  CHECK(sim::isqrt(0.25_dec) == 0.5_dec);
  CHECK(sim::isqrt(2.0_dec) == 1.41421356_dec);
  CHECK(sim::isqrt(1000000.0_dec) == 1000.0_dec);
  CHECK(!is_valid(sim::isqrt(-1.0_dec)));
  solvency_test::rng r{42};
  const dec eps = dec::epsilon();
  for (int i = 0; i < 2000; ++i) {
    const dec x = dec::from_raw(static_cast<std::int64_t>(r.next() >> (1 + r.below(62))));
    const dec y = sim::isqrt(x);
    // y*y <= x < (y + eps)^2, exactly: ceil(y*y) <= x and ceil((y+eps)^2) > x
    CHECK(mul<round::up>(y, y) <= x);
    CHECK(mul<round::up>(y + eps, y + eps) > x);
  }
}

TEST_CASE("linear impact: midpoint fills, permanent move, recovery") {
  sim::linear_impact<N> m{price_delta{0.5_dec}, rate{0.5_dec}};
  REQUIRE(m.validate());
  auto a = m.execute(side::short_, quantity{10.0_dec}, price{d100});
  REQUIRE(a);
  CHECK(a->average == price{97.5_dec});  // 100 - 10 x 0.5 / 2
  CHECK(m.displacement() == price_delta{-5.0_dec});
  auto b = m.execute(side::short_, quantity{2.0_dec}, price{d100});
  REQUIRE(b);
  CHECK(b->average == price{94.5_dec});  // from 95, half of 1
  CHECK(m.displacement() == price_delta{-6.0_dec});
  m.recover();
  CHECK(m.displacement() == price_delta{-3.0_dec});
  auto c = m.execute(side::long_, quantity{4.0_dec}, price{d100});
  REQUIRE(c);
  CHECK(c->average == price{98.0_dec});  // -3 + 1
  CHECK(m.displacement() == price_delta{-1.0_dec});
}

TEST_CASE("square-root impact: k x P x sqrt(q / scale), two thirds on average") {
  sim::sqrt_impact<N> m{rate{0.01_dec}, quantity{100.0_dec}, rate<N>{}};
  REQUIRE(m.validate());
  auto a = m.execute(side::short_, quantity{100.0_dec}, price{1000.0_dec});
  REQUIRE(a);
  CHECK(m.displacement() == price_delta{-10.0_dec});
  CHECK(a->average == price{993.33333333_dec});  // 1000 - 10 x 2/3 (rounded against the seller)
  auto b = m.execute(side::long_, quantity{25.0_dec}, price{1000.0_dec});
  REQUIRE(b);
  CHECK(m.displacement() == price_delta{-5.0_dec});  // sqrt(0.25) = 0.5: +5
  m.recover();  // no resilience
  CHECK(m.displacement() == price_delta{-5.0_dec});
  // a quarter of the size moves the price half as much: concave
  sim::sqrt_impact<N> m2{rate{0.01_dec}, quantity{100.0_dec}, rate<N>{}};
  REQUIRE(m2.execute(side::short_, quantity{25.0_dec}, price{1000.0_dec}));
  CHECK(m2.displacement() == price_delta{-5.0_dec});
}

TEST_CASE("order book: levels consumed, backstop, refill") {
  sim::order_book<N> b{price_delta{1.0_dec}, quantity{10.0_dec}, 5, rate{0.5_dec}};
  REQUIRE(b.validate());
  CHECK(b.displacement() == price_delta<N>{});
  auto a = b.execute(side::short_, quantity{25.0_dec}, price{d100});
  REQUIRE(a);
  CHECK(a->average == price{99.2_dec});  // (10x100 + 10x99 + 5x98) / 25
  CHECK(!a->exhausted);
  CHECK(b.displacement() == price_delta{-2.0_dec});
  CHECK(b.left(side::long_, 2) == quantity{5.0_dec});
  auto c = b.execute(side::short_, quantity{30.0_dec}, price{d100});
  REQUIRE(c);
  CHECK(c->exhausted);  // 25 from levels 2-4, 5 at the last level's price
  CHECK(c->average == price{96.66666666_dec});  // 2900 / 30, down
  CHECK(b.displacement() == price_delta{-5.0_dec});
  // 25 new a step (0.5 x 10 x 5 levels), nearest the price first: levels 4,
  // 3, then half of 2; the price walks back two levels
  b.recover();
  CHECK(b.displacement() == price_delta<N>{-2.0_dec});
  CHECK(b.left(side::long_, 4) == quantity<N>{10.0_dec});
  CHECK(b.left(side::long_, 2) == quantity<N>{5.0_dec});
  CHECK(b.left(side::long_, 1) == quantity<N>{});
  b.recover();  // levels 1, 0, then the rest of 2
  CHECK(b.displacement() == price_delta<N>{});
  for (std::size_t k = 0; k < 5; ++k) CHECK(b.left(side::long_, k) == quantity<N>{10.0_dec});
  b.recover();  // full: nothing changes
  CHECK(b.left(side::long_, 0) == quantity<N>{10.0_dec});
  // buys walk the asks the same way
  auto u = b.execute(side::long_, quantity{15.0_dec}, price{d100});
  REQUIRE(u);
  CHECK(u->average == price{100.33333334_dec});  // (1000 + 505) / 15, up
  CHECK(b.displacement() == price_delta{1.0_dec});
}

TEST_CASE("impact models: bad parameters and bad orders") {
  CHECK(sim::linear_impact<N>{price_delta{-1.0_dec}, rate<N>{}}.validate() == failure{errc::negative_amount});
  CHECK(sim::linear_impact<N>{price_delta{1.0_dec}, rate{1.5_dec}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::linear_impact<N>{price_delta{1.0_dec}, rate{-0.5_dec}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::sqrt_impact<N>{rate{-0.1_dec}, quantity{1.0_dec}, rate<N>{}}.validate() == failure{errc::negative_amount});
  CHECK(sim::sqrt_impact<N>{rate{0.1_dec}, quantity<N>{}, rate<N>{}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::sqrt_impact<N>{rate{0.1_dec}, quantity{1.0_dec}, rate{2.0_dec}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::order_book<N>{price_delta{1.0_dec}, quantity{-1.0_dec}, 5, rate<N>{}}.validate() == failure{errc::negative_amount});
  CHECK(sim::order_book<N>{price_delta<N>{}, quantity{1.0_dec}, 5, rate<N>{}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::order_book<N>{price_delta{-1.0_dec}, quantity{1.0_dec}, 5, rate<N>{}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::order_book<N>{price_delta{1.0_dec}, quantity{1.0_dec}, 0, rate<N>{}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::order_book<N>{price_delta{1.0_dec}, quantity{1.0_dec}, 5, rate{1.01_dec}}.validate() == failure{errc::invalid_argument});
  CHECK(sim::order_book<N>{price_delta{1.0_dec}, quantity<N>{}, 5, rate<N>{}}.validate() == failure{errc::invalid_argument});

  sim::linear_impact<N> m{price_delta{0.5_dec}, rate<N>{}};
  CHECK(m.execute(side::short_, quantity<N>{}, price{d100}) == failure{errc::non_positive_quantity});
  CHECK(m.execute(side::short_, quantity{-1.0_dec}, price{d100}) == failure{errc::non_positive_quantity});
  CHECK(m.execute(side::short_, quantity{1.0_dec}, price<N>{}) == failure{errc::non_positive_price});
  CHECK(m.execute(static_cast<side>(0), quantity{1.0_dec}, price{d100}) == failure{errc::invalid_argument});
  CHECK(m.displacement() == price_delta<N>{});  // nothing moved on an error
  sim::order_book<N> b{price_delta{60.0_dec}, quantity{1.0_dec}, 2, rate<N>{}};
  CHECK(b.execute(side::short_, quantity{1.0_dec}, price{-5.0_dec}) == failure{errc::non_positive_price});
  // the backstop level below zero: refused rather than filled at a negative price
  CHECK(b.execute(side::short_, quantity{5.0_dec}, price{50.0_dec}) == failure{errc::non_positive_price});
}
