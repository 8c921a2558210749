// Tests for solvency/liquidation/price.hpp: every published isolated
// liquidation and bankruptcy number of venues.md (each once in a
// static_assert and once at run time, through SOLVENCY_CHECK_CONSTEXPR), the
// tier walk, the result states, rounding policies and bad input. The
// generated properties are in price_properties.cpp.
#include <solvency/liquidation/price.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

using namespace solvency;
using namespace solvency::literals;

namespace {

using solvency_test::near;

// --- positions, conventions, helpers -----------------------------------------

template <class N>
constexpr position<N> linear(side s, N size, N entry, N multiplier = from_int<N>(1)) {
  return {s, quantity<N>{size}, price<N>{entry}, linear_contract(multiplier)};
}
template <class N>
constexpr position<N> inverse(side s, N contracts, N entry, N face) {
  return {s, quantity<N>{contracts}, price<N>{entry}, inverse_contract(face)};
}
template <class N>
constexpr margined_position<N> backed(position<N> p, N margin, N extra = N{}) {
  return {p, money<N>{margin}, money<N>{extra}};
}

template <class N>
constexpr liquidation_convention<N> at_mark(close_fee fee = close_fee::excluded, N taker = N{}) {
  return {{measure_at::mark, fee, rate<N>{taker}}, {}, false};
}
template <class N>
constexpr liquidation_convention<N> at_entry(close_fee fee = close_fee::excluded, N taker = N{}) {
  return {{measure_at::entry, fee, rate<N>{taker}}, {}, false};
}
template <class N>
constexpr liquidation_convention<N> bybit_uta(N taker) {
  return {{measure_at::mark, close_fee::on_bankruptcy_value, rate<N>{taker}}, {}, true};
}

template <class N>
constexpr flat_margin<N> flat(N mmr) {
  return {rate<N>{mmr < from_int<N>(1) ? from_int<N>(1) : mmr}, rate<N>{mmr}};  // IMR irrelevant here: 100%
}

/// One tier with a deduction from the first notional on: freqtrade's
/// Binance vectors (MMR 1%, cum 0.01) and the Binance COIN-M page's single
/// position. The library's tables derive the first deduction as 0, so this
/// test model states it.
template <class N>
struct one_tier {
  using number_type = N;
  rate<N> mmr{};
  money<N> deduction{};
  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>&) const noexcept {
    margin_tier<N> t;
    t.maintenance = mmr;
    t.initial = mmr;
    t.deduction = deduction;
    return t;  // lower 0, unbounded
  }
};
static_assert(MarginModel<one_tier<dec>>);

using solvency_test::px;

constexpr price_delta<dec> no_tick{};
constexpr price_delta<double> no_tick_d{};
constexpr price_delta<dec> cent{0.01_dec};

// --- the library's tables ------------------------------------------------------

/// Binance BTCUSDT brackets of 2021 (venues.md 1.1): caps 50k ... 500M,
/// MMR 0.4% ... 50%, cum 0 ... 100,016,300 from the recurrence.
template <class N>
constexpr std::array<tier_row<N>, 10> btcusdt_rows() {
  const std::array<double, 10> caps{50e3, 250e3, 1e6, 10e6, 20e6, 50e6, 100e6, 200e6, 300e6, 500e6};
  const std::array<double, 10> mmr{0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5};
  const std::array<int, 10> lev{125, 100, 50, 20, 10, 5, 4, 3, 2, 1};
  std::array<tier_row<N>, 10> rows{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    N cap{}, m{};
    if constexpr (std::is_same_v<N, double>) {
      cap = caps[i];
      m = mmr[i];
    } else {
      cap = N::template from_double<round::nearest_even>(caps[i]).value();
      m = N::template from_double<round::nearest_even>(mmr[i]).value();
    }
    const N l = from_int<N>(lev[i]);
    rows[i] = {cap, rate<N>{m}, rate<N>{div<round::up>(from_int<N>(1), l)}, rate<N>{l}, {}, false};
  }
  return rows;
}
constexpr auto btcusdt = make_tier_table(btcusdt_rows<dec>()).value();
constexpr auto btcusdt_d = make_tier_table(btcusdt_rows<double>()).value();
using btcusdt_model = static_tiered_with_deduction<btcusdt>;
static_assert(btcusdt.rows[9].deduction == money{100016300.0_dec});  // BN-M3, the recurrence

}  // namespace

// ============================================================================
// Binance
// ============================================================================

TEST_CASE("Binance USD-M isolated: freqtrade's vectors (BN-I1..I4), MMR 1%, cum 0.01") {
  // WB = Q E / leverage, E = 10, Q = 1. Decimal: the margin 10/3 is held to 8
  // places (rounded down), so the answer is the conservative 8-place price of
  // that margin, within 2e-8 of the published double.
  constexpr one_tier<dec> m{rate{0.01_dec}, money{0.01_dec}};
  constexpr one_tier<double> md{rate{0.01}, money{0.01}};
  constexpr dec third = div<round::down>(10.0_dec, 3.0_dec);
  constexpr auto conv = at_mark<dec>();
  constexpr auto conv_d = at_mark<double>();
  // BN-I1: short, 5x -> 11.89108910891089
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 1.0_dec, 10.0_dec), 2.0_dec), m, conv, no_tick)) ==
                           11.8910891_dec);
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::short_, 1.0, 10.0), 2.0), md, conv_d, no_tick_d)),
                                11.89108910891089, 1e-13));
  // BN-I2: long, 5x -> 8.070707070707071
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 10.0_dec), 2.0_dec), m, conv, no_tick)) ==
                           8.07070708_dec);
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::long_, 1.0, 10.0), 2.0), md, conv_d, no_tick_d)),
                                8.070707070707071, 1e-13));
  // BN-I3: short, 3x -> 13.211221122079207 (the literal is 3e-11 off the formula's 13.2112211221122)
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::short_, 1.0_dec, 10.0_dec), third), m, conv, no_tick)),
                                13.21122112_dec, 0.00000002_dec));
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::short_, 1.0, 10.0), 10.0 / 3.0), md, conv_d, no_tick_d)),
                                13.211221122079207, 1e-10));
  // BN-I4: long, 3x -> 6.723905723905723
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 10.0_dec), third), m, conv, no_tick)),
                                6.72390572_dec, 0.00000002_dec));
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::long_, 1.0, 10.0), 10.0 / 3.0), md, conv_d, no_tick_d)),
                                6.723905723905723, 1e-13));
}

TEST_CASE("Binance COIN-M single position: LP = N CM (side + MMR) / (WB + cum + side N CM / E)") {
  // DERIVED with the page's own numbers (BC-M1: 100 BTCUSD contracts of 100
  // USD, MMR 0.4%, cum 0) and WB = 0.1 BTC, E = 25,000: exactly 20,080 and 33,200.
  constexpr auto m = flat(0.004_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(inverse(side::long_, 100.0_dec, 25000.0_dec, 100.0_dec), 0.1_dec), m,
                                                at_mark<dec>(), cent)) == 20080.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(inverse(side::short_, 100.0_dec, 25000.0_dec, 100.0_dec), 0.1_dec), m,
                                                at_mark<dec>(), cent)) == 33200.0_dec);
  // The page's formula on generated inputs, with a deduction (cum): double
  solvency_test::rng g{31};
  for (int i = 0; i < 2000; ++i) {
    const double n = static_cast<double>(g.below(1000) + 1), cm = i % 2 ? 100.0 : 10.0;
    const double e = 1000.0 + static_cast<double>(g.below(90000));
    const double mmr = 0.004 + 0.001 * static_cast<double>(g.below(20)), cum = 0.001 * static_cast<double>(g.below(50));
    const double wb = n * cm / e * (0.01 + 0.01 * static_cast<double>(g.below(100)));
    const int s = g.next() & 1u ? 1 : -1;
    const double formula = n * cm * (s + mmr) / (wb + cum + s * n * cm / e);
    const auto r = liquidation_price(backed(inverse(s > 0 ? side::long_ : side::short_, n, e, cm), wb),
                                     one_tier<double>{rate{mmr}, money{cum}}, at_mark<double>(), no_tick_d);
    REQUIRE(r.has_value());
    if (formula > 0) {
      REQUIRE(r->state == price_state::at_price);
      REQUIRE(near(r->value.value(), formula, 1e-9 * formula));
    } else {
      // no positive solution: a fully backed short never, an underwater long always
      REQUIRE(r->state == (s > 0 ? price_state::always : price_state::never));
    }
  }
}

// ============================================================================
// Bybit
// ============================================================================

