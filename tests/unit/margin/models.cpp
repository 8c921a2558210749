// Tests for solvency/margin/models.hpp: every model against the venues'
// published numbers (BitMEX risk steps, Deribit lines, dYdX tiers, OKX and
// Hyperliquid tables), the tier ranges the liquidation solver walks, bad
// input, and generated comparisons (static table vs run-time view, decimal
// vs double).
#include <solvency/margin/models.hpp>
#include <solvency/margin/requirements.hpp>

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

constexpr margin_input<dec> in(dec size, dec notional) { return {quantity{size}, money{notional}}; }
constexpr margin_input<dec> value(dec notional) { return {quantity{0.0_dec}, money{notional}}; }

constexpr bool same_tier(const margin_tier<dec>& a, const margin_tier<dec>& b) {
  return a.initial == b.initial && a.maintenance == b.maintenance && a.deduction == b.deduction &&
         a.max_leverage == b.max_leverage && a.lower == b.lower && a.upper == b.upper &&
         a.unbounded == b.unbounded && a.upper_inclusive == b.upper_inclusive;
}

// --- Binance BTCUSDT 2021 brackets (venues.md 1.1) ------------------------------
constexpr auto btcusdt = tiers_from(std::array<binance_bracket<dec>, 10>{{
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
                                    }})
                               .value();
// The table as a template argument ...
using binance_static = static_tiered_with_deduction<btcusdt>;
// ... and as a run-time view over the same rows.
constexpr tiered_with_deduction<dec> binance_view{btcusdt.view().value()};

// --- OKX 1INCHUSDT tiers in contracts (venues.md 6.1) ----------------------------
constexpr auto okx_1inch = tiers_from(std::array<okx_position_tier<dec>, 4>{{
                                          {0.0_dec, 1000.0_dec, 0.01_dec, 0.013_dec, 75.0_dec},
                                          {1001.0_dec, 2500.0_dec, 0.015_dec, 0.02_dec, 50.0_dec},
                                          {2501.0_dec, 65000.0_dec, 0.02_dec, 0.05_dec, 20.0_dec},
                                          {65001.0_dec, 130000.0_dec, 0.025_dec, 0.055_dec, 18.18_dec},
                                      }})
                                 .value();
using okx_static = static_tiered_whole_position<okx_1inch>;  // by size (contracts)

// --- Hyperliquid BTC (venues.md 8.1) ----------------------------------------------
constexpr auto hl_btc = tiers_from(std::array{hyperliquid_margin_tier<dec>{0.0_dec, 40.0_dec},
                                              hyperliquid_margin_tier<dec>{150000000.0_dec, 20.0_dec}})
                            .value();

// --- BitMEX risk limits (venues.md 7.1) ---------------------------------------------
constexpr stepped_risk_limit<dec> bitmex_old{rate{0.004_dec}, rate{0.01_dec}, money{200.0_dec}, money{100.0_dec}};
constexpr stepped_risk_limit<dec> bitmex_new{rate{0.005_dec}, rate{0.01_dec}, money{200.0_dec}, money{150.0_dec}};

// --- Deribit (venues.md 9.1) ---------------------------------------------------------
constexpr size_linear_margin<dec> deribit_btc{rate{0.02_dec}, rate{0.00005_dec}, rate{0.01_dec}, rate{0.00005_dec}};
constexpr size_linear_margin<dec> deribit_sol{rate{0.04_dec}, rate{0.000005_dec}, rate{0.02_dec}, rate{0.000005_dec}};

constexpr money<dec> mm(const auto& model, margin_input<dec> i) { return maintenance_margin(model, i).value(); }
constexpr money<dec> im(const auto& model, margin_input<dec> i) { return initial_margin(model, i).value(); }

}  // namespace

TEST_CASE("BitMEX BMX-5, BMX-6: the old XBTUSD risk steps (base 0.40% / 1.00%, 200 XBT, step 100)") {
  // BMX-5: 180 XBT -> 0 steps, MM 0.40% = 0.72 XBT
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(180.0_dec))->maintenance == rate{0.004_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(bitmex_old, value(180.0_dec)) == money{0.72_dec});
  // BMX-6: 300 XBT -> 1 step: 0.40% + 1 x 0.40% = 0.80%; 2.4 XBT
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(300.0_dec))->maintenance == rate{0.008_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(bitmex_old, value(300.0_dec)) == money{2.4_dec});
  // the table's rows: <300 0.80/1.40, <400 1.20/1.80, <500 1.60/2.20
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(300.0_dec))->initial == rate{0.014_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(400.0_dec))->maintenance == rate{0.012_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(400.0_dec))->initial == rate{0.018_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(450.0_dec))->maintenance == rate{0.016_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_old.tier_for(value(450.0_dec))->initial == rate{0.022_dec});
}

