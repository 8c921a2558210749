// Tests for solvency/margin/tier_table.hpp: the deduction recurrence against
// the venues' published tables, the boundary rules, validation case by case,
// builders from venue rows and their text, and generated tables.
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

namespace {

constexpr tier_row<dec> row(dec cap, dec mmr, dec imr, dec lev) {
  return {cap, rate{mmr}, rate{imr}, rate{lev}, money<dec>{}, false};
}

// Binance BTCUSDT brackets as used in 2021 (venues.md 1.1, BN-M3), in the
// API's own row format, cum stated.
constexpr std::array<binance_bracket<dec>, 10> btcusdt_2021_brackets{{
    {0.0_dec, 50000.0_dec, 0.004_dec, 0.0_dec, 125.0_dec},
    {50000.0_dec, 250000.0_dec, 0.005_dec, 50.0_dec, 100.0_dec},
    {250000.0_dec, 1000000.0_dec, 0.01_dec, 1300.0_dec, 50.0_dec},
    {1000000.0_dec, 10000000.0_dec, 0.025_dec, 16300.0_dec, 20.0_dec},
    {10000000.0_dec, 20000000.0_dec, 0.05_dec, 266300.0_dec, 10.0_dec},
    {20000000.0_dec, 50000000.0_dec, 0.1_dec, 1266300.0_dec, 5.0_dec},
    {50000000.0_dec, 100000000.0_dec, 0.125_dec, 2516300.0_dec, 4.0_dec},
    {100000000.0_dec, 200000000.0_dec, 0.15_dec, 5016300.0_dec, 3.0_dec},
    {200000000.0_dec, 300000000.0_dec, 0.25_dec, 25016300.0_dec, 2.0_dec},
    {300000000.0_dec, 500000000.0_dec, 0.5_dec, 100016300.0_dec, 1.0_dec},
}};
constexpr auto btcusdt_2021 = tiers_from(btcusdt_2021_brackets).value();

// The same caps and rates with no deduction stated: the recurrence alone.
constexpr auto btcusdt_2021_computed = make_tier_table(std::array{
    row(50000.0_dec, 0.004_dec, 0.008_dec, 125.0_dec), row(250000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec),
    row(1000000.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(10000000.0_dec, 0.025_dec, 0.05_dec, 20.0_dec),
    row(20000000.0_dec, 0.05_dec, 0.1_dec, 10.0_dec), row(50000000.0_dec, 0.1_dec, 0.2_dec, 5.0_dec),
    row(100000000.0_dec, 0.125_dec, 0.25_dec, 4.0_dec), row(200000000.0_dec, 0.15_dec, 0.33333334_dec, 3.0_dec),
    row(300000000.0_dec, 0.25_dec, 0.5_dec, 2.0_dec), row(500000000.0_dec, 0.5_dec, 1.0_dec, 1.0_dec)}).value();

// Bybit BTCUSDT risk limits, API snapshot (venues.md 3.1, BY-M1), deductions stated.
constexpr std::array<bybit_risk_limit<dec>, 9> bybit_btcusdt_rows{{
    {2000000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec, 0.0_dec},
    {2600000.0_dec, 0.0056_dec, 0.0111_dec, 90.0_dec, 1200.0_dec},
    {3200000.0_dec, 0.0063_dec, 0.0125_dec, 80.0_dec, 3020.0_dec},
    {3800000.0_dec, 0.0067_dec, 0.0133_dec, 75.0_dec, 4300.0_dec},
    {4400000.0_dec, 0.0071_dec, 0.0143_dec, 70.0_dec, 5820.0_dec},
    {5000000.0_dec, 0.0077_dec, 0.0154_dec, 65.0_dec, 8460.0_dec},
    {5600000.0_dec, 0.0091_dec, 0.0182_dec, 55.0_dec, 15460.0_dec},
    {8500000.0_dec, 0.01_dec, 0.02_dec, 50.0_dec, 20500.0_dec},
    {10000000.0_dec, 0.013_dec, 0.0222_dec, 45.0_dec, 46000.0_dec},
}};
constexpr auto bybit_btcusdt = tiers_from(bybit_btcusdt_rows).value();

constexpr std::array<bybit_risk_limit<dec>, 9> without_deductions(std::array<bybit_risk_limit<dec>, 9> rows) {
  for (auto& r : rows) r.has_mm_deduction = false;
  return rows;
}
constexpr auto bybit_btcusdt_computed = tiers_from(without_deductions(bybit_btcusdt_rows)).value();

// Binance COIN-M BTCUSD, older page (venues.md 2, BC-M2, BC-M3). The page
// prints "Level 5 = 50 BTC x (5% - 2.5%) + 0.56 BTC = 1.81 BTC" and 300 BTC ->
// 12.5%, 11.81 BTC; the floors below 50 BTC are not printed: 10/20/30 BTC at
// 0.4/0.5/1% are chosen to give the printed 0.56, and the floors 100 and 200
// are inferred as in venues.md.
constexpr auto btcusd_coinm = make_tier_table(std::array{
    row(10.0_dec, 0.004_dec, 0.008_dec, 125.0_dec), row(20.0_dec, 0.005_dec, 0.01_dec, 100.0_dec),
    row(30.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(50.0_dec, 0.025_dec, 0.05_dec, 20.0_dec),
    row(100.0_dec, 0.05_dec, 0.1_dec, 10.0_dec), row(200.0_dec, 0.1_dec, 0.2_dec, 5.0_dec),
    row(400.0_dec, 0.125_dec, 0.25_dec, 4.0_dec)}).value();

// OKX 1INCHUSDT swap position tiers in contracts (announcement 2022-06-09,
// venues.md 6.1), as the API's strings.
constexpr std::array<okx_position_tier_text, 4> okx_1inch_text{{
    {"0", "1000", "0.01", "0.013", "75"},
    {"1001", "2500", "0.015", "0.02", "50"},
    {"2501", "65000", "0.02", "0.05", "20"},
    {"65001", "130000", "0.025", "0.055", "18.18"},
}};
constexpr std::array<okx_position_tier<dec>, 4> parse_okx(const std::array<okx_position_tier_text, 4>& text) {
  std::array<okx_position_tier<dec>, 4> out{};
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = parse_row<dec>(text[i]).value();
  return out;
}
constexpr auto okx_1inch = tiers_from(parse_okx(okx_1inch_text)).value();

// Hyperliquid BTC margin table (venues.md 8.1): 0-150M at 40x, from 150M at 20x.
constexpr auto hyperliquid_btc = tiers_from(std::array{hyperliquid_margin_tier<dec>{0.0_dec, 40.0_dec},
                                                       hyperliquid_margin_tier<dec>{150000000.0_dec, 20.0_dec}})
                                     .value();

template <std::size_t K>
constexpr bool deductions_are(const fixed_tier_table<dec, K>& t, const std::array<dec, K>& expected) {
  const auto v = t.view();
  if (!v) return false;
  for (std::size_t i = 0; i < K; ++i)
    if (!(v->deduction(i) == money{expected[i]}) || !(v->tier(i).deduction == money{expected[i]})) return false;
  return true;
}

constexpr errc error_of_table(std::span<const tier_row<dec>> rows, cap_rule rule = cap_rule::inclusive) {
  return tier_table_view<dec>::make(rows, rule).error();
}

}  // namespace

TEST_CASE("Binance BN-M1, BN-M2: the maintenance amount recurrence") {
  // BN-M1: 250,000 x (1% - 0.5%) + 50 = 1,300 USDT (level 3 of the table)
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.view()->deduction(1) == money{50.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.view()->deduction(2) == money{1300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021_computed.view()->deduction(2) == money{1300.0_dec});
  // BN-M2 (2020 table): 5,000,000 x (5% - 2.5%) + 16,300 = 141,300 USDT; the
  // rows below 5M are those that give 16,300 at 2.5% (as in the 2021 table).
  constexpr auto btcusdt_2020 = make_tier_table(std::array{
      row(50000.0_dec, 0.004_dec, 0.008_dec, 125.0_dec), row(250000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec),
      row(1000000.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(5000000.0_dec, 0.025_dec, 0.05_dec, 20.0_dec),
      row(10000000.0_dec, 0.05_dec, 0.1_dec, 10.0_dec)}).value();
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2020.view()->deduction(3) == money{16300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2020.view()->deduction(4) == money{141300.0_dec});
}

TEST_CASE("Binance BN-M3: all ten cum values of the 2021 BTCUSDT table") {
  constexpr std::array<dec, 10> cum{0.0_dec,      50.0_dec,      1300.0_dec,     16300.0_dec,     266300.0_dec,
                                    1266300.0_dec, 2516300.0_dec, 5016300.0_dec, 25016300.0_dec, 100016300.0_dec};
  // stated by the venue and checked against the recurrence ...
  SOLVENCY_CHECK_CONSTEXPR(deductions_are(btcusdt_2021, cum));
  // ... and produced by the recurrence from the rates alone
  SOLVENCY_CHECK_CONSTEXPR(deductions_are(btcusdt_2021_computed, cum));
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.rows == btcusdt_2021_computed.rows);
  // The page's lookups: 264,000 USDT -> MMR 1%; 500,000 USDT -> 1,300 USDT.
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.tier_of(264000.0_dec)->maintenance == rate{0.01_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.tier_of(500000.0_dec)->deduction == money{1300.0_dec});
  // 1 / initialLeverage is the IMR; 1/3 rounds up
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.rows[7].initial == rate{0.33333334_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusdt_2021.rows[0].max_leverage == rate{125.0_dec});
}

TEST_CASE("Binance COIN-M BC-M2, BC-M3: the recurrence in coin") {
  SOLVENCY_CHECK_CONSTEXPR(btcusd_coinm.view()->deduction(3) == money{0.56_dec});
  // BC-M2: 50 x (5% - 2.5%) + 0.56 = 1.81 BTC
  SOLVENCY_CHECK_CONSTEXPR(btcusd_coinm.view()->deduction(4) == money{1.81_dec});
  // BC-M3: floors 100 (10%) and 200 (12.5%): 6.81, then 11.81; 300 BTC -> 12.5%, 11.81
  SOLVENCY_CHECK_CONSTEXPR(btcusd_coinm.view()->deduction(5) == money{6.81_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusd_coinm.tier_of(300.0_dec)->maintenance == rate{0.125_dec});
  SOLVENCY_CHECK_CONSTEXPR(btcusd_coinm.tier_of(300.0_dec)->deduction == money{11.81_dec});
}

TEST_CASE("Bybit BY-M1: the eight deductions, and the <= riskLimitValue boundary") {
  constexpr std::array<dec, 9> ded{0.0_dec,    1200.0_dec,  3020.0_dec,  4300.0_dec, 5820.0_dec,
                                   8460.0_dec, 15460.0_dec, 20500.0_dec, 46000.0_dec};
  SOLVENCY_CHECK_CONSTEXPR(deductions_are(bybit_btcusdt, ded));
  SOLVENCY_CHECK_CONSTEXPR(deductions_are(bybit_btcusdt_computed, ded));
  // "position value <= 2,000,000 -> MMR 0.5%; 2,600,000 -> 0.56%"
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.tier_of(2000000.0_dec)->maintenance == rate{0.005_dec});
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.tier_of(2600000.0_dec)->maintenance == rate{0.0056_dec});
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.tier_of(2000000.00000001_dec)->maintenance == rate{0.0056_dec});
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.tier_of(2600000.00000001_dec)->maintenance == rate{0.0063_dec});
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.rule == cap_rule::inclusive);
  // the tier's range: (2,000,000, 2,600,000], cap included
  constexpr margin_tier<dec> t2 = bybit_btcusdt.tier_of(2600000.0_dec).value();
  SOLVENCY_CHECK_CONSTEXPR(t2.lower == 2000000.0_dec && t2.upper == 2600000.0_dec && !t2.unbounded);
  SOLVENCY_CHECK_CONSTEXPR(t2.contains(2600000.0_dec) && !t2.contains(2000000.0_dec));
  // beyond the last cap: the last tier, open-ended
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.tier_of(50000000.0_dec)->maintenance == rate{0.013_dec});
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.tier_of(50000000.0_dec)->unbounded);
  SOLVENCY_CHECK_CONSTEXPR(bybit_btcusdt.limit() == 10000000.0_dec);
}