TEST_CASE("Bybit classic linear: MM on the entry value (BY-L1..L5, BY-I1)") {
  constexpr auto m = flat(0.005_dec);
  constexpr auto classic = at_entry<dec>();
  // BY-L1: long 1 BTC @ 20,000, 50x: IM 400, MM 100 -> 19,700
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 20000.0_dec), 400.0_dec), m, classic, cent)) ==
                           19700.0_dec);
  // BY-L2: short, extra margin 3,000 -> 23,300
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 1.0_dec, 20000.0_dec), 3400.0_dec), m, classic, cent)) ==
                           23300.0_dec);
  // BY-L3: long, 200 of funding paid out of the margin -> 19,900
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 20000.0_dec), 200.0_dec), m, classic, cent)) ==
                           19900.0_dec);
  // BY-L4: long 1 @ 10,000, 50x -> 9,850; BY-L5: short 1 @ 8,000, 40x -> 8,160
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 10000.0_dec), 200.0_dec), m, classic, cent)) ==
                           9850.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 1.0_dec, 8000.0_dec), 200.0_dec), m, classic, cent)) ==
                           8160.0_dec);
  // BY-I1 (freqtrade): E 10, MMR 1%, 3x: 6.7666666 / 13.233333, printed truncated
  constexpr auto m1 = flat(0.01_dec);
  constexpr dec third = div<round::down>(10.0_dec, 3.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<uniform_rounding<round::toward_zero>>(
                               backed(linear(side::long_, 1.0_dec, 10.0_dec), third), m1, classic,
                               price_delta{0.0000001_dec})) == 6.7666666_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<uniform_rounding<round::toward_zero>>(
                               backed(linear(side::short_, 1.0_dec, 10.0_dec), third), m1, classic,
                               price_delta{0.000001_dec})) == 13.233333_dec);
}

TEST_CASE("Bybit UTA linear: extra margin net of the fee to close (BY-L6..L9)") {
  constexpr auto m = flat(0.005_dec);
  constexpr auto uta = bybit_uta(0.00055_dec);
  // long 1 BTC @ 40,000, 50x (IM 800 without the fee reserve), extra 3,000
  constexpr auto p6 = backed(linear(side::long_, 1.0_dec, 40000.0_dec), 3800.0_dec, 3000.0_dec);
  // BY-L6: 36,380.25 (printed to the cent; exact 36,380.2503437...)
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<uniform_rounding<round::nearest_away>>(p6, m, uta, cent)) == 36380.25_dec);
  // the library's default is one cent earlier
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(p6, m, uta, cent)) == 36380.26_dec);
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::long_, 1.0, 40000.0), 3800.0, 3000.0), flat(0.005),
                                                     bybit_uta(0.00055), no_tick_d)),
                                36380.2503437192, 1e-9));
  // BY-L7: MM at 40,000 = 200 + fee to close on the bankruptcy value of the
  // initial margin, 40,000 x 0.98 x 0.055% = 21.56 -> 221.56
  SOLVENCY_CHECK_CONSTEXPR(maintenance_requirement(p6, price{40000.0_dec}, m, uta).value() == money{221.56_dec});
  // BY-L9 (DERIVED): the short mirror, 43,580.4486637
  constexpr auto p9 = backed(linear(side::short_, 1.0_dec, 40000.0_dec), 3800.0_dec, 3000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(p9, m, uta, no_tick)) == 43580.44866368_dec);
  // BY-L8: bankruptcy of a long @ 60,000, 50x: E (1 - 1/leverage) = 58,800
  SOLVENCY_CHECK_CONSTEXPR(px(bankruptcy_price(backed(linear(side::long_, 1.0_dec, 60000.0_dec), 1200.0_dec), uta, cent)) ==
                           58800.0_dec);

  // The published formula is the consistent one (fee on the bankruptcy value
  // of the whole margin) once the fee reserve is counted in the margin:
  // 800 + 21.56 + 3,000. Same price, to the last digit.
  constexpr auto consistent = at_mark(close_fee::on_bankruptcy_value, 0.00055_dec);
  constexpr auto p6_reserved = backed(linear(side::long_, 1.0_dec, 40000.0_dec), 3821.56_dec);
  static_assert(px(liquidation_price(p6_reserved, m, consistent, cent)) == 36380.26_dec);
  CHECK(px(liquidation_price(p6_reserved, m, consistent, no_tick)) == px(liquidation_price(p6, m, uta, no_tick)));
  CHECK(px(bankruptcy_price(p6_reserved, consistent, no_tick)) == px(bankruptcy_price(p6, uta, no_tick)));
  // and it matches the page's formula for generated positions (double)
  solvency_test::rng g{32};
  for (int i = 0; i < 2000; ++i) {
    const double e = 100.0 + static_cast<double>(g.below(100000)), q = 0.001 * static_cast<double>(g.below(10000) + 1);
    const double lev = static_cast<double>(g.below(99) + 2), mmr = 0.005 + 0.0005 * static_cast<double>(g.below(20));
    const double fee = 0.0001 * static_cast<double>(g.below(10)), extra = q * e * 0.001 * static_cast<double>(g.below(500));
    const bool is_long = g.next() & 1u;
    const double formula = is_long ? (e * q - e * q / lev - extra / (1 - fee)) / (q - q * mmr)
                                   : (e * q + e * q / lev + extra / (1 + fee)) / (q + q * mmr);
    const auto r = liquidation_price(backed(linear(is_long ? side::long_ : side::short_, q, e), q * e / lev + extra, extra),
                                     flat(mmr), bybit_uta(fee), no_tick_d);
    REQUIRE(r.has_value());
    if (formula > 0) {
      REQUIRE(near(px(r), formula, 1e-9 * formula));
    } else {
      REQUIRE(r->state == price_state::never);
    }
  }
}

TEST_CASE("Bybit inverse: the UTA formula, and pre-UTA long LP and bankruptcy prices rounded up to 0.5") {
  // pre-UTA isolated (MM on the entry value): LP_long = E lev / (lev + 1 - MMR lev),
  // BP_long = E lev / (lev + 1), BP_short = E lev / (lev - 1). DERIVED example:
  // 10,000 contracts of 1 USD @ 10,000, 10x (0.1 BTC), MMR 0.5%: 9,132.42 -> 9,132.5;
  // 9,090.91 -> 9,091; short 11,111.11 -> 11,111 (conservative: down).
  constexpr price_delta<dec> half{0.5_dec};
  constexpr auto pre_uta = at_entry<dec>();
  constexpr auto lp_long = backed(inverse(side::long_, 10000.0_dec, 10000.0_dec, 1.0_dec), 0.1_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<uniform_rounding<round::up>>(lp_long, flat(0.005_dec), pre_uta, half)) ==
                           9132.5_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(bankruptcy_price<uniform_rounding<round::up>>(lp_long, pre_uta, half)) == 9091.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(bankruptcy_price(backed(inverse(side::short_, 10000.0_dec, 10000.0_dec, 1.0_dec), 0.1_dec),
                                               pre_uta, half)) == 11111.0_dec);
  // the three formulas on generated positions
  solvency_test::rng g{33};
  for (int i = 0; i < 2000; ++i) {
    const double e = 1000.0 + static_cast<double>(g.below(100000)), lev = static_cast<double>(g.below(98) + 2);
    const double mmr = 0.005 + 0.0005 * static_cast<double>(g.below(10)), q = static_cast<double>(g.below(100000) + 1);
    const auto lp = liquidation_price(backed(inverse(side::long_, q, e, 1.0), q / e / lev), flat(mmr), at_entry<double>(), no_tick_d);
    REQUIRE(near(px(lp), e * lev / (lev + 1 - mmr * lev), 1e-9 * e));
    const auto bl = bankruptcy_price(backed(inverse(side::long_, q, e, 1.0), q / e / lev), at_entry<double>(), no_tick_d);
    REQUIRE(near(px(bl), e * lev / (lev + 1), 1e-9 * e));
    const auto bs = bankruptcy_price(backed(inverse(side::short_, q, e, 1.0), q / e / lev), at_entry<double>(), no_tick_d);
    REQUIRE(near(px(bs), e * lev / (lev - 1), 1e-9 * e));
    // UTA: LP_long = Q (MMR + 1) / (Q/E + Q/E/lev + extra/(1 + fee) + ded),
    //      LP_short = Q (1 - MMR) / (Q/E - Q/E/lev - extra/(1 - fee) - ded)
    const double fee = 0.0001 * static_cast<double>(g.below(10)), extra = q / e * 0.001 * static_cast<double>(g.below(300));
    const double ul = q * (mmr + 1) / (q / e + q / e / lev + extra / (1 + fee));
    const double us = q * (1 - mmr) / (q / e - q / e / lev - extra / (1 - fee));
    const auto rl = liquidation_price(backed(inverse(side::long_, q, e, 1.0), q / e / lev + extra, extra), flat(mmr),
                                      bybit_uta(fee), no_tick_d);
    REQUIRE(near(px(rl), ul, 1e-9 * ul));
    const auto rs = liquidation_price(backed(inverse(side::short_, q, e, 1.0), q / e / lev + extra, extra), flat(mmr),
                                      bybit_uta(fee), no_tick_d);
    if (us > 0) {
      REQUIRE(near(px(rs), us, 1e-9 * us));
    } else {
      REQUIRE(rs->state == price_state::never);
    }
  }
}