TEST_CASE("BitMEX BMX-7: the new steps (base 0.50% / 1.00%, step 150); a value at a limit is in that row") {
  SOLVENCY_CHECK_CONSTEXPR(mm(bitmex_new, value(180.0_dec)) == money{0.9_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.tier_for(value(180.0_dec))->maintenance == rate{0.005_dec});
  // add 50 -> 230 XBT: one step, 1.00% MM / 1.50% IM
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.tier_for(value(230.0_dec))->maintenance == rate{0.01_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.tier_for(value(230.0_dec))->initial == rate{0.015_dec});
  // at the limits: 200 -> 0 steps, 350 -> 1 step, 350.00000001 -> 2 steps (1.50 / 2.00)
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.steps_for(money{200.0_dec}) == 0.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.steps_for(money{350.0_dec}) == 1.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.tier_for(value(350.00000001_dec))->maintenance == rate{0.015_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.tier_for(value(500.0_dec))->initial == rate{0.02_dec});
  SOLVENCY_CHECK_CONSTEXPR(bitmex_new.tier_for(value(650.0_dec))->initial == rate{0.025_dec});
  // the range of step 1: (200, 350], cap included
  constexpr margin_tier<dec> t = bitmex_new.tier_for(value(230.0_dec)).value();
  SOLVENCY_CHECK_CONSTEXPR(t.lower == 200.0_dec && t.upper == 350.0_dec && t.upper_inclusive && !t.unbounded);
  SOLVENCY_CHECK_CONSTEXPR(t.contains(350.0_dec) && !t.contains(200.0_dec) && !t.contains(350.00000001_dec));
  constexpr margin_tier<dec> t0 = bitmex_new.tier_for(value(0.0_dec)).value();
  SOLVENCY_CHECK_CONSTEXPR(t0.lower == 0.0_dec && t0.upper == 200.0_dec && t0.contains(0.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(t0.max_leverage == rate{100.0_dec});
}

TEST_CASE("Deribit DB-1..DB-8: rates linear in the size, margin in coin and in USDC") {
  // DB-1: BTC_USDC 25 BTC @ 100,000: IM 2.125%; 0.53125 BTC; 53,125 USDC
  SOLVENCY_CHECK_CONSTEXPR(deribit_btc.tier_for(in(25.0_dec, 2500000.0_dec))->initial == rate{0.02125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_btc, in(25.0_dec, 25.0_dec)) == money{0.53125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_btc, in(25.0_dec, 2500000.0_dec)) == money{53125.0_dec});
  // DB-2: 350 BTC: 3.75%; 13.125 BTC; 1,312,500 USDC
  SOLVENCY_CHECK_CONSTEXPR(deribit_btc.tier_for(in(350.0_dec, 35000000.0_dec))->initial == rate{0.0375_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_btc, in(350.0_dec, 350.0_dec)) == money{13.125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_btc, in(350.0_dec, 35000000.0_dec)) == money{1312500.0_dec});
  // DB-3: 25 BTC MM: 1.125%; 0.28125 BTC; 28,125 USDC
  SOLVENCY_CHECK_CONSTEXPR(deribit_btc.tier_for(in(25.0_dec, 2500000.0_dec))->maintenance == rate{0.01125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(deribit_btc, in(25.0_dec, 25.0_dec)) == money{0.28125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(deribit_btc, in(25.0_dec, 2500000.0_dec)) == money{28125.0_dec});
  // DB-4: SOL_USDC 25 SOL @ 200: IM 4.0125%; 1.003125 SOL; 200.625 USDC
  SOLVENCY_CHECK_CONSTEXPR(deribit_sol.tier_for(in(25.0_dec, 5000.0_dec))->initial == rate{0.040125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_sol, in(25.0_dec, 25.0_dec)) == money{1.003125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_sol, in(25.0_dec, 5000.0_dec)) == money{200.625_dec});
  // DB-5: 6,000 SOL: 7%; 420 SOL; 84,000 USDC
  SOLVENCY_CHECK_CONSTEXPR(deribit_sol.tier_for(in(6000.0_dec, 1200000.0_dec))->initial == rate{0.07_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_sol, in(6000.0_dec, 6000.0_dec)) == money{420.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(deribit_sol, in(6000.0_dec, 1200000.0_dec)) == money{84000.0_dec});
  // DB-6: 25 SOL MM: 2.0125%; 0.503125 SOL; 100.625 USDC
  SOLVENCY_CHECK_CONSTEXPR(deribit_sol.tier_for(in(25.0_dec, 5000.0_dec))->maintenance == rate{0.020125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(deribit_sol, in(25.0_dec, 25.0_dec)) == money{0.503125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(deribit_sol, in(25.0_dec, 5000.0_dec)) == money{100.625_dec});
  // DB-7 (derived): 350 BTC MM: 2.75%; 9.625 BTC
  SOLVENCY_CHECK_CONSTEXPR(deribit_btc.tier_for(in(350.0_dec, 350.0_dec))->maintenance == rate{0.0275_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(deribit_btc, in(350.0_dec, 350.0_dec)) == money{9.625_dec});
  // DB-8: the legacy rule "IM 2% + 0.5% per 100 BTC": 2.125% (0.53125 BTC) / 3.75% (13.125 BTC).
  // (The legacy MM line is not part of DB-8; 1% + the same slope stands in.)
  constexpr rate<dec> per_100 = div<round::up>(money{0.005_dec}, money{100.0_dec});
  constexpr size_linear_margin<dec> legacy{rate{0.02_dec}, per_100, rate{0.01_dec}, per_100};
  SOLVENCY_CHECK_CONSTEXPR(legacy.tier_for(in(25.0_dec, 25.0_dec))->initial == rate{0.02125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(legacy, in(25.0_dec, 25.0_dec)) == money{0.53125_dec});
  SOLVENCY_CHECK_CONSTEXPR(legacy.tier_for(in(350.0_dec, 350.0_dec))->initial == rate{0.0375_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(legacy, in(350.0_dec, 350.0_dec)) == money{13.125_dec});
  // each size is its own tier: the range is the one point [size, size + epsilon)
  constexpr margin_tier<dec> t = deribit_btc.tier_for(in(25.0_dec, 25.0_dec)).value();
  SOLVENCY_CHECK_CONSTEXPR(deribit_btc.basis() == tier_basis::size);
  SOLVENCY_CHECK_CONSTEXPR(t.contains(25.0_dec) && !t.contains(25.00000001_dec) && !t.contains(24.99999999_dec));
  SOLVENCY_CHECK_CONSTEXPR(t.max_leverage == rate{47.05882352_dec});  // 1 / 2.125%, rounded down
}

TEST_CASE("dYdX v4: genesis liquidity tiers and open-interest IMF scaling") {
  // genesis: Large-Cap IMF 5%, MMF 60% of it (3%); Mid-Cap 10% / 50% (5%);
  // Long-Tail 20% / 50% (10%); Safety 100% / 20%
  constexpr auto large = oi_scaled_margin<dec>::from_ppm(50'000, 600'000);
  constexpr auto mid = oi_scaled_margin<dec>::from_ppm(100'000, 500'000);
  constexpr auto tail = oi_scaled_margin<dec>::from_ppm(200'000, 500'000);
  constexpr auto safety = oi_scaled_margin<dec>::from_ppm(1'000'000, 200'000);
  SOLVENCY_CHECK_CONSTEXPR(large.base_imf == rate{0.05_dec} && large.mmf == rate{0.03_dec});
  SOLVENCY_CHECK_CONSTEXPR(mid.base_imf == rate{0.1_dec} && mid.mmf == rate{0.05_dec});
  SOLVENCY_CHECK_CONSTEXPR(tail.base_imf == rate{0.2_dec} && tail.mmf == rate{0.1_dec});
  SOLVENCY_CHECK_CONSTEXPR(safety.base_imf == rate{1.0_dec} && safety.mmf == rate{0.2_dec});
  // upper cap 0: no scaling (Large-Cap in genesis); IMR = |S P IMF|, MMR = |S P MMF|
  SOLVENCY_CHECK_CONSTEXPR(im(large, value(10000.0_dec)) == money{500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(large, value(10000.0_dec)) == money{300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(safety.tier_for(value(1.0_dec))->max_leverage == rate{1.0_dec});

  // Scaling (DERIVED from the formula; caps 20M / 50M USDC as a v4-chain
  // genesis file sets them for a tier): open notional 500 x 70,000 = 35M ->
  // scaling 0.5, IMF 10% + 0.5 x 90% = 55%; MMF stays 5%.
  constexpr auto scaled = [](dec oi, dec px) {
    auto m = oi_scaled_margin<dec>::from_ppm(100'000, 500'000, money{20000000.0_dec}, money{50000000.0_dec});
    m.open_interest = quantity{oi};
    m.oracle_price = price{px};
    return m;
  };
  SOLVENCY_CHECK_CONSTEXPR(scaled(500.0_dec, 70000.0_dec).effective_imf().value() == rate{0.55_dec});
  SOLVENCY_CHECK_CONSTEXPR(scaled(500.0_dec, 70000.0_dec).tier_for(value(1.0_dec))->maintenance == rate{0.05_dec});
  SOLVENCY_CHECK_CONSTEXPR(scaled(500.0_dec, 70000.0_dec).tier_for(value(1.0_dec))->max_leverage ==
                           rate{1.81818181_dec});
  // at or below the lower cap: the base; at or above the upper cap: 100%
  SOLVENCY_CHECK_CONSTEXPR(scaled(200.0_dec, 100000.0_dec).effective_imf().value() == rate{0.1_dec});
  SOLVENCY_CHECK_CONSTEXPR(scaled(10.0_dec, 100000.0_dec).effective_imf().value() == rate{0.1_dec});
  SOLVENCY_CHECK_CONSTEXPR(scaled(500.0_dec, 100000.0_dec).effective_imf().value() == rate{1.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(scaled(900.0_dec, 100000.0_dec).effective_imf().value() == rate{1.0_dec});
  // one third of the way: 10% + 30% = 40%; a non-terminating fraction rounds up
  SOLVENCY_CHECK_CONSTEXPR(scaled(300.0_dec, 100000.0_dec).effective_imf().value() == rate{0.4_dec});
  SOLVENCY_CHECK_CONSTEXPR(scaled(300.0_dec, 100000.00000001_dec).effective_imf().value() == rate{0.40000001_dec});
  // the model is one tier over the whole axis
  constexpr margin_tier<dec> t = scaled(500.0_dec, 70000.0_dec).tier_for(value(1e9_dec)).value();
  SOLVENCY_CHECK_CONSTEXPR(t.unbounded && t.contains(0.0_dec) && t.contains(1e9_dec));
}

TEST_CASE("OKX whole-position tiers: the OKEx 2,500-contract cross example is tier 2") {
  // weekly 1,000 + bi-weekly 500 + quarterly 500 + bi-quarterly 500 contracts
  // of one underlying tier together (cross mode). OKEx's text does not print
  // its table; under the 1INCHUSDT tiers 2,500 is tier 2's cap.
  constexpr dec total = 1000.0_dec + 500.0_dec + 500.0_dec + 500.0_dec;
  SOLVENCY_CHECK_CONSTEXPR(total == 2500.0_dec);
  constexpr okx_static okx{};
  SOLVENCY_CHECK_CONSTEXPR(okx.basis() == tier_basis::size);
  SOLVENCY_CHECK_CONSTEXPR(okx.tier_for(in(total, 1.0_dec))->maintenance == rate{0.015_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx.tier_for(in(total + 1.0_dec, 1.0_dec))->maintenance == rate{0.02_dec});
  // the whole position at its tier's rate, no deduction: 2,000 contracts worth 5,000 USDT
  SOLVENCY_CHECK_CONSTEXPR(mm(okx, in(2000.0_dec, 5000.0_dec)) == money{75.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(okx.tier_for(in(2000.0_dec, 5000.0_dec))->deduction == money{0.0_dec});
  // the same table over a view, tiered by size
  constexpr tiered_whole_position<dec> okx_view{okx_1inch.view().value()};
  SOLVENCY_CHECK_CONSTEXPR(same_tier(okx_view.tier_for(in(2000.0_dec, 1.0_dec)).value(),
                                     okx.tier_for(in(2000.0_dec, 1.0_dec)).value()));
  // and its ranges: (1000, 2500], cap included
  constexpr margin_tier<dec> t = okx.tier_for(in(2000.0_dec, 1.0_dec)).value();
  SOLVENCY_CHECK_CONSTEXPR(t.lower == 1000.0_dec && t.upper == 2500.0_dec && t.upper_inclusive);
}

TEST_CASE("Hyperliquid through tiered_with_deduction: MM continuous at the 150M boundary") {
  constexpr tiered_with_deduction<dec> hl{hl_btc.view().value()};
  // below the boundary: 1/(2 x 40); at it: 1/(2 x 20) less 1,875,000 (the same MM)
  SOLVENCY_CHECK_CONSTEXPR(mm(hl, value(100000000.0_dec)) == money{1250000.0_dec});
  // 149,999,999.99999999 x 1.25% = 1,874,999.999999999875, rounded up
  SOLVENCY_CHECK_CONSTEXPR(mm(hl, value(149999999.99999999_dec)) == money{1875000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(hl, value(150000000.0_dec)) == money{1875000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(hl, value(200000000.0_dec)) == money{3125000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(hl.tier_for(value(150000000.0_dec))->max_leverage == rate{20.0_dec});
}

TEST_CASE("flat margin") {
  constexpr flat_margin<dec> flat{rate{0.1_dec}, rate{0.05_dec}};
  SOLVENCY_CHECK_CONSTEXPR(mm(flat, value(1000.0_dec)) == money{50.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(flat, value(1000.0_dec)) == money{100.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(flat.tier_for(value(1.0_dec))->max_leverage == rate{10.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(flat.tier_for(value(1.0_dec))->unbounded);
  CHECK(flat_margin<dec>{rate{0.05_dec}, rate{0.1_dec}}.tier_for(value(1.0_dec)).error() == errc::invalid_argument);
  CHECK(flat_margin<dec>{rate{1.5_dec}, rate{0.1_dec}}.tier_for(value(1.0_dec)).error() == errc::invalid_argument);
  CHECK(flat_margin<dec>{rate{0.1_dec}, rate{0.0_dec}}.tier_for(value(1.0_dec)).error() == errc::invalid_argument);
  CHECK(flat_margin<double>{rate{std::nan("")}, rate{0.1}}.tier_for({}).error() == errc::not_a_number);
}

TEST_CASE("the static table and the run-time view are the same model") {
  SOLVENCY_CHECK_CONSTEXPR(binance_static{}.basis() == tier_basis::notional);
  SOLVENCY_CHECK_CONSTEXPR(same_tier(binance_static{}.tier_for(value(264000.0_dec)).value(),
                                     binance_view.tier_for(value(264000.0_dec)).value()));
  // a third copy: rows loaded at run time into a caller buffer
  std::array<tier_row<dec>, 10> buffer{};
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    buffer[i] = btcusdt.rows[i];
    buffer[i].deduction_stated = false;  // as if the API sent no cum: recomputed
  }
  const tiered_with_deduction<dec> loaded{tier_table_view<dec>::make(buffer).value()};
  rng g{311};
  for (int i = 0; i < 100'000; ++i) {
    // notionals across all ten brackets, and exactly at the caps now and then
    const dec x = g.below(8) == 0 ? btcusdt.rows[g.below(10)].cap
                                  : dec::from_raw(static_cast<std::int64_t>(g.below(60'000'000'000'000'000)));
    const margin_input<dec> input{quantity{1.0_dec}, money{x}};
    const margin_tier<dec> a = binance_static{}.tier_for(input).value();
    REQUIRE(same_tier(a, binance_view.tier_for(input).value()));
    REQUIRE(same_tier(a, loaded.tier_for(input).value()));
    REQUIRE(a.contains(x));
    REQUIRE(maintenance_margin(binance_static{}, input) == maintenance_margin(loaded, input));
  }
}

TEST_CASE("decimal and double instantiations agree within a unit (100,000 notionals)") {
  // Bybit BTCUSDT risk limits in both number types
  constexpr std::array<std::array<double, 5>, 9> rows{{{2000000, 0.005, 0.01, 100, 0},
                                                       {2600000, 0.0056, 0.0111, 90, 1200},
                                                       {3200000, 0.0063, 0.0125, 80, 3020},
                                                       {3800000, 0.0067, 0.0133, 75, 4300},
                                                       {4400000, 0.0071, 0.0143, 70, 5820},
                                                       {5000000, 0.0077, 0.0154, 65, 8460},
                                                       {5600000, 0.0091, 0.0182, 55, 15460},
                                                       {8500000, 0.01, 0.02, 50, 20500},
                                                       {10000000, 0.013, 0.0222, 45, 46000}}};
  std::array<bybit_risk_limit<dec>, 9> rd{};
  std::array<bybit_risk_limit<double>, 9> rf{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const auto d = [](double x) { return dec::from_double<round::nearest_even>(x).value(); };
    rd[i] = {d(r[0]), d(r[1]), d(r[2]), d(r[3]), d(r[4])};
    rf[i] = {r[0], r[1], r[2], r[3], r[4]};
  }
  std::array<tier_row<dec>, 9> bd{};
  std::array<tier_row<double>, 9> bf{};
  const tiered_with_deduction<dec> md{tiers_from(rd, bd).value()};
  const tiered_with_deduction<double> mf{tiers_from(rf, bf).value()};
  rng g{312};
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t raw = static_cast<std::int64_t>(g.below(1'200'000'000'000'000));  // up to 12M
    const dec xd = dec::from_raw(raw);
    const double xf = xd.to_double();
    const money<dec> a = maintenance_margin(md, margin_input<dec>{quantity{1.0_dec}, money{xd}}).value();
    const auto b = maintenance_margin(mf, margin_input<double>{quantity{1.0}, money{xf}});
    REQUIRE(b.has_value());
    // one unit of the decimal's last place, plus the binary rounding of the double
    // (near a cap the two may pick neighbouring tiers: MM is continuous there)
    const double tol = 1e-8 + 8 * std::numeric_limits<double>::epsilon() * std::fabs(b->value());
    REQUIRE(std::fabs(a.value().to_double() - b->value()) <= tol);
  }
}

TEST_CASE("bad input to models, case by case") {
  // negative size, negative notional, error values, NaN
  CHECK(binance_view.tier_for(in(-1.0_dec, 1.0_dec)).error() == errc::non_positive_quantity);
  CHECK(binance_view.tier_for(in(1.0_dec, -1.0_dec)).error() == errc::invalid_argument);
  CHECK(binance_static{}.tier_for(in(1.0_dec, -1.0_dec)).error() == errc::invalid_argument);
  CHECK(binance_view.tier_for(in(1.0_dec, dec::error_value(errc::overflow))).error() == errc::overflow);
  CHECK(okx_static{}.tier_for(in(dec::error_value(errc::division_by_zero), 1.0_dec)).error() ==
        errc::division_by_zero);
  CHECK(tiered_with_deduction<dec>{}.tier_for(value(1.0_dec)).error() == errc::empty_table);
  CHECK(tiered_whole_position<dec>{}.tier_for(value(1.0_dec)).error() == errc::empty_table);
  const margin_input<double> nan_in{quantity{1.0}, money{std::nan("")}};
  CHECK(flat_margin<double>{rate{0.1}, rate{0.05}}.tier_for(nan_in).error() == errc::not_a_number);
  CHECK(size_linear_margin<double>{rate{0.02}, rate{0.00005}, rate{0.01}, rate{0.00005}}
            .tier_for({quantity{std::nan("")}, money{1.0}})
            .error() == errc::not_a_number);
  CHECK(stepped_risk_limit<double>{rate{0.004}, rate{0.01}, money{200.0}, money{100.0}}.tier_for(nan_in).error() ==
        errc::not_a_number);
  CHECK(deribit_btc.tier_for(in(-25.0_dec, 25.0_dec)).error() == errc::non_positive_quantity);
  CHECK(bitmex_new.tier_for(value(-1.0_dec)).error() == errc::invalid_argument);
  // bad parameters
  CHECK(stepped_risk_limit<dec>{rate{0.004_dec}, rate{0.01_dec}, money{200.0_dec}, money{0.0_dec}}
            .tier_for(value(1.0_dec))
            .error() == errc::invalid_argument);
  CHECK(stepped_risk_limit<dec>{rate{0.02_dec}, rate{0.01_dec}, money{200.0_dec}, money{100.0_dec}}
            .tier_for(value(1.0_dec))
            .error() == errc::invalid_argument);
  CHECK(size_linear_margin<dec>{rate{0.02_dec}, rate{0.00001_dec}, rate{0.01_dec}, rate{0.00005_dec}}
            .tier_for(value(1.0_dec))
            .error() == errc::invalid_argument);
  CHECK(size_linear_margin<dec>{rate{0.02_dec}, rate{0.0_dec}, rate{0.01_dec}, rate{-0.1_dec}}
            .tier_for(value(1.0_dec))
            .error() == errc::invalid_argument);
  auto oi = oi_scaled_margin<dec>::from_ppm(100'000, 500'000, money{50.0_dec}, money{20.0_dec});
  oi.oracle_price = price{1.0_dec};
  CHECK(oi.tier_for(value(1.0_dec)).error() == errc::invalid_argument);  // lower cap above upper
  oi = oi_scaled_margin<dec>::from_ppm(100'000, 500'000, money{20.0_dec}, money{50.0_dec});
  CHECK(oi.tier_for(value(1.0_dec)).error() == errc::non_positive_price);
  oi.oracle_price = price{1.0_dec};
  oi.open_interest = quantity{-1.0_dec};
  CHECK(oi.tier_for(value(1.0_dec)).error() == errc::invalid_argument);
  CHECK(oi_scaled_margin<dec>::from_ppm(100'000, 2'000'000).tier_for(value(1.0_dec)).error() ==
        errc::invalid_argument);  // MMF above IMF
  // a huge value with many steps overflows into an error, never a wrapped number
  CHECK(stepped_risk_limit<dec>{rate{0.5_dec}, rate{0.5_dec}, money{0.00000001_dec}, money{0.00000001_dec}}
            .tier_for(value(90000000000.0_dec))
            .error() == errc::overflow);
}

TEST_CASE("ranges hold their inputs (generated, every model)") {
  rng g{313};
  for (int i = 0; i < 20'000; ++i) {
    const dec size = dec::from_raw(static_cast<std::int64_t>(g.below(100'000'000'000'000)));
    const dec notional = dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000'000'000)));
    const dec xbt = dec::from_raw(static_cast<std::int64_t>(g.below(1'000'000'000'000)));  // up to 10,000 XBT
    const margin_input<dec> x{quantity{size}, money{notional}};
    REQUIRE(bitmex_new.tier_for(value(xbt))->contains(xbt));
    REQUIRE(deribit_btc.tier_for(x)->contains(size));
    REQUIRE(okx_static{}.tier_for(x)->contains(size));
    REQUIRE(binance_static{}.tier_for(x)->contains(notional));
    // MM is non-decreasing in the value for the stepped and linear models
    const dec bigger = xbt + dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000)));
    REQUIRE(mm(bitmex_new, value(bigger)) >= mm(bitmex_new, value(xbt)));
    REQUIRE(mm(deribit_btc, in(size + 1.0_dec, notional)) >= mm(deribit_btc, in(size, notional)));
  }
  // double: the one-point range of a size-linear tier holds its size
  const size_linear_margin<double> d{rate{0.02}, rate{0.00005}, rate{0.01}, rate{0.00005}};
  for (double s : {0.0, 1e-300, 0.1, 25.0, 1e15}) CHECK(d.tier_for({quantity{s}, money{1.0}})->contains(s));
}

TEST_CASE("stepped risk limits in double: huge values give an error, never undefined behaviour") {
  const stepped_risk_limit<double> m{rate{0.004}, rate{0.01}, money{200.0}, money{100.0}};
  CHECK(m.tier_for({quantity{0.0}, money{300.0}})->maintenance == rate{0.008});
  CHECK(m.steps_for(money{1e300}) == doctest::Approx(1e298));
  CHECK(m.tier_for({quantity{0.0}, money{1e300}})->maintenance.value() == doctest::Approx(0.004 * (1e298 + 1)));
  CHECK(m.tier_for({quantity{0.0}, money{std::numeric_limits<double>::max()}}).has_value());
  const stepped_risk_limit<double> tiny_step{rate{0.004}, rate{0.01}, money{200.0}, money{1e-300}};
  CHECK(tiny_step.tier_for({quantity{0.0}, money{1e300}}).error() == errc::infinite);
}
