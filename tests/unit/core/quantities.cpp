// Tests for solvency/core/quantities.hpp: the meaningful operations give the
// right kinds and values; the meaningless ones do not compile (see also
// tests/static/quantities.cpp and tests/compile_fail/).
#include <solvency/core/quantities.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;

TEST_CASE("affine prices: subtract to a delta, add a delta back") {
  constexpr price p{100.0_dec}, q{90.5_dec};
  SOLVENCY_CHECK_CONSTEXPR((p - q) == price_delta{9.5_dec});
  SOLVENCY_CHECK_CONSTEXPR(q + (p - q) == p);
  SOLVENCY_CHECK_CONSTEXPR((p - q) + q == p);
  SOLVENCY_CHECK_CONSTEXPR(p - (p - q) == q);
  SOLVENCY_CHECK_CONSTEXPR(price<dec>::from_delta(price_delta{5.0_dec}) == price{5.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p > q && !(p < q));
}

TEST_CASE("products and ratios carry their kinds and round as asked") {
  constexpr quantity size{0.003_dec};
  constexpr price px{30001.0_dec};
  static_assert(std::is_same_v<decltype(mul<round::up>(size, px)), money<dec>>);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(size, px) == money{90.003_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(money{90.003_dec}, rate{0.004_dec}) == money{0.36001200_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(money{1.0_dec}, rate{0.33333333_dec}) == money{0.33333333_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(money{10.0_dec}, money{3.0_dec}) == rate{3.33333334_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(money{10.0_dec}, rate{3.0_dec}) == money{3.33333333_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(money{10.0_dec}, quantity{4.0_dec}) == price_delta{2.5_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(money{100.0_dec}, price{40000.0_dec}) == quantity{0.0025_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(price_delta{50.0_dec}, price{40000.0_dec}) == rate{0.00125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(quantity{10.0_dec}, rate{0.2_dec}) == quantity{2.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(quantity{2.0_dec}, price_delta{-3.5_dec}) == money{-7.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(price{200.0_dec}, rate{0.005_dec}) == price_delta{1.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(price_delta{200.0_dec}, rate{0.005_dec}) == price_delta{1.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(rate{0.5_dec}, rate{0.5_dec}) == rate{0.25_dec});
}

TEST_CASE("additive kinds") {
  money<dec> m{1.0_dec};
  m += money{2.5_dec};
  m -= money{0.5_dec};
  CHECK(m == money{3.0_dec});
  CHECK(-m == money{-3.0_dec});
  CHECK(quantity{1.0_dec} + quantity{2.0_dec} == quantity{3.0_dec});
  CHECK(rate{0.01_dec} + rate{0.005_dec} == rate{0.015_dec});
  CHECK(!(money{dec::max()} + money{dec::max()}).is_valid());
}

TEST_CASE("ticks and lots") {
  SOLVENCY_CHECK_CONSTEXPR(round_to_tick<round::up>(price{190.2926_dec}, price_delta{0.5_dec}) == price{190.5_dec});
  SOLVENCY_CHECK_CONSTEXPR(round_to_tick<round::down>(price{190.2926_dec}, price_delta{0.1_dec}) == price{190.2_dec});
  SOLVENCY_CHECK_CONSTEXPR(round_to_lot<round::down>(quantity{0.0037_dec}, quantity{0.001_dec}) == quantity{0.003_dec});
}

TEST_CASE("the kinds work over double too") {
  constexpr price p{100.0}, q{90.0};
  SOLVENCY_CHECK_CONSTEXPR((p - q) == price_delta{10.0});
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(quantity{2.0}, p) == money{200.0});
  CHECK(!money{1.0 / 0.0 * 0.0}.is_valid());
}