// ============================================================================
// OKX, BitMEX, Hyperliquid, dYdX, Kraken
// ============================================================================

TEST_CASE("OKX: MMR + taker fee on the value at the price (OKX-I1, OKX-1, OKX-2)") {
  // OKX-I1 (freqtrade): MMR 1%, taker 0.06%, E 10, 3x: short 13.193482419684678, long 6.738090425173506
  constexpr auto okx = at_mark(close_fee::on_value_at_price, 0.0006);
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::short_, 1.0, 10.0), 10.0 / 3.0), flat(0.01), okx, no_tick_d)),
                                13.193482419684678, 1e-13));
  SOLVENCY_CHECK_CONSTEXPR(near(px(liquidation_price(backed(linear(side::long_, 1.0, 10.0), 10.0 / 3.0), flat(0.01), okx, no_tick_d)),
                                6.738090425173506, 1e-13));
  constexpr auto okx_dec = at_mark(close_fee::on_value_at_price, 0.0006_dec);
  constexpr dec third = div<round::down>(10.0_dec, 3.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 10.0_dec), third), flat(0.01_dec), okx_dec, no_tick)) ==
                           6.73809043_dec);
  // OKX-1: 10,000 contracts x 0.0001 BTC @ 10,000, 10x: 1,000 USDT; tier 3 MMR 1.5%, fee 0.075%.
  // At 9,010 the margin ratio (equity / value) is 10 / 9,010 = 0.11% < 1.575%: liquidated.
  constexpr auto okx1 = backed(linear(side::long_, 10000.0_dec, 10000.0_dec, 0.0001_dec), 1000.0_dec);
  constexpr auto conv1 = at_mark(close_fee::on_value_at_price, 0.00075_dec);
  SOLVENCY_CHECK_CONSTEXPR(equity_at(okx1, price{9010.0_dec}).value() == money{10.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_away>(
                               div<round::down>(equity_at(okx1, price{9010.0_dec})->value(), 9010.0_dec), 0.0001_dec) ==
                           0.0011_dec);
  SOLVENCY_CHECK_CONSTEXPR(equity_at(okx1, price{9010.0_dec}).value() <
                           maintenance_requirement(okx1, price{9010.0_dec}, flat(0.015_dec), conv1).value());
  // OKX-2 (DERIVED): where the ratio is 1.575%: 9,000 / 0.98425 = 9,144.018... -> 9,144.02
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(okx1, flat(0.015_dec), conv1, cent)) == 9144.02_dec);
}

TEST_CASE("BitMEX: the inverse PnL behind equity (BMX-1..3)") {
  // long 1,000 XBTUSD (1 USD each) @ 1,000
  constexpr auto xbt = backed(inverse(side::long_, 1000.0_dec, 1000.0_dec, 1.0_dec), 0.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(equity_at(xbt, price{1250.0_dec}).value() == money{0.2_dec});  // BMX-1
  constexpr auto half = backed(inverse(side::long_, 500.0_dec, 1000.0_dec, 1.0_dec), 0.0_dec);
  // BMX-2: 500 sold @ 1,500 realise 0.17 (0.1666...); BMX-3: @ 1,250, 0.10
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_away>(equity_at(half, price{1500.0_dec})->value(), 0.01_dec) ==
                           0.17_dec);
  SOLVENCY_CHECK_CONSTEXPR(equity_at(half, price{1250.0_dec}).value() == money{0.1_dec});
}

TEST_CASE("Hyperliquid: liq = price - side x margin_available / size / (1 - l side)") {
  // BTC: 0-150M at 40x (l = 1/80), above at 20x (l = 1/40); deduction 1,875,000
  constexpr auto hl = tiers_from(std::array{hyperliquid_margin_tier<dec>{0.0_dec, 40.0_dec},
                                            hyperliquid_margin_tier<dec>{150000000.0_dec, 20.0_dec}})
                          .value();
  static_assert(hl.rows[1].deduction == money{1875000.0_dec});
  using hl_model = static_tiered_with_deduction<hl>;
  // long 100 BTC @ 100,000 with 1M: (10M - 1M) / (100 x (1 - 1/80)) = 91,139.2405...
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 100.0_dec, 100000.0_dec), 1000000.0_dec), hl_model{},
                                                at_mark<dec>(), no_tick)) == 91139.24050633_dec);
  // short 2,000 BTC @ 70,000 (140M, tier 1) with 14M: tier 1's root is at
  // 152.1M, beyond its cap, so the answer is tier 2's: (14M + 140M + 1.875M) /
  // (1 + 1/40) / 2,000 = 76,036.585...
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 2000.0_dec, 70000.0_dec), 14000000.0_dec),
                                                hl_model{}, at_mark<dec>(), no_tick)) == 76036.58536585_dec);
  // The docs' formula, with margin_available taken in the tier of the answer
  // (l and its deduction), on generated isolated positions (double)
  constexpr auto hl_d = tiers_from(std::array{hyperliquid_margin_tier<double>{0.0, 40.0},
                                              hyperliquid_margin_tier<double>{150e6, 20.0}})
                            .value();
  const tiered_with_deduction<double> model{hl_d.view().value()};
  solvency_test::rng g{34};
  int crossed = 0;
  for (int i = 0; i < 4000; ++i) {
    const double price = 20000.0 + static_cast<double>(g.below(80000)), size = 1.0 + static_cast<double>(g.below(4000));
    const double lev = 1.0 + static_cast<double>(g.below(39));
    const double margin = size * price / lev;
    const int s = g.next() & 1u ? 1 : -1;
    const auto r = liquidation_price(backed(linear(s > 0 ? side::long_ : side::short_, size, price), margin), model,
                                     at_mark<double>(), no_tick_d);
    REQUIRE(r.has_value());
    if (r->state != price_state::at_price) {
      REQUIRE((s > 0 && r->state == price_state::never));
      continue;
    }
    const bool tier2 = size * r->value.value() >= 150e6;
    crossed += tier2 != (size * price >= 150e6);
    const double l = tier2 ? 1.0 / 40 : 1.0 / 80, ded = tier2 ? 1875000.0 : 0.0;
    const double available = margin - (size * price * l - ded);
    const double formula = price - s * available / size / (1 - l * s);
    REQUIRE(near(r->value.value(), formula, 1e-9 * price));
  }
  CHECK(crossed > 50);
}

TEST_CASE("dYdX v4 isolated (DY-1): p' = (e - s p) / (|s| MMF - s)") {
  // e = 1,000, short 3 ETH @ 3,000, MMF 5%: 3,174.603... printed 3,174.60
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 3.0_dec, 3000.0_dec), 1000.0_dec), flat(0.05_dec),
                                                at_mark<dec>(), cent)) == 3174.60_dec);
}

TEST_CASE("Kraken inverse long: LP = Q (1 + MMR) / (Q / E + M)") {
  // DERIVED: 10,000 USD contracts @ 50,000, 0.02 BTC, MMR 1%: 45,909.09 -> 45,910 (integers, up)
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(inverse(side::long_, 10000.0_dec, 50000.0_dec, 1.0_dec), 0.02_dec),
                                                flat(0.01_dec), at_mark<dec>(), price_delta{1.0_dec})) == 45910.0_dec);
  solvency_test::rng g{35};
  for (int i = 0; i < 2000; ++i) {
    const double q = static_cast<double>(g.below(1000000) + 1), e = 1000.0 + static_cast<double>(g.below(100000));
    const double mmr = 0.01 * static_cast<double>(g.below(10) + 1), m = q / e * 0.01 * static_cast<double>(g.below(100) + 1);
    const auto r = liquidation_price(backed(inverse(side::long_, q, e, 1.0), m), flat(mmr), at_mark<double>(), no_tick_d);
    REQUIRE(near(px(r), q * (1 + mmr) / (q / e + m), 1e-9 * e));
  }
}

// ============================================================================
// the tier walk
// ============================================================================