TEST_CASE("OKX 1INCHUSDT position tiers: integer contract ranges, no deduction") {
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.rows[3].max_leverage == rate{18.18_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(1000.0_dec)->maintenance == rate{0.01_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(1001.0_dec)->maintenance == rate{0.015_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(2500.0_dec)->initial == rate{0.02_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(2501.0_dec)->initial == rate{0.05_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(65000.0_dec)->max_leverage == rate{20.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(65001.0_dec)->maintenance == rate{0.025_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(130000.0_dec)->initial == rate{0.055_dec});
  // a fractional size between two integer ranges goes up: (1000, 2500]
  SOLVENCY_CHECK_CONSTEXPR(okx_1inch.tier_of(1000.5_dec)->maintenance == rate{0.015_dec});
}

TEST_CASE("Hyperliquid: MMR = 1/(2 maxLev), lowerBound starts a tier, BTC tier-2 deduction 1,875,000") {
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.rule == cap_rule::exclusive);
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.rows[0].maintenance == rate{0.0125_dec});  // 40x
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.rows[1].maintenance == rate{0.025_dec});   // 20x
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.rows[1].initial == rate{0.05_dec});
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.view()->deduction(1) == money{1875000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.tier_of(149999999.99999999_dec)->maintenance == rate{0.0125_dec});
  SOLVENCY_CHECK_CONSTEXPR(hyperliquid_btc.tier_of(150000000.0_dec)->maintenance == rate{0.025_dec});
  constexpr margin_tier<dec> t1 = hyperliquid_btc.tier_of(0.0_dec).value();
  SOLVENCY_CHECK_CONSTEXPR(!t1.upper_inclusive && t1.contains(0.0_dec) && !t1.contains(150000000.0_dec));
  // 3x -> 16.67% (1/6 rounded up at eight decimals); 20x and 40x as printed
  constexpr auto three = tiers_from(std::array{hyperliquid_margin_tier<dec>{0.0_dec, 3.0_dec}}).value();
  SOLVENCY_CHECK_CONSTEXPR(three.rows[0].maintenance == rate{0.16666667_dec});
  SOLVENCY_CHECK_CONSTEXPR(three.tier_of(90000000000.0_dec)->unbounded);
}

TEST_CASE("run-time views over caller-owned rows, from venue text") {
  // as a JSON response would give them; parsed at run time into a caller buffer
  const std::array<bybit_risk_limit_text, 3> text{{
      {"2000000", "0.005", "0.01", "100", "0"},
      {"2600000", "0.0056", "0.0111", "90", ""},  // no deduction stated: computed
      {"3200000", "0.0063", "0.0125", "80", "3020"},
  }};
  std::array<bybit_risk_limit<dec>, 3> rows{};
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = parse_row<dec>(text[i]).value();
  CHECK(!rows[1].has_mm_deduction);
  std::array<tier_row<dec>, 8> buffer{};
  const auto view = tiers_from(rows, buffer);
  REQUIRE(view.has_value());
  CHECK(view->size() == 3);
  CHECK(view->deduction(1) == money{1200.0_dec});
  CHECK(view->tier_of(3000000.0_dec)->deduction == money{3020.0_dec});
  // the same answers as the compile-time table, row by row
  for (dec x : {0.0_dec, 1.0_dec, 2000000.0_dec, 2000000.00000001_dec, 2600000.0_dec, 3100000.0_dec})
    CHECK(view->tier_of(x).value().deduction == bybit_btcusdt.tier_of(x).value().deduction);

  // a wrong stated deduction in the text is caught
  std::array<bybit_risk_limit_text, 2> bad{{{"2000000", "0.005", "0.01", "100", "0"},
                                            {"2600000", "0.0056", "0.0111", "90", "1201"}}};
  std::array<bybit_risk_limit<dec>, 2> bad_rows{parse_row<dec>(bad[0]).value(), parse_row<dec>(bad[1]).value()};
  CHECK(tiers_from(bad_rows, buffer).error() == errc::deduction_mismatch);
  // text that is not a number, or has too many decimals
  CHECK(parse_row<dec>(bybit_risk_limit_text{"2e6", "0.005", "x", "100", "0"}).error() == errc::malformed_number);
  CHECK(parse_row<dec>(binance_bracket_text{"0", "5e4", "0.0040000001", "0", "125"}).error() == errc::inexact);
  CHECK(parse_row<dec>(hyperliquid_margin_tier_text{"0.0", "40"})->max_leverage == 40.0_dec);
  // a buffer too short
  std::array<tier_row<dec>, 2> small{};
  CHECK(tiers_from(btcusdt_2021_brackets, small).error() == errc::size_mismatch);
}

TEST_CASE("fill_deductions completes run-time rows in place") {
  std::array<tier_row<dec>, 3> rows{row(100.0_dec, 0.01_dec, 0.02_dec, 50.0_dec),
                                    row(200.0_dec, 0.02_dec, 0.04_dec, 25.0_dec),
                                    row(300.0_dec, 0.05_dec, 0.1_dec, 10.0_dec)};
  REQUIRE(fill_deductions(std::span{rows}).has_value());
  CHECK(rows[1].deduction_stated);
  CHECK(rows[1].deduction == money{1.0_dec});  // 100 x 1%
  CHECK(rows[2].deduction == money{7.0_dec});  // 1 + 200 x 3%
  // a view over rows with nothing stated computes the same on the fly
  std::array<tier_row<dec>, 3> raw{row(100.0_dec, 0.01_dec, 0.02_dec, 50.0_dec),
                                   row(200.0_dec, 0.02_dec, 0.04_dec, 25.0_dec),
                                   row(300.0_dec, 0.05_dec, 0.1_dec, 10.0_dec)};
  const auto v = tier_table_view<dec>::make(raw);
  REQUIRE(v.has_value());
  CHECK(v->deduction(2) == money{7.0_dec});
}

TEST_CASE("bad tables, case by case") {
  const auto good = [] {
    return std::array{row(100.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(200.0_dec, 0.02_dec, 0.04_dec, 25.0_dec)};
  };
  CHECK(error_of_table({}) == errc::empty_table);
  CHECK(tier_table_view<dec>{}.tier_of(1.0_dec).error() == errc::empty_table);
  CHECK(make_tier_table(std::array<tier_row<dec>, 0>{}).error() == errc::empty_table);
  {
    auto t = good();
    CHECK(error_of_table(t) == errc{});
    t[1].cap = 100.0_dec;  // caps not strictly increasing
    CHECK(error_of_table(t) == errc::table_not_increasing);
    t[1].cap = 50.0_dec;
    CHECK(error_of_table(t) == errc::table_not_increasing);
  }
  {
    auto t = good();
    t[1].maintenance = rate{0.005_dec};  // maintenance rate falls
    CHECK(error_of_table(t) == errc::table_not_increasing);
  }
  {
    auto t = good();
    t[1].maintenance = rate{0.01_dec};  // equal to the tier below: allowed
    t[1].initial = rate{0.015_dec};      // initial rate falls (still above its MMR)
    CHECK(error_of_table(t) == errc::table_not_increasing);
  }
  {
    auto t = good();
    t[1].max_leverage = rate{60.0_dec};  // leverage rises
    CHECK(error_of_table(t) == errc::table_not_increasing);
  }
  {
    auto t = good();
    t[0].initial = rate{0.005_dec};  // initial below maintenance
    CHECK(error_of_table(t) == errc::invalid_argument);
  }
  {
    auto t = good();
    t[0].cap = 0.0_dec;
    CHECK(error_of_table(t) == errc::invalid_argument);
    t[0].cap = -5.0_dec;
    CHECK(error_of_table(t) == errc::invalid_argument);
  }
  {
    auto t = good();
    t[0].maintenance = rate{0.0_dec};
    CHECK(error_of_table(t) == errc::invalid_argument);
  }
  {
    auto t = good();
    t[1].initial = rate{1.5_dec};
    CHECK(error_of_table(t) == errc::invalid_argument);
    t[1].initial = rate{0.04_dec};
    t[1].max_leverage = rate{0.5_dec};
    CHECK(error_of_table(t) == errc::invalid_argument);
  }
  {
    auto t = good();
    t[1].deduction = money{1.00000001_dec};  // the recurrence gives exactly 1
    t[1].deduction_stated = true;
    CHECK(error_of_table(t) == errc::deduction_mismatch);
    t[1].deduction = money{1.0_dec};
    CHECK(error_of_table(t) == errc{});
    t[0].deduction = money{0.5_dec};  // the first tier's deduction is zero
    t[0].deduction_stated = true;
    CHECK(error_of_table(t) == errc::deduction_mismatch);
  }
  {
    auto t = good();
    t[1].cap = dec::max() + dec::max();
    CHECK(error_of_table(t) == errc::overflow);
  }
  // builders' own checks
  auto brackets = btcusdt_2021_brackets;
  brackets[3].notional_floor = 999999.0_dec;  // a gap between brackets
  std::array<tier_row<dec>, 10> buf{};
  CHECK(tiers_from(brackets, buf).error() == errc::invalid_argument);
  brackets = btcusdt_2021_brackets;
  brackets[4].cum = 266301.0_dec;
  CHECK(tiers_from(brackets, buf).error() == errc::deduction_mismatch);
  CHECK(tiers_from(std::array{hyperliquid_margin_tier<dec>{1.0_dec, 40.0_dec}}).error() == errc::invalid_argument);
  CHECK(tiers_from(std::array{hyperliquid_margin_tier<dec>{0.0_dec, 0.0_dec}}).error() == errc::invalid_argument);
  CHECK(tiers_from(std::array{okx_position_tier<dec>{0.0_dec, 10.0_dec, 0.01_dec, 0.02_dec, 50.0_dec},
                              okx_position_tier<dec>{12.0_dec, 20.0_dec, 0.02_dec, 0.04_dec, 25.0_dec}})
            .error() == errc::invalid_argument);
  // a lookup of a negative value, or of an error value
  CHECK(bybit_btcusdt.tier_of(-1.0_dec).error() == errc::invalid_argument);
  CHECK(bybit_btcusdt.tier_of(dec::error_value(errc::overflow)).error() == errc::overflow);
  CHECK(bybit_btcusdt.view()->index_of(-1.0_dec).error() == errc::invalid_argument);
}

TEST_CASE("double tables: NaN rejected, tolerant deduction check, same lookups") {
  std::array<tier_row<double>, 2> t{tier_row<double>{2000000.0, rate{0.005}, rate{0.01}, rate{100.0}, money{0.0}, true},
                                    tier_row<double>{2600000.0, rate{0.0056}, rate{0.0111}, rate{90.0}, money{1200.0}, true}};
  // 2,000,000 x (0.0056 - 0.005) is not exactly 1200 in binary
  CHECK(tier_table_view<double>::make(t).has_value());
  t[1].deduction = money{1200.01};
  CHECK(tier_table_view<double>::make(t).error() == errc::deduction_mismatch);
  t[1].deduction = money{1200.0};
  t[1].maintenance = rate{std::nan("")};
  CHECK(tier_table_view<double>::make(t).error() == errc::not_a_number);
  t[1].maintenance = rate{0.0056};
  t[0].cap = std::numeric_limits<double>::infinity();
  CHECK(tier_table_view<double>::make(t).error() == errc::infinite);
  t[0].cap = 2000000.0;
  const auto v = tier_table_view<double>::make(t).value();
  CHECK(v.tier_of(std::nan("")).error() == errc::not_a_number);
  CHECK(v.tier_of(2000000.0)->maintenance == rate{0.005});
  CHECK(v.tier_of(2000000.5)->maintenance == rate{0.0056});
}

TEST_CASE("generated tables: MM continuous at every boundary and non-decreasing (100,000 checks)") {
  rng g{301};
  int checks = 0;
  for (int table = 0; table < 2'500; ++table) {
    // up to 12 tiers; integer caps, rates in basis points: every product exact
    std::array<tier_row<dec>, 12> rows{};
    const std::size_t n = 1 + g.below(12);
    std::int64_t cap = 0, mmr_bp = 1 + static_cast<std::int64_t>(g.below(100));
    for (std::size_t i = 0; i < n; ++i) {
      cap += 1 + static_cast<std::int64_t>(g.below(5'000'000));
      mmr_bp += static_cast<std::int64_t>(g.below(300));
      const dec mmr = dec::from_raw(mmr_bp * 10'000);  // bp -> 1e-4
      rows[i] = row(dec::from_int(cap), mmr, mmr + mmr, 1.0_dec);  // at most 37% and 74%
    }
    std::span<tier_row<dec>> used(rows.data(), n);
    REQUIRE(fill_deductions(used).has_value());
    const auto view = tier_table_view<dec>::make(used).value();
    const auto mm_at = [&](dec x, std::size_t tier) {
      const margin_tier<dec> t = view.tier(tier);
      return mul<round::up>(x, t.maintenance.value()) - t.deduction.value();
    };
    for (std::size_t i = 0; i + 1 < n; ++i) {
      // the cap priced by its own tier and by the next one: the same MM
      REQUIRE(mm_at(rows[i].cap, i) == mm_at(rows[i].cap, i + 1));
      ++checks;
    }
    dec prev_x = 0.0_dec, prev_mm = 0.0_dec;
    for (int k = 0; k < 40; ++k) {
      const dec x = prev_x + dec::from_raw(static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>(cap / 10 + 1))) * 100'000'000 +
                                           static_cast<std::int64_t>(g.below(100'000'000)));
      const margin_tier<dec> t = view.tier_of(x).value();
      REQUIRE(t.contains(x));
      const dec mm = mul<round::up>(x, t.maintenance.value()) - t.deduction.value();
      REQUIRE(mm >= prev_mm);
      REQUIRE(mm >= 0.0_dec);
      prev_x = x;
      prev_mm = mm;
      ++checks;
    }
  }
  CHECK(checks >= 100'000);
}

namespace {
/// The tier of x by the definition: the first row whose cap holds x, else the last.
template <class N>
std::size_t first_holding(std::span<const tier_row<N>> rows, cap_rule rule, N x) {
  for (std::size_t i = 0; i + 1 < rows.size(); ++i)
    if (rule == cap_rule::inclusive ? !(rows[i].cap < x) : x < rows[i].cap) return i;
  return rows.size() - 1;
}
template <class N>
N num(double x) {
  if constexpr (std::is_same_v<N, double>)
    return x;
  else
    return N::template from_double<round::nearest_even>(x).value();
}
template <class N>
void check_lookups(rng& g, int& checks) {
  for (int table = 0; table < 400; ++table) {
    // 1 to 40 rows (counted up to 17, searched above), both cap rules
    std::array<tier_row<N>, 40> rows{};
    const std::size_t n = 1 + g.below(40);
    double cap = 0;
    for (std::size_t i = 0; i < n; ++i) {
      cap += static_cast<double>(1 + g.below(g.below(2) ? 10 : 1'000'000));
      const N mmr = num<N>(0.001 * static_cast<double>(i + 1) / 40.0);
      rows[i] = {num<N>(cap), rate<N>{mmr}, rate<N>{mmr + mmr}, rate<N>{from_int<N>(1)}, money<N>{}, false};
    }
    const std::span<tier_row<N>> used(rows.data(), n);
    REQUIRE(fill_deductions(used).has_value());
    for (const cap_rule rule : {cap_rule::inclusive, cap_rule::exclusive}) {
      const auto view = tier_table_view<N>::make(std::span<const tier_row<N>>(used), rule).value();
      for (int k = 0; k < 60; ++k) {
        // at a cap, just around it, or anywhere
        const N c = used[g.below(n)].cap;
        N x{};
        switch (g.below(4)) {
          case 0: x = c; break;
          case 1: x = c + num<N>(1e-8); break;
          case 2: x = c - num<N>(1e-8); break;
          default: x = num<N>(static_cast<double>(g.below(static_cast<std::uint64_t>(cap) + 2)));
        }
        if (x < N{}) x = N{};
        const std::size_t want = first_holding(std::span<const tier_row<N>>(used), rule, x);
        REQUIRE(view.index_of(x).value() == want);
        const margin_tier<N> t = view.tier_of(x).value();
        REQUIRE(t.maintenance == used[want].maintenance);
        REQUIRE(t.deduction == view.deduction(want));
        REQUIRE(t.contains(x));
        ++checks;
      }
    }
  }
}
}  // namespace

TEST_CASE("lookups (generated): 1 to 40 rows, both cap rules, values at and around the caps") {
  rng g{302};
  int checks = 0;
  check_lookups<dec>(g, checks);
  check_lookups<double>(g, checks);
  CHECK(checks >= 90'000);
}
