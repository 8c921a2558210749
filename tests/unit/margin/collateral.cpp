// Tests for solvency/margin/collateral.hpp: haircut collateral value, rounded
// down; borrowed balances at full value; equity; bad input case by case.
#include <solvency/margin/collateral.hpp>

#include "check.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

namespace {
__extension__ typedef __int128 i128;

constexpr collateral_asset<dec> asset(dec balance, dec px, dec haircut) {
  return {balance, price{px}, rate{haircut}};
}

// A multi-collateral wallet (DERIVED example; venues.md 11 gives the rule,
// not a worked number): BTC 5% haircut, ETH 10%, USDT none, borrowed USDC.
constexpr std::array<collateral_asset<dec>, 4> wallet{
    asset(1.0_dec, 60000.0_dec, 0.05_dec),   // 57,000
    asset(10.0_dec, 3000.0_dec, 0.1_dec),    // 27,000
    asset(5000.0_dec, 1.0_dec, 0.0_dec),     //  5,000
    asset(-2000.0_dec, 1.0_dec, 0.02_dec),   // -2,000: a debt, no haircut benefit
};
}  // namespace

TEST_CASE("collateral value and equity: sum of balance x price x (1 - haircut), plus PnL") {
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(wallet[0]).value() == money{57000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(wallet[1]).value() == money{27000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(wallet).value() == money{87000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_equity(wallet, money{-1500.0_dec}).value() == money{85500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(std::span{wallet}.first(2)).value() == money{84000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(std::span<const collateral_asset<dec>>{}).value() == money{0.0_dec});
}

TEST_CASE("borrowed balances count at full value: a haircut never shrinks a debt") {
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(asset(-1.0_dec, 60000.0_dec, 0.05_dec)).value() == money{-60000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(wallet[3]).value() == money{-2000.0_dec});
  // the same asset held and owed does not net to a gain
  constexpr std::array<collateral_asset<dec>, 2> both{asset(1.0_dec, 60000.0_dec, 0.05_dec),
                                                      asset(-1.0_dec, 60000.0_dec, 0.05_dec)};
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(both).value() == money{-3000.0_dec});
  // rounding of a debt: down, i.e. a larger debt
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(asset(-0.00000001_dec, 0.5_dec, 0.0_dec)).value() ==
                           money{-0.00000001_dec});
  SOLVENCY_CHECK_CONSTEXPR(collateral_value(asset(0.00000001_dec, 0.5_dec, 0.0_dec)).value() == money{0.0_dec});
}

TEST_CASE("bad collateral, case by case") {
  CHECK(collateral_value(asset(1.0_dec, 100.0_dec, 1.0_dec)).error() == errc::invalid_argument);
  CHECK(collateral_value(asset(1.0_dec, 100.0_dec, 1.5_dec)).error() == errc::invalid_argument);
  CHECK(collateral_value(asset(1.0_dec, 100.0_dec, -0.01_dec)).error() == errc::invalid_argument);
  CHECK(collateral_value(asset(-1.0_dec, 100.0_dec, 1.0_dec)).error() == errc::invalid_argument);
  CHECK(collateral_value(asset(1.0_dec, 0.0_dec, 0.1_dec)).error() == errc::non_positive_price);
  CHECK(collateral_value(asset(1.0_dec, -3.0_dec, 0.1_dec)).error() == errc::non_positive_price);
  CHECK(collateral_value(asset(dec::error_value(errc::overflow), 1.0_dec, 0.1_dec)).error() == errc::overflow);
  CHECK(collateral_value(asset(90000000000.0_dec, 90000000000.0_dec, 0.0_dec)).error() == errc::overflow);
  std::array<collateral_asset<dec>, 3> one_bad = {wallet[0], asset(1.0_dec, 1.0_dec, 1.0_dec), wallet[1]};
  CHECK(collateral_value(one_bad).error() == errc::invalid_argument);
  CHECK(collateral_equity(wallet, money{dec::error_value(errc::division_by_zero)}).error() == errc::division_by_zero);
  CHECK(collateral_equity(wallet, money{dec::max()}).error() == errc::overflow);
  const collateral_asset<double> nan_price{1.0, price{std::nan("")}, rate{0.1}};
  CHECK(collateral_value(nan_price).error() == errc::not_a_number);
  const collateral_asset<double> nan_haircut{1.0, price{2.0}, rate{std::nan("")}};
  CHECK(collateral_value(nan_haircut).error() == errc::not_a_number);
  const collateral_asset<double> inf_balance{std::numeric_limits<double>::infinity(), price{2.0}, rate{0.1}};
  CHECK(collateral_value(inf_balance).error() == errc::infinite);
  const std::array<collateral_asset<double>, 2> dbl{collateral_asset<double>{1.0, price{60000.0}, rate{0.05}},
                                                    collateral_asset<double>{-2000.0, price{1.0}, rate{0.02}}};
  CHECK(collateral_value(dbl).value().value() == doctest::Approx(55000.0));
}

TEST_CASE("collateral value rounds down: at most one unit below the exact floor (generated)") {
  rng g{341};
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t b = static_cast<std::int64_t>(g.below(1'000'000'000'000)) * ((g.next() & 1u) ? 1 : -1);
    const std::int64_t p = 1 + static_cast<std::int64_t>(g.below(10'000'000'000'000));  // up to 100,000
    const std::int64_t h = static_cast<std::int64_t>(g.below(100'000'000));               // [0, 1)
    const collateral_asset<dec> a{dec::from_raw(b), price{dec::from_raw(p)}, rate{dec::from_raw(h)}};
    const std::int64_t v = collateral_value(a).value().value().raw();
    const auto floor_div = [](i128 n, i128 d) { return n >= 0 ? n / d : -((-n + d - 1) / d); };
    if (b < 0) {
      REQUIRE(v == static_cast<std::int64_t>(floor_div(static_cast<i128>(b) * p, 100'000'000)));
    } else {
      const i128 exact = static_cast<i128>(b) * p * (100'000'000 - h);  // scale 1e24
      const i128 fl = floor_div(exact, static_cast<i128>(10'000'000'000'000'000));
      REQUIRE(v <= fl);
      REQUIRE(v >= fl - 1);
    }
  }
}