TEST_CASE("tier walk: the answer in the tier of the notional at the answer, across boundaries") {
  // BTCUSDT brackets. Long 10 BTC @ 50,000: 500k, tier 3 (MMR 1%, cum 1,300).
  constexpr btcusdt_model m{};
  constexpr auto conv = at_mark<dec>();
  // With 260k: tier 3's root, (500k - 260k - 1,300) / 0.99 = 241,111, is below
  // its floor (250k), so the answer is in tier 2 (MMR 0.5%, cum 50):
  // (500k - 260k - 50) / 0.995 / 10 = 24,115.5778894...
  constexpr auto long2 = backed(linear(side::long_, 10.0_dec, 50000.0_dec), 260000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(long2, m, conv, no_tick)) == 24115.57788945_dec);
  // With 495,049.5 it walks down two tiers, to tier 1 (0.4%, cum 0):
  // 4,950.5 / 0.996 / 10 = 497.0381526...
  constexpr auto long1 = backed(linear(side::long_, 10.0_dec, 50000.0_dec), 495049.5_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(long1, m, conv, no_tick)) == 497.03815262_dec);
  // short 10 BTC @ 50,000 with 1M: tier 3's root is above 1M, tier 4 (2.5%, cum 16,300):
  // (1M + 500k + 16,300) / (10 x 1.025) = 147,931.70731708 (down)
  constexpr auto short4 = backed(linear(side::short_, 10.0_dec, 50000.0_dec), 1000000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(short4, m, conv, no_tick)) == 147931.70731707_dec);
  // the same in double
  const tiered_with_deduction<double> md{btcusdt_d.view().value()};
  CHECK(near(px(liquidation_price(backed(linear(side::short_, 10.0, 50000.0), 1e6), md, at_mark<double>(), no_tick_d)),
             1516300.0 / 10.25, 1e-9));
  CHECK(near(px(liquidation_price(backed(linear(side::long_, 10.0, 50000.0), 260000.0), md, at_mark<double>(), no_tick_d)),
             239950.0 / 9.95, 1e-9));
  // Inverse (COIN-M style, brackets in coin): 1,000,000 USD @ 20,000 = 50 BTC.
  // A table in BTC: caps 5, 10, 100 BTC at 0.5%, 1%, 2%.
  constexpr auto coin = make_tier_table(std::array{
                            tier_row<dec>{5.0_dec, rate{0.005_dec}, rate{0.01_dec}, rate{100.0_dec}, {}, false},
                            tier_row<dec>{10.0_dec, rate{0.01_dec}, rate{0.02_dec}, rate{50.0_dec}, {}, false},
                            tier_row<dec>{100.0_dec, rate{0.02_dec}, rate{0.04_dec}, rate{25.0_dec}, {}, false}})
                            .value();
  using coin_model = static_tiered_with_deduction<coin>;
  static_assert(coin.rows[2].deduction == money{0.125_dec});  // 5 x 0.5% + 10 x 1%
  // long 10,000 contracts x 100 USD @ 100,000 = 10 BTC (tier 2) with 4 BTC:
  // its value grows as the price falls: the answer is in tier 3 (2%, 0.125):
  // 1M (1 + 0.02) / (4 + 10 + 0.125) = 72,212.38938...
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(inverse(side::long_, 10000.0_dec, 100000.0_dec, 100.0_dec), 4.0_dec),
                                                coin_model{}, conv, no_tick)) == 72212.38938054_dec);
  // short 10,000 x 100 @ 100,000 with 6 BTC: its value falls as the price
  // rises; tier 2's root (4.015 BTC) is below 5, so tier 1 (0.5%, 0):
  // 1M (1 - 0.005) / (10 - 6) = 248,750
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(inverse(side::short_, 10000.0_dec, 100000.0_dec, 100.0_dec), 6.0_dec),
                                                coin_model{}, conv, no_tick)) == 248750.0_dec);
}

TEST_CASE("a table without deduction: where the requirement jumps past equity, the boundary is the answer") {
  // Whole position at its tier's rate, tiered by notional: 1% up to 100k, 10% above.
  constexpr auto jump = make_tier_table(std::array{
                            tier_row<dec>{100000.0_dec, rate{0.01_dec}, rate{0.02_dec}, rate{50.0_dec}, {}, false},
                            tier_row<dec>{1000000.0_dec, rate{0.1_dec}, rate{0.2_dec}, rate{5.0_dec}, {}, false}})
                            .value();
  using jump_model = static_tiered_whole_position<jump, tier_basis::notional>;
  constexpr auto conv = at_mark<dec>();
  // short 1 @ 90,000 with 9,000: tier 1's root is 98,019.8 < 100,000 - an ordinary answer
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 1.0_dec, 90000.0_dec), 9000.0_dec), jump_model{},
                                                conv, no_tick)) == 98019.80198019_dec);
  // with 12,000: tier 1's root (100,990) is above 100k, and at 100k in tier 2
  // equity 2,000 < MM 10,000: liquidation triggers as the notional crosses 100,000
  constexpr auto gap = backed(linear(side::short_, 1.0_dec, 90000.0_dec), 12000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(gap, jump_model{}, conv, no_tick)) == 100000.0_dec);
  // just below the boundary the position is safe, just above it is not
  CHECK(equity_at(gap, price{100000.0_dec}).value() > maintenance_requirement(gap, price{100000.0_dec}, jump_model{}, conv).value());
  CHECK(equity_at(gap, price{100000.01_dec}).value() < maintenance_requirement(gap, price{100000.01_dec}, jump_model{}, conv).value());
  // Hyperliquid-style exclusive caps (the cap starts the next tier): 100,000
  // itself is in tier 2, and so is every notional the margin family rounds up
  // onto it; the last safe one is 99,999.99999999
  constexpr auto jump_x = fixed_tier_table<dec, 2>{cap_rule::exclusive, jump.rows};
  using jump_x_model = static_tiered_whole_position<jump_x, tier_basis::notional>;
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(gap, jump_x_model{}, conv, no_tick)) == 99999.99999999_dec);
  CHECK(equity_at(gap, price{99999.99999999_dec}).value() >
        maintenance_requirement(gap, price{99999.99999999_dec}, jump_x_model{}, conv).value());
  CHECK(equity_at(gap, price{100000.0_dec}).value() < maintenance_requirement(gap, price{100000.0_dec}, jump_x_model{}, conv).value());
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(gap, jump_x_model{}, conv, cent)) == 99999.99_dec);
  // an inverse long (value grows as the price falls) over the same table in coin
  constexpr auto gap_inv = backed(inverse(side::long_, 900000.0_dec, 10.0_dec, 1.0_dec), 12000.0_dec);  // 90k coin
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(gap_inv, jump_model{}, conv, no_tick)) == 9.0_dec);
  // tiered by size instead: the tier never changes with the price
  using by_size = static_tiered_whole_position<jump, tier_basis::size>;
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(gap, by_size{}, conv, no_tick)) == 100990.09900990_dec);
}

// ============================================================================
// states, rounding, bad input
// ============================================================================

TEST_CASE("result states: never, always, and no solution") {
  constexpr auto m = flat(0.01_dec);
  constexpr auto conv = at_mark<dec>();
  // a linear long backed by more than its value: never liquidated, never bankrupt
  constexpr auto full = backed(linear(side::long_, 1.0_dec, 100.0_dec), 150.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(liquidation_price(full, m, conv, cent)->state == price_state::never);
  SOLVENCY_CHECK_CONSTEXPR(bankruptcy_price(full, conv, cent)->state == price_state::never);
  SOLVENCY_CHECK_CONSTEXPR(liquidation_price(full, m, conv, cent)->value == price<dec>{});
  // an inverse short backed by its coin value: never
  SOLVENCY_CHECK_CONSTEXPR(
      liquidation_price(backed(inverse(side::short_, 100.0_dec, 100.0_dec, 1.0_dec), 1.5_dec), m, conv, cent)->state ==
      price_state::never);
  // a linear short with negative margin larger than its value: always
  constexpr auto sunk = backed(linear(side::short_, 1.0_dec, 100.0_dec), -150.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(liquidation_price(sunk, m, conv, cent)->state == price_state::always);
  SOLVENCY_CHECK_CONSTEXPR(bankruptcy_price(sunk, conv, cent)->state == price_state::always);
  // an inverse long whose margin does not cover -F/E: always
  SOLVENCY_CHECK_CONSTEXPR(
      liquidation_price(backed(inverse(side::long_, 100.0_dec, 100.0_dec, 1.0_dec), -1.5_dec), m, conv, cent)->state ==
      price_state::always);
  // a long with margin exactly its value: bankrupt only at 0, i.e. never
  SOLVENCY_CHECK_CONSTEXPR(bankruptcy_price(backed(linear(side::long_, 1.0_dec, 100.0_dec), 100.0_dec), conv, cent)->state ==
                           price_state::never);
  // a tiny short price rounded down to zero at the tick: always
  SOLVENCY_CHECK_CONSTEXPR(liquidation_price(backed(linear(side::short_, 1.0_dec, 0.001_dec), 0.0_dec), m, conv, cent)->state ==
                           price_state::always);
  // already past it: a long liquidated above its entry
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::long_, 1.0_dec, 100.0_dec), -10.0_dec), m, conv, no_tick)) ==
                           111.11111112_dec);
  // MMR + fee of 100% for a linear long: no solution; a short is fine
  constexpr auto high = at_mark(close_fee::on_value_at_price, 0.5_dec);
  SOLVENCY_CHECK_CONSTEXPR(liquidation_price(backed(linear(side::long_, 1.0_dec, 100.0_dec), 50.0_dec), flat(0.5_dec), high, cent) ==
                           failure{errc::no_solution});
  SOLVENCY_CHECK_CONSTEXPR(liquidation_price(backed(inverse(side::short_, 100.0_dec, 100.0_dec, 1.0_dec), 0.5_dec),
                                             flat(0.5_dec), high, cent) == failure{errc::no_solution});
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(backed(linear(side::short_, 1.0_dec, 100.0_dec), 50.0_dec), flat(0.5_dec), high,
                                                cent)) == 75.0_dec);
  CHECK(liquidation_price(backed(linear(side::long_, 1.0, 100.0), 50.0), flat(1.0), at_mark<double>(), no_tick_d) ==
        failure{errc::no_solution});
}

