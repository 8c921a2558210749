// Tests for solvency/core/position.hpp: value, notional and PnL for every
// contract kind, checked against exact arithmetic on generated positions.
#include <solvency/core/position.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

namespace {
__extension__ typedef __int128 i128;

constexpr position<dec> linear_long{side::long_, quantity{2.0_dec}, price{100.0_dec}, linear_contract(1.0_dec)};
constexpr position<dec> inverse_long{side::long_, quantity{10.0_dec}, price{50000.0_dec}, inverse_contract(100.0_dec)};
constexpr position<dec> quanto_long{side::long_, quantity{100.0_dec}, price{2000.0_dec}, quanto_contract(0.000001_dec)};

constexpr position<dec> flip(position<dec> p) {
  p.side = opposite(p.side);
  return p;
}
}  // namespace

TEST_CASE("linear: value, notional and PnL") {
  SOLVENCY_CHECK_CONSTEXPR(pnl<round::down>(linear_long, price{110.5_dec}) == money{21.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(pnl<round::down>(flip(linear_long), price{110.5_dec}) == money{-21.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(notional<round::up>(linear_long, price{110.5_dec}) == money{221.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(position_value<round::up>(linear_long, price{110.5_dec}) == money{221.0_dec});
  // Binance-style lot: 0.001 BTC per contract
  constexpr position<dec> lots{side::short_, quantity{3.0_dec}, price{30000.0_dec}, linear_contract(0.001_dec)};
  SOLVENCY_CHECK_CONSTEXPR(pnl<round::down>(lots, price{29000.0_dec}) == money{3.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(notional<round::up>(lots, price{29000.0_dec}) == money{87.0_dec});
}

TEST_CASE("inverse: value in coin, notional in quote, PnL in coin") {
  // 10 contracts x 100 USD at 50,000 -> 40,000: 1000/50000 - 1000/40000 = -0.005 BTC
  SOLVENCY_CHECK_CONSTEXPR(pnl<round::down>(inverse_long, price{40000.0_dec}) == money{-0.005_dec});
  SOLVENCY_CHECK_CONSTEXPR(pnl<round::down>(flip(inverse_long), price{40000.0_dec}) == money{0.005_dec});
  SOLVENCY_CHECK_CONSTEXPR(position_value<round::down>(inverse_long, price{40000.0_dec}) == money{0.025_dec});
  SOLVENCY_CHECK_CONSTEXPR(notional<round::up>(inverse_long, price{40000.0_dec}) == money{1000.0_dec});
  // a non-terminating quotient: rounded in the asked direction, one unit apart at most
  constexpr money<dec> lo = pnl<round::down>(inverse_long, price{30000.0_dec});
  constexpr money<dec> hi = pnl<round::up>(inverse_long, price{30000.0_dec});
  // exact: 0.02 - 0.0333333333... = -0.01333333333...
  SOLVENCY_CHECK_CONSTEXPR(lo == money{-0.01333334_dec});
  SOLVENCY_CHECK_CONSTEXPR(hi == money{-0.01333333_dec});
}

TEST_CASE("quanto: a fixed multiplier in the settlement currency") {
  // 100 contracts x 0.000001 XBT per USD move, 2000 -> 2100: 0.01 XBT
  SOLVENCY_CHECK_CONSTEXPR(pnl<round::down>(quanto_long, price{2100.0_dec}) == money{0.01_dec});
  SOLVENCY_CHECK_CONSTEXPR(position_value<round::up>(quanto_long, price{2100.0_dec}) == money{0.21_dec});
}

TEST_CASE("validate rejects bad positions, case by case") {
  SOLVENCY_CHECK_CONSTEXPR(validate(linear_long).has_value());
  auto with = [](void (*f)(position<dec>&)) {
    position<dec> p = linear_long;
    f(p);
    return validate(p).error();
  };
  CHECK(with([](position<dec>& p) { p.size = quantity{0.0_dec}; }) == errc::non_positive_quantity);
  CHECK(with([](position<dec>& p) { p.size = quantity{-1.0_dec}; }) == errc::non_positive_quantity);
  CHECK(with([](position<dec>& p) { p.entry = price{0.0_dec}; }) == errc::non_positive_price);
  CHECK(with([](position<dec>& p) { p.entry = price{-5.0_dec}; }) == errc::non_positive_price);
  CHECK(with([](position<dec>& p) { p.spec.multiplier = 0.0_dec; }) == errc::non_positive_quantity);
  CHECK(with([](position<dec>& p) { p.side = static_cast<side>(0); }) == errc::invalid_argument);
  CHECK(with([](position<dec>& p) { p.spec.kind = static_cast<contract_kind>(7); }) == errc::invalid_argument);
  CHECK(with([](position<dec>& p) { p.size = quantity{dec::max() + dec::max()}; }) == errc::overflow);
  CHECK(with([](position<dec>& p) { p.entry = price{div<round::up>(1.0_dec, dec{})}; }) == errc::division_by_zero);
  CHECK(with([](position<dec>& p) { p.size = quantity{0.00000001_dec}; p.spec.multiplier = 0.5_dec; }) == errc::inexact);
  CHECK(with([](position<dec>& p) { p.size = quantity{dec::max()}; p.spec.multiplier = 2.0_dec; }) == errc::overflow);
  position<double> d{side::long_, quantity{1.0}, price{1.0 / 0.0 * 0.0}, contract<double>{}};
  CHECK(validate(d).error() == errc::not_a_number);
  d.entry = price{100.0};
  CHECK(validate(d).has_value());
}

TEST_CASE("linear PnL equals the exactly rounded product (generated)") {
  rng g{21};
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t size_raw = static_cast<std::int64_t>(g.below(1'000'000'000'000)) + 1;  // up to 10,000
    const std::int64_t entry_raw = static_cast<std::int64_t>(g.below(10'000'000'000'000)) + 1;  // up to 100,000
    const std::int64_t mark_raw = static_cast<std::int64_t>(g.below(10'000'000'000'000)) + 1;
    const position<dec> p{g.next() & 1u ? side::long_ : side::short_, quantity{dec::from_raw(size_raw)},
                          price{dec::from_raw(entry_raw)}, linear_contract(1.0_dec)};
    const price<dec> mark{dec::from_raw(mark_raw)};
    const i128 exact_scaled = static_cast<i128>(size_raw) * (mark_raw - entry_raw) * sign(p.side);  // x 1e16
    const i128 fl = exact_scaled >= 0 ? exact_scaled / 100'000'000
                                      : -((-exact_scaled + 99'999'999) / 100'000'000);
    const money<dec> down = pnl<round::down>(p, mark), up = pnl<round::up>(p, mark);
    if (fl > dec::max_raw || fl < dec::min_raw) {
      REQUIRE(!down.is_valid());
      continue;
    }
    REQUIRE(down.value().raw() == static_cast<std::int64_t>(fl));
    REQUIRE(up.value().raw() - down.value().raw() == (exact_scaled % 100'000'000 != 0 ? 1 : 0));
    // a long's gain is the short's loss, rounding mirrored
    REQUIRE(pnl<round::down>(flip(p), mark) == -up);
    REQUIRE(pnl<round::down>(p, p.entry) == money<dec>{});
  }
}

TEST_CASE("inverse PnL is the exact value rounded once (generated)") {
  rng g{22};
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t contracts = static_cast<std::int64_t>(g.below(100)) + 1;
    const position<dec> p{g.next() & 1u ? side::long_ : side::short_, quantity{dec::from_int(contracts)},
                          price{dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000'000)) + 100'000'000)},
                          inverse_contract(100.0_dec)};
    const price<dec> mark{dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000'000)) + 100'000'000)};
    const money<dec> down = pnl<round::down>(p, mark), up = pnl<round::up>(p, mark);
    // exact = s * F * (P - E) / (E * P); compare c <= exact as c*E*P <= 1e8 * s * F * (P - E) on raw values
    const i128 F = contracts * 100 * static_cast<i128>(dec::unit);
    const i128 E = p.entry.value().raw(), P = mark.value().raw();
    const i128 rhs = static_cast<i128>(dec::unit) * sign(p.side) * F * (P - E);
    const i128 c_down = down.value().raw(), c_up = up.value().raw();
    REQUIRE(c_down * E * P <= rhs);
    REQUIRE(c_up * E * P >= rhs);
    REQUIRE((c_down + 1) * E * P > rhs);  // the floor of the exact value
    REQUIRE((c_up - 1) * E * P < rhs);    // the ceiling of the exact value
    REQUIRE(c_up - c_down == (c_down * E * P == rhs ? 0 : 1));
    REQUIRE(pnl<round::down>(flip(p), mark) == -up);
  }
}

TEST_CASE("double instantiation agrees with the decimal one") {
  rng g{23};
  for (int i = 0; i < 20'000; ++i) {
    const dec size = dec::from_raw(static_cast<std::int64_t>(g.below(100'000'000'000)) + 1);
    const dec e = dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000'000)) + 100'000'000);
    const dec m = dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000'000)) + 100'000'000);
    for (contract_kind k : {contract_kind::linear, contract_kind::inverse, contract_kind::quanto}) {
      const contract<dec> c{k, k == contract_kind::inverse ? 100.0_dec : 1.0_dec};
      const position<dec> pd{side::short_, quantity{size}, price{e}, c};
      const position<double> pf{side::short_, quantity{size.to_double()}, price{e.to_double()},
                                contract<double>{k, c.multiplier.to_double()}};
      const double a = pnl<round::down>(pd, price{m}).value().to_double();
      const double b = pnl<round::down>(pf, price{m.to_double()}).value();
      REQUIRE(std::abs(a - b) <= 2e-8 + 1e-12 * std::abs(b));
    }
  }
}