TEST_CASE("rounding: conservative by default, a venue's direction on request") {
  constexpr auto m = flat(0.005_dec);
  constexpr auto conv = at_mark<dec>();
  // long 1 @ 100 with 10: 90 / 0.995 = 90.452261...; short: 110 / 1.005 = 109.452736...
  constexpr auto l = backed(linear(side::long_, 1.0_dec, 100.0_dec), 10.0_dec);
  constexpr auto s = backed(linear(side::short_, 1.0_dec, 100.0_dec), 10.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(l, m, conv, cent)) == 90.46_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(s, m, conv, cent)) == 109.45_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<uniform_rounding<round::nearest_away>>(l, m, conv, cent)) == 90.45_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<uniform_rounding<round::up>>(s, m, conv, cent)) == 109.46_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price<tick_rounding<round::down, round::up>>(l, m, conv, cent)) == 90.45_dec);
  // 8 places before the tick, already conservative
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(l, m, conv, no_tick)) == 90.45226131_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(s, m, conv, no_tick)) == 109.45273631_dec);
  // bankruptcy: long 90 up, short 110 down, both exact
  SOLVENCY_CHECK_CONSTEXPR(px(bankruptcy_price(l, conv, price_delta{0.07_dec})) == 90.02_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(bankruptcy_price(s, conv, price_delta{0.07_dec})) == 109.97_dec);
  // a quanto contract is the linear formula with its multiplier: 2,000 contracts
  // of 0.000001 XBT per USD @ 2,000 (0.004 XBT... per USD: 4 XBT), 0.4 XBT, MMR 0.5%
  constexpr auto q = backed(position<dec>{side::long_, quantity{2000.0_dec}, price{2000.0_dec}, quanto_contract(0.000001_dec)},
                            0.4_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(liquidation_price(q, m, conv, cent)) == 1809.05_dec);  // (4 - 0.4) / (0.002 x 0.995)
}

namespace {
/// A model that answers badly, to check that the solver passes it on.
struct bad_model {
  using number_type = dec;
  int mode = 0;
  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }
  [[nodiscard]] constexpr result<margin_tier<dec>> tier_for(const margin_input<dec>& in) const noexcept {
    margin_tier<dec> t;
    t.maintenance = rate{0.01_dec};
    switch (mode) {
      case 0: return failure{errc::empty_table};
      case 1: t.maintenance = rate{-0.01_dec}; return t;
      case 2: t.maintenance = rate{dec::error_value(errc::overflow)}; return t;
      case 3:  // a range without the value asked about
        t.lower = in.notional.value() + 1.0_dec;
        t.upper = t.lower + 1.0_dec;
        t.unbounded = false;
        return t;
      default:  // the same finite tier whatever is asked: the walk cannot move on
        t.upper = 1000000.0_dec;
        t.unbounded = false;
        return t;
    }
  }
};
}  // namespace

TEST_CASE("bad input, case by case") {
  constexpr auto m = flat(0.01_dec);
  constexpr auto conv = at_mark<dec>();
  constexpr auto ok = backed(linear(side::long_, 1.0_dec, 100.0_dec), 10.0_dec);
  auto with = [&](auto f) {
    auto mp = ok;
    f(mp);
    return liquidation_price(mp, m, conv, cent).error();
  };
  CHECK(with([](margined_position<dec>& p) { p.pos.size = quantity{0.0_dec}; }) == errc::non_positive_quantity);
  CHECK(with([](margined_position<dec>& p) { p.pos.size = quantity{-1.0_dec}; }) == errc::non_positive_quantity);
  CHECK(with([](margined_position<dec>& p) { p.pos.entry = price{0.0_dec}; }) == errc::non_positive_price);
  CHECK(with([](margined_position<dec>& p) { p.pos.entry = price{-3.0_dec}; }) == errc::non_positive_price);
  CHECK(with([](margined_position<dec>& p) { p.pos.spec.multiplier = 0.0_dec; }) == errc::non_positive_quantity);
  CHECK(with([](margined_position<dec>& p) { p.pos.spec.multiplier = -1.0_dec; }) == errc::non_positive_quantity);
  CHECK(with([](margined_position<dec>& p) { p.pos.side = static_cast<side>(0); }) == errc::invalid_argument);
  CHECK(with([](margined_position<dec>& p) { p.pos.spec.kind = static_cast<contract_kind>(7); }) == errc::invalid_argument);
  CHECK(with([](margined_position<dec>& p) { p.margin = money{dec::error_value(errc::overflow)}; }) == errc::overflow);
  CHECK(with([](margined_position<dec>& p) { p.extra_margin = money{dec::error_value(errc::division_by_zero)}; }) ==
        errc::division_by_zero);
  CHECK(with([](margined_position<dec>& p) { p.pos.size = quantity{0.00000001_dec}; p.pos.spec.multiplier = 0.5_dec; }) ==
        errc::inexact);
  CHECK(with([](margined_position<dec>& p) { p.pos.size = quantity{dec::max()}; p.pos.entry = price{10.0_dec}; }) ==
        errc::overflow);
  CHECK(with([](margined_position<dec>& p) { p.margin = money{dec::max()}; p.pos.side = side::short_; }) == errc::overflow);
  // ticks
  CHECK(liquidation_price(ok, m, conv, price_delta{-0.01_dec}) == failure{errc::invalid_argument});
  CHECK(liquidation_price(ok, m, conv, price_delta{dec::error_value(errc::overflow)}) == failure{errc::overflow});
  CHECK(bankruptcy_price(ok, conv, price_delta{-1.0_dec}) == failure{errc::invalid_argument});
  // conventions
  auto conv_with = [&](auto f) {
    auto c = conv;
    f(c);
    return liquidation_price(ok, m, c, cent).error();
  };
  CHECK(conv_with([](liquidation_convention<dec>& c) { c.margin.maintenance_at = static_cast<measure_at>(9); }) ==
        errc::invalid_argument);
  CHECK(conv_with([](liquidation_convention<dec>& c) { c.margin.fee = static_cast<close_fee>(9); }) == errc::invalid_argument);
  CHECK(conv_with([](liquidation_convention<dec>& c) { c.inputs.size = static_cast<size_unit>(9); }) == errc::invalid_argument);
  CHECK(conv_with([](liquidation_convention<dec>& c) { c.inputs.value = static_cast<value_currency>(9); }) ==
        errc::invalid_argument);
  CHECK(conv_with([](liquidation_convention<dec>& c) {
          c.margin.fee = close_fee::on_value_at_price;
          c.margin.taker_fee = rate{-0.001_dec};
        }) == errc::invalid_argument);
  CHECK(conv_with([](liquidation_convention<dec>& c) {
          c.margin.fee = close_fee::on_bankruptcy_value;
          c.margin.taker_fee = rate{1.0_dec};
        }) == errc::invalid_argument);
  CHECK(conv_with([](liquidation_convention<dec>& c) {
          c.margin.fee = close_fee::on_value_at_price;
          c.margin.taker_fee = rate{dec::error_value(errc::overflow)};
        }) == errc::overflow);
  // a fee rate is ignored when the fee is excluded
  CHECK(conv_with([](liquidation_convention<dec>& c) { c.margin.taker_fee = rate{5.0_dec}; }) == errc{});
  CHECK(conv_with([](liquidation_convention<dec>& c) { c.extra_margin_net_of_close_fee = true; }) == errc::invalid_argument);
  // an inverse requirement in quote currency cannot meet coin equity
  auto quote = conv;
  quote.inputs.value = value_currency::quote;
  CHECK(liquidation_price(backed(inverse(side::long_, 100.0_dec, 100.0_dec, 1.0_dec), 0.1_dec), m, quote, cent) ==
        failure{errc::invalid_argument});
  CHECK(liquidation_price(ok, m, quote, cent).has_value());  // linear: the same value
  // the model's answers
  CHECK(liquidation_price(ok, bad_model{0}, conv, cent) == failure{errc::empty_table});
  CHECK(liquidation_price(ok, bad_model{1}, conv, cent) == failure{errc::invalid_argument});
  CHECK(liquidation_price(ok, bad_model{2}, conv, cent) == failure{errc::overflow});
  CHECK(liquidation_price(ok, bad_model{3}, conv, cent) == failure{errc::invalid_argument});
  CHECK(liquidation_price(backed(linear(side::short_, 1.0_dec, 100.0_dec), 10000000.0_dec), bad_model{4}, conv, cent) ==
        failure{errc::invalid_argument});
  CHECK(liquidation_price(ok, flat_margin<dec>{rate{0.01_dec}, rate{0.02_dec}}, conv, cent) ==
        failure{errc::invalid_argument});  // the model's own check: IMR below MMR
  // double: NaN and infinities
  constexpr double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const auto okd = backed(linear(side::long_, 1.0, 100.0), 10.0);
  auto with_d = [&](auto f) {
    auto mp = okd;
    f(mp);
    return liquidation_price(mp, flat(0.01), at_mark<double>(), price_delta{0.01}).error();
  };
  CHECK(with_d([&](margined_position<double>& p) { p.margin = money{nan}; }) == errc::not_a_number);
  CHECK(with_d([&](margined_position<double>& p) { p.margin = money{inf}; }) == errc::infinite);
  CHECK(with_d([&](margined_position<double>& p) { p.pos.entry = price{nan}; }) == errc::not_a_number);
  CHECK(with_d([&](margined_position<double>& p) { p.pos.size = quantity{-inf}; }) == errc::infinite);
  CHECK(liquidation_price(okd, flat(0.01), at_mark<double>(), price_delta{nan}) == failure{errc::not_a_number});
  // equity_at and maintenance_requirement
  CHECK(equity_at(ok, price{0.0_dec}) == failure{errc::non_positive_price});
  CHECK(equity_at(ok, price{dec::error_value(errc::overflow)}) == failure{errc::overflow});
  CHECK(maintenance_requirement(ok, price{-1.0_dec}, m, conv) == failure{errc::non_positive_price});
  CHECK(maintenance_requirement(ok, price{100.0_dec}, m, bybit_uta(2.0_dec)) == failure{errc::invalid_argument});
}

TEST_CASE("batch: one answer or one error per position") {
  constexpr auto m = flat(0.005_dec);
  constexpr auto conv = at_mark<dec>();
  const std::array<margined_position<dec>, 4> in{
      backed(linear(side::long_, 1.0_dec, 100.0_dec), 10.0_dec), backed(linear(side::short_, 1.0_dec, 100.0_dec), 10.0_dec),
      backed(linear(side::long_, 0.0_dec, 100.0_dec), 10.0_dec), backed(linear(side::long_, 1.0_dec, 100.0_dec), 200.0_dec)};
  // result<T> has no default constructor: a caller's buffer starts filled
  std::array<result<solved_price<dec>>, 4> out{solved_price<dec>{}, solved_price<dec>{}, solved_price<dec>{},
                                                solved_price<dec>{}};
  REQUIRE(liquidation_prices(in, m, conv, cent, out).has_value());
  CHECK(px(out[0]) == 90.46_dec);
  CHECK(px(out[1]) == 109.45_dec);
  CHECK(out[2] == failure{errc::non_positive_quantity});
  CHECK(out[3]->state == price_state::never);
  for (std::size_t i = 0; i < in.size(); ++i) CHECK(out[i] == liquidation_price(in[i], m, conv, cent));
  REQUIRE(bankruptcy_prices(std::span<const margined_position<dec>>(in), conv, cent, out).has_value());
  CHECK(px(out[0]) == 90.0_dec);
  CHECK(px(out[1]) == 110.0_dec);
  CHECK(out[2] == failure{errc::non_positive_quantity});
  for (std::size_t i = 0; i < in.size(); ++i) CHECK(out[i] == bankruptcy_price(in[i], conv, cent));
  // whole-call failures
  CHECK(liquidation_prices(in, m, conv, cent, std::span(out).first(3)) == failure{errc::size_mismatch});
  CHECK(bankruptcy_prices(std::span<const margined_position<dec>>(in), conv, cent, std::span(out).first(2)) ==
        failure{errc::size_mismatch});
  CHECK(liquidation_prices(in, m, conv, price_delta{-1.0_dec}, out) == failure{errc::invalid_argument});
  CHECK(liquidation_prices(in, m, bybit_uta(0.001_dec), cent, out).has_value());  // any valid convention
  // empty input: nothing to do
  CHECK(liquidation_prices(std::span<const margined_position<dec>>{}, m, conv, cent, std::span<result<solved_price<dec>>>{})
            .has_value());
}

TEST_CASE("tables without deduction (generated): the answer is the first unsafe price from the entry") {
  // Whole position at its tier's rate, tiered by notional: MM jumps at each
  // cap. Between the entry and the answer the position must be safe all the
  // way; one step beyond the answer it must not be.
  auto rows_at = [](dec scale) {
    std::array<tier_row<dec>, 4> rows{
        tier_row<dec>{mul<round::down>(10000.0_dec, scale), rate{0.01_dec}, rate{0.02_dec}, rate{50.0_dec}, {}, false},
        tier_row<dec>{mul<round::down>(100000.0_dec, scale), rate{0.025_dec}, rate{0.05_dec}, rate{20.0_dec}, {}, false},
        tier_row<dec>{mul<round::down>(1000000.0_dec, scale), rate{0.05_dec}, rate{0.1_dec}, rate{10.0_dec}, {}, false},
        tier_row<dec>{mul<round::down>(10000000.0_dec, scale), rate{0.1_dec}, rate{0.2_dec}, rate{5.0_dec}, {}, false}};
    return rows;
  };
  solvency_test::rng g{36};
  int boundary_answers = 0, checked = 0;
  for (int i = 0; i < 40000; ++i) {
    const bool inv = g.below(2) == 1, is_long = g.below(2) == 1;
    const dec scale = g.below(2) ? 1.0_dec : 0.01_dec;
    const auto rows = rows_at(scale);
    const cap_rule rule = g.below(2) ? cap_rule::inclusive : cap_rule::exclusive;
    const tiered_whole_position<dec> m{tier_table_view<dec>::make(rows, rule).value(), tier_basis::notional};
    const dec entry = dec::from_int(static_cast<std::int64_t>(g.below(99000) + 1000));
    const side s = is_long ? side::long_ : side::short_;
    const position<dec> p = inv ? inverse(s, dec::from_int(static_cast<std::int64_t>(g.below(1000000) + 1)), entry, 100.0_dec)
                                : linear(s, mul<round::down>(dec::from_int(static_cast<std::int64_t>(g.below(100000) + 1)),
                                                             0.001_dec),
                                         entry);
    const dec value = position_value<round::down>(p, p.entry).value();
    dec margin = mul<round::down>(value, dec::from_raw(static_cast<std::int64_t>(g.below(60'000'000) + 1'000'000)));
    if (inv == is_long && g.below(2) == 0) {
      // losing as the value grows: half the time, a margin whose root in the
      // entry's tier lies past the next cap, but not that of the next tier
      std::size_t k = 0;
      while (k + 1 < rows.size() && !(value < rows[k].cap)) ++k;
      if (k + 1 < rows.size()) {
        const dec cap = rows[k].cap;
        const dec lo = mul<round::up>(1.0_dec + rows[k].maintenance.value(), cap) - value;
        const dec hi = mul<round::down>(1.0_dec + rows[k + 1].maintenance.value(), cap) - value;
        if (lo < hi) margin = lo + dec::from_raw(static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>((hi - lo).raw()))));
      }
    }
    const auto mp = backed(p, margin);
    const auto conv = at_mark<dec>();
    const auto lp = liquidation_price(mp, m, conv, no_tick);
    REQUIRE(lp.has_value());
    auto gap = [&](dec x) {
      return (equity_at(mp, price{x}).value() - maintenance_requirement(mp, price{x}, m, conv).value()).value().to_double();
    };
    if (!(gap(entry) > 0) || lp->state != price_state::at_price) continue;
    ++checked;
    const dec at = lp->value.value();
    const dec step = dec::epsilon();
    const dec beyond = is_long ? at - step : at + step;
    const double slope = 2 * exposure<round::down>(p).to_double() / (inv ? at.to_double() * at.to_double() : 1.0);
    if (beyond > dec{}) REQUIRE(gap(beyond) <= 8e-8 + 2e-8 * slope);
    // safe from the entry to the answer: at the answer's safe neighbour and at samples between
    const dec before = is_long ? at + step : at - step;
    INFO("inverse ", inv, " long ", is_long, " exclusive ", rule == cap_rule::exclusive, " size ", p.size.value(),
         " entry ", entry, " margin ", mp.margin.value(), " scale ", scale, " answer ", at);
    REQUIRE(gap(before) >= -4e-8);
    for (int k = 1; k < 8; ++k) {
      const dec x = entry + muldiv<round::down>(at - entry, dec::from_int(k), 8.0_dec);
      REQUIRE(gap(x) >= -4e-8);
    }
    // an answer where the requirement jumps (a cap), not a root of a tier's line
    if (beyond > dec{} && gap(before) - gap(beyond) > 1e-4) ++boundary_answers;
  }
  MESSAGE(checked, " answers checked, ", boundary_answers, " on a tier boundary");
  CHECK(checked > 20000);
  CHECK(boundary_answers > 2000);
}

namespace {
using solvency_test::num;
/// The batch (tiers read once, the lean path) against one call per position
/// (the model asked each time, the general path): identical answers and errors.
template <class N, class M>
void batch_equals_single(const M& model, solvency_test::rng& g, int n, int& prices) {
  std::vector<margined_position<N>> in;
  const std::array<liquidation_convention<N>, 6> convs{
      at_mark<N>(), at_entry<N>(), at_mark<N>(close_fee::on_value_at_price, num<N>(0.0005)),
      at_mark<N>(close_fee::on_bankruptcy_value, num<N>(0.00055)), bybit_uta<N>(num<N>(0.00055)),
      liquidation_convention<N>{{measure_at::mark, close_fee::excluded, {}}, {size_unit::exposure, value_currency::settlement}, false}};
  for (int i = 0; i < n; ++i) {
    const auto kind = static_cast<contract_kind>(g.below(3));
    const side s = g.below(2) ? side::long_ : side::short_;
    const double entry = 1.0 + static_cast<double>(g.below(1000000)) / 10.0;
    const double size = kind == contract_kind::inverse ? static_cast<double>(g.below(2000000) + 1)
                                                       : static_cast<double>(g.below(200000) + 1) / 100.0;
    const double mult = kind == contract_kind::quanto ? 0.001 : 1.0;
    const double value = kind == contract_kind::inverse ? size / entry : size * mult * entry;
    const double margin = value * (static_cast<double>(g.below(3000)) / 1000.0 - 0.3);
    const position<N> p{s, quantity<N>{num<N>(size)}, price<N>{num<N>(entry)}, contract<N>{kind, num<N>(mult)}};
    margined_position<N> mp{p, money<N>{num<N>(margin)}, {}};
    mp.extra_margin = money<N>{mp.margin.value() - mp.margin.value()};
    if (g.below(50) == 0) mp.pos.size = quantity<N>{};  // some bad input too
    in.push_back(mp);
  }
  std::vector<result<solved_price<N>>> out(in.size(), solved_price<N>{});
  for (const auto& conv : convs) {
    for (const auto& tick : {N{}, num<N>(0.01), num<N>(0.5)}) {
      REQUIRE(liquidation_prices(std::span<const margined_position<N>>(in), model, conv, price_delta<N>{tick}, out).has_value());
      for (std::size_t i = 0; i < in.size(); ++i) {
        const auto one = liquidation_price(in[i], model, conv, price_delta<N>{tick});
        REQUIRE(out[i] == one);
        prices += one && one->has_price();
      }
    }
  }
}
}  // namespace

TEST_CASE("batch: the tiers read once and the lean path answer as the general path") {
  solvency_test::rng g{37};
  int prices = 0;
  batch_equals_single<dec>(btcusdt_model{}, g, 600, prices);
  batch_equals_single<dec>(tiered_with_deduction<dec>{btcusdt.view().value()}, g, 600, prices);
  batch_equals_single<double>(tiered_with_deduction<double>{btcusdt_d.view().value()}, g, 600, prices);
  constexpr auto jump = make_tier_table(std::array{
                            tier_row<dec>{100000.0_dec, rate{0.01_dec}, rate{0.02_dec}, rate{50.0_dec}, {}, false},
                            tier_row<dec>{1000000.0_dec, rate{0.1_dec}, rate{0.2_dec}, rate{5.0_dec}, {}, false}})
                            .value();
  batch_equals_single<dec>(static_tiered_whole_position<jump, tier_basis::notional>{}, g, 600, prices);
  constexpr auto jump_x = fixed_tier_table<dec, 2>{cap_rule::exclusive, jump.rows};
  batch_equals_single<dec>(static_tiered_whole_position<jump_x, tier_basis::notional>{}, g, 600, prices);
  batch_equals_single<dec>(flat(0.01_dec), g, 600, prices);
  batch_equals_single<double>(flat(0.01), g, 600, prices);
  // more tiers than a batch reads at once: the model is asked per position
  batch_equals_single<dec>(stepped_risk_limit<dec>{rate{0.004_dec}, rate{0.01_dec}, money{1000000.0_dec}, money{1000000.0_dec}}, g,
                           300, prices);
  // tiered by size: one tier per position, never read once
  batch_equals_single<dec>(static_tiered_whole_position<jump, tier_basis::size>{}, g, 600, prices);
  CHECK(prices > 40000);
}

TEST_CASE("a value at entry of 2^64 - 1 raw units and a remainder is an overflow") {
  // (rounding its magnitude up once wrapped around to 0: "never")
  const margined_position<dec> mp = backed(linear(side::long_, dec::from_raw(1827028596129757545), dec::from_raw(1009658202)),
                                           1000.0_dec);
  CHECK(liquidation_price(mp, flat(0.01_dec), at_mark<dec>(), no_tick) == failure{errc::overflow});
  CHECK(bankruptcy_price(mp, at_mark<dec>(), no_tick) == failure{errc::overflow});
  std::vector<margined_position<dec>> many(8, mp);
  std::vector<result<solved_price<dec>>> out(8, solved_price<dec>{});
  REQUIRE(liquidation_prices(std::span<const margined_position<dec>>(many), flat(0.01_dec), at_mark<dec>(), no_tick, out).has_value());
  for (const auto& r : out) CHECK(r == failure{errc::overflow});
}

namespace {
/// Tables for the fast passes' corners: an exclusive-cap table (Hyperliquid),
/// caps crowding one binade (the cache's binary search), more than 17 rows
/// (the lookup's binary search), caps of 10^-7 scale.
template <class N>
std::vector<tier_row<N>> rows_for(int which) {
  std::vector<tier_row<N>> rows;
  const auto add = [&](double cap, double mmr) {
    const N m = num<N>(mmr);
    rows.push_back({num<N>(cap), rate<N>{m}, rate<N>{m + m < from_int<N>(1) ? m + m : from_int<N>(1)}, rate<N>{from_int<N>(1)}, {}, false});
  };
  switch (which) {
    case 0:  // crowded: 100, 110, ..., 190 share a binade
      for (int i = 0; i < 10; ++i) add(100.0 + 10.0 * i, 0.004 + 0.003 * i);
      break;
    case 1:  // 24 rows
      for (int i = 0; i < 24; ++i) add(1000.0 * (i + 1) * (i + 1), 0.002 + 0.004 * i);
      break;
    default:  // tiny caps
      for (int i = 0; i < 6; ++i) add(1e-7 * (i + 1) * 10, 0.01 + 0.02 * i);
      break;
  }
  REQUIRE(fill_deductions(std::span<tier_row<N>>(rows)).has_value());
  return rows;
}

/// Positions whose root is steered onto a tier's edge (within a few raw
/// units, or 1e-12 .. 1e-6 relative), of every kind and side, some of them
/// bad, for one table's caps.
struct table_numbers {
  std::vector<double> caps, mmrs, deductions;
};
template <class N>
std::vector<margined_position<N>> edge_positions(solvency_test::rng& g, int n, const table_numbers& t) {
  const std::vector<double>& caps = t.caps;
  std::vector<margined_position<N>> out;
  const std::array<double, 7> rel{0.0, 1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6};
  for (int i = 0; i < n; ++i) {
    const auto kind = static_cast<contract_kind>(g.below(3));
    const bool is_long = g.below(2) != 0;
    const double entry = std::pow(10.0, static_cast<double>(g.below(9000)) / 1000.0 - 3.0);  // 0.001 .. 1e6
    const double mult = kind == contract_kind::quanto ? 0.001 : (g.below(4) == 0 ? 10.0 : 1.0);
    // a value at entry near a random cap (or anywhere), a size to match
    const double cap = caps[g.below(caps.size())];
    const double value = g.below(3) == 0 ? cap * (1.0 + rel[g.below(rel.size())]) : cap * static_cast<double>(g.below(2000) + 1) / 1000.0;
    const double digits = mult < 1.0 ? 1e5 : 1e6;  // (a quanto's exposure exact at eight places)
    double size = kind == contract_kind::inverse ? value * entry / mult : value / (entry * mult);
    size = std::min(1e9, std::max(1e-5, std::round(size * digits) / digits));
    const double units = size * mult, ve = kind == contract_kind::inverse ? units / entry : units * entry;
    // a root x* near another cap, in the tier j that holds it:
    // x* = beta / slope, beta = M + sigma V_E + d_j, slope = sigma + MMR_j
    const double target = caps[g.below(caps.size())] * (1.0 + rel[g.below(rel.size())]);
    std::size_t j = 0;
    while (j + 1 < caps.size() && caps[j] < target) ++j;
    const double sigma = (kind == contract_kind::inverse) == is_long ? 1.0 : -1.0;
    double margin = target * (sigma + t.mmrs[j]) - sigma * ve - t.deductions[j];
    if (g.below(4) == 0) margin = ve * (static_cast<double>(g.below(3000)) / 1000.0 - 0.5);
    margin = std::min(1e10, std::max(-1e10, margin));
    margined_position<N> mp{{is_long ? side::long_ : side::short_, quantity<N>{num<N>(size)}, price<N>{num<N>(entry)},
                             contract<N>{kind, num<N>(mult)}},
                            money<N>{num<N>(std::round(margin * 1e6) / 1e6)},
                            {}};
    switch (g.below(60)) {  // some bad input
      case 0: mp.pos.size = quantity<N>{}; break;
      case 1: mp.pos.entry = price<N>{-mp.pos.entry.value()}; break;
      case 2: mp.pos.side = static_cast<side>(3); break;
      case 3: mp.margin = money<N>{num<N>(9e10)}; break;
      default: break;
    }
    out.push_back(mp);
  }
  return out;
}

template <class Rounding, class N, class M>
void batch_equals_single_edges(const M& model, const table_numbers& caps, solvency_test::rng& g, int n, int& prices) {
  const auto in = edge_positions<N>(g, n, caps);
  const std::span<const margined_position<N>> span(in);
  const std::array<liquidation_convention<N>, 5> convs{
      at_mark<N>(), at_entry<N>(), at_mark<N>(close_fee::on_value_at_price, num<N>(0.0005)),
      at_mark<N>(close_fee::on_bankruptcy_value, num<N>(0.00055)),
      liquidation_convention<N>{{measure_at::mark, close_fee::excluded, {}}, {size_unit::exposure, value_currency::quote}, false}};
  std::vector<result<solved_price<N>>> out(in.size(), solved_price<N>{});
  for (const auto& conv : convs) {
    for (const double tick : {0.0, 1e-8, 0.01, 0.5, 1000.0}) {
      const price_delta<N> t{num<N>(tick)};
      REQUIRE(liquidation_prices<Rounding>(span, model, conv, t, out).has_value());
      for (std::size_t i = 0; i < in.size(); ++i) {
        const auto one = liquidation_price<Rounding>(in[i], model, conv, t);
        REQUIRE(out[i] == one);
        prices += one && one->has_price();
      }
      REQUIRE(bankruptcy_prices<Rounding>(span, conv, t, out).has_value());
      for (std::size_t i = 0; i < in.size(); ++i) REQUIRE(out[i] == bankruptcy_price<Rounding>(in[i], conv, t));
    }
  }
}

template <class N, class M>
void all_roundings(const M& model, const table_numbers& caps, solvency_test::rng& g, int n, int& prices) {
  batch_equals_single_edges<conservative_rounding, N>(model, caps, g, n, prices);
  batch_equals_single_edges<uniform_rounding<round::nearest_even>, N>(model, caps, g, n / 4, prices);
  batch_equals_single_edges<uniform_rounding<round::up>, N>(model, caps, g, n / 4, prices);
}

template <class N>
table_numbers caps_of(std::span<const tier_row<N>> rows) {
  table_numbers t;
  for (const auto& r : rows) {
    t.caps.push_back(to_double(r.cap));
    t.mmrs.push_back(to_double(r.maintenance.value()));
    t.deductions.push_back(to_double(r.deduction.value()));
  }
  return t;
}
}  // namespace

TEST_CASE("batch: the fast passes answer as one call per position, roots steered onto tier edges (generated)") {
  solvency_test::rng g{38};
  int prices = 0;
  // Binance BTCUSDT, static and a view, decimal and double
  all_roundings<dec>(btcusdt_model{}, caps_of<dec>(btcusdt.rows), g, 600, prices);
  all_roundings<double>(tiered_with_deduction<double>{btcusdt_d.view().value()}, caps_of<double>(btcusdt_d.rows), g, 600, prices);
  // Hyperliquid-like: cap-exclusive
  constexpr auto hl = fixed_tier_table<dec, 10>{cap_rule::exclusive, btcusdt.rows};
  all_roundings<dec>(static_tiered_with_deduction<hl>{}, caps_of<dec>(hl.rows), g, 400, prices);
  for (int which = 0; which < 3; ++which) {
    const auto rd = rows_for<dec>(which);
    const auto rf = rows_for<double>(which);
    all_roundings<dec>(tiered_with_deduction<dec>{tier_table_view<dec>::make(rd).value()}, caps_of<dec>(rd), g, 400, prices);
    all_roundings<double>(tiered_with_deduction<double>{tier_table_view<double>::make(rf).value()}, caps_of<double>(rf), g, 400,
                          prices);
    // without deduction: the requirement jumps at each cap
    all_roundings<dec>(tiered_whole_position<dec>{tier_table_view<dec>::make(rd).value(), tier_basis::notional}, caps_of<dec>(rd), g,
                       200, prices);
  }
  CHECK(prices > 100000);
}

// lean_finish (the batch's and finish_root_fast's shortcut) against
// finish_root (root_price's exact quotient, then to_tick), on roots of every
// size, side and rounding: a third of them steered so that the price is a
// whole number of ticks, or a few raw units off one, where the decimal's
// estimate of the quotient cannot tell its floor and the exact division
// must answer.
template <class N, class Rounding>
void lean_finish_matches(solvency_test::rng& g, int n, int& taken, int& near_whole) {
  using detail::liq::parked_root;
  for (int i = 0; i < n; ++i) {
    const bool is_long = g.below(2) != 0, inv = g.below(4) == 0;
    const std::int64_t t_raw = std::array<std::int64_t, 4>{1, 50'000, 10'000'000, 50'000'000}[g.below(4)];
    // slope = sigma + rate: a long's (linear) is negative
    const std::int64_t rate = static_cast<std::int64_t>(g.below(60'000'000));
    const std::int64_t slope = (is_long != inv ? -100'000'000 : 100'000'000) + rate;
    const std::int64_t units = static_cast<std::int64_t>(1 + g.below(std::uint64_t{1} << (10 + g.below(36))));
    std::int64_t beta = 0;
    if (g.below(3) == 0 && !inv) {
      // beta = k ticks x slope x units / 10^16, then a few raw units off
      const double k = static_cast<double>(1 + g.below(10'000'000));
      const double exact = k * static_cast<double>(t_raw) * static_cast<double>(slope) * static_cast<double>(units) / 1e16;
      if (!(std::abs(exact) < 4e18)) continue;
      beta = static_cast<std::int64_t>(exact) + static_cast<std::int64_t>(g.below(5)) - 2;
      ++near_whole;
    } else {
      beta = static_cast<std::int64_t>(g.below(std::uint64_t{1} << (20 + g.below(40))));
      if (slope < 0) beta = -beta;  // a positive price
    }
    N b{}, s{}, u{}, t{};
    if constexpr (std::is_same_v<N, double>) {
      b = static_cast<double>(beta) / 1e8;
      s = static_cast<double>(slope) / 1e8;
      u = static_cast<double>(units) / 1e8;
      t = static_cast<double>(t_raw) / 1e8;
    } else {
      b = N::from_raw(beta);
      s = N::from_raw(slope);
      u = N::from_raw(units);
      t = N::from_raw(t_raw);
    }
    const detail::liq::line<N> l{b, s};
    detail::liq::frame<N> f;
    f.units = u;
    f.inverse = inv;
    f.is_long = is_long;
    result<solved_price<N>> lean = solved_price<N>{};
    if (!detail::liq::lean_finish<Rounding>(parked_root<N>{u, l, inv, is_long}, detail::liq::batch_tick(t), lean)) continue;
    ++taken;
    const result<solved_price<N>> exact = detail::liq::finish_root<Rounding>(f, l, detail::liq::plain_tick(t));
    REQUIRE_MESSAGE(lean == exact, "beta ", beta, " slope ", slope, " units ", units, " tick ", t_raw, " long ", is_long,
                    " inverse ", inv);
  }
}

TEST_CASE("lean_finish answers as finish_root, prices on and next to whole ticks included (generated)") {
  solvency_test::rng g{41};
  int taken = 0, near_whole = 0;
  lean_finish_matches<dec, conservative_rounding>(g, 60'000, taken, near_whole);
  lean_finish_matches<dec, tick_rounding<round::nearest_even, round::nearest_even>>(g, 20'000, taken, near_whole);
  lean_finish_matches<double, conservative_rounding>(g, 40'000, taken, near_whole);
  lean_finish_matches<double, tick_rounding<round::down, round::up>>(g, 20'000, taken, near_whole);
  CHECK(near_whole > 25'000);
  CHECK(taken > 100'000);
}
