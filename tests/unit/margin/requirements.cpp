// Tests for solvency/margin/requirements.hpp: maintenance and initial margin
// amounts from tiers, models and positions; the fee-to-close conventions;
// leverage checks; the unit choices of margin_input_at; rounding against
// exact arithmetic.
#include <solvency/margin/requirements.hpp>

#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"

#include <array>
#include <cmath>
#include <cstdint>

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

namespace {
__extension__ typedef __int128 i128;

constexpr tier_row<dec> row(dec cap, dec mmr, dec imr, dec lev) {
  return {cap, rate{mmr}, rate{imr}, rate{lev}, money<dec>{}, false};
}

// Binance COIN-M BTCUSD (older page; see tests/unit/margin/tier_table.cpp): in BTC.
constexpr auto btcusd_coinm = make_tier_table(std::array{
    row(10.0_dec, 0.004_dec, 0.008_dec, 125.0_dec), row(20.0_dec, 0.005_dec, 0.01_dec, 100.0_dec),
    row(30.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(50.0_dec, 0.025_dec, 0.05_dec, 20.0_dec),
    row(100.0_dec, 0.05_dec, 0.1_dec, 10.0_dec), row(200.0_dec, 0.1_dec, 0.2_dec, 5.0_dec),
    row(400.0_dec, 0.125_dec, 0.25_dec, 4.0_dec)}).value();
using coinm_model = static_tiered_with_deduction<btcusd_coinm>;

// Binance BTCUSDT 2021 brackets (first four).
constexpr auto btcusdt = make_tier_table(std::array{
    row(50000.0_dec, 0.004_dec, 0.008_dec, 125.0_dec), row(250000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec),
    row(1000000.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(10000000.0_dec, 0.025_dec, 0.05_dec, 20.0_dec)}).value();
using binance_model = static_tiered_with_deduction<btcusdt>;

// Bybit BTCUSDT first risk limit, 0.5% / 1% / 100x.
constexpr auto bybit_first = make_tier_table(std::array{row(2000000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec)}).value();
using bybit_model = static_tiered_with_deduction<bybit_first>;

constexpr position<dec> btc_long(dec size, dec entry) {
  return {side::long_, quantity{size}, price{entry}, linear_contract(1.0_dec)};
}

constexpr margin_input<dec> value(dec notional) { return {quantity{0.0_dec}, money{notional}}; }
}  // namespace

TEST_CASE("Binance COIN-M BC-M1: 100 BTCUSD contracts at 25,000 -> 0.4 BTC, MM 0.0016 BTC") {
  constexpr position<dec> pos{side::long_, quantity{100.0_dec}, price{24000.0_dec}, inverse_contract(100.0_dec)};
  // the tier variable is the notional in coin: 100 x 100 USD / 25,000
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(pos, price{25000.0_dec})->notional == money{0.4_dec});
  SOLVENCY_CHECK_CONSTEXPR(position_maintenance_margin(coinm_model{}, pos, price{25000.0_dec}).value() ==
                           money{0.0016_dec});
}

TEST_CASE("Bybit BY-L1 and BY-L7: IM 400 / MM 100 (classic), MM 221.56 with the fee to close (UTA)") {
  // BY-L1: long 1 BTC @ 20,000, 50x, MMR 0.5%, classic page: MM on the entry value
  constexpr position<dec> by_l1 = btc_long(1.0_dec, 20000.0_dec);
  constexpr margin_convention<dec> classic{measure_at::entry, close_fee::excluded, rate<dec>{}};
  SOLVENCY_CHECK_CONSTEXPR(position_initial_margin(bybit_model{}, by_l1, by_l1.entry, rate{50.0_dec}).value() ==
                           money{400.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(position_maintenance_margin(bybit_model{}, by_l1, price{19000.0_dec}, classic).value() ==
                           money{100.0_dec});
  // BY-L7: long 1 BTC @ 40,000, 50x, taker 0.055%: MM = 40,000 x 0.5% + 40,000 x 0.98 x 0.055%
  // (the fee on the value at the bankruptcy price, 40,000 x (1 - 1/50) = 39,200)
  constexpr position<dec> by_l7 = btc_long(1.0_dec, 40000.0_dec);
  constexpr margin_convention<dec> uta{measure_at::mark, close_fee::on_bankruptcy_value, rate{0.00055_dec}};
  SOLVENCY_CHECK_CONSTEXPR(position_maintenance_margin(bybit_model{}, by_l7, price{40000.0_dec}, uta,
                                                       money{39200.0_dec})
                               .value() == money{221.56_dec});
  SOLVENCY_CHECK_CONSTEXPR(fee_to_close(uta, money{40000.0_dec}, money{39200.0_dec}).value() == money{21.56_dec});
  // without the bankruptcy value the UTA convention cannot be evaluated
  CHECK(position_maintenance_margin(bybit_model{}, by_l7, price{40000.0_dec}, uta).error() == errc::invalid_argument);
}

TEST_CASE("BitMEX BMX-4 margins: IM 2% = 400, MM 1% = 200 of the entry value") {
  constexpr position<dec> eth{side::long_, quantity{20.0_dec}, price{1000.0_dec}, linear_contract(1.0_dec)};
  constexpr flat_margin<dec> bitmex_eth{rate{0.02_dec}, rate{0.01_dec}};
  constexpr margin_convention<dec> at_entry{measure_at::entry, close_fee::excluded, rate<dec>{}};
  SOLVENCY_CHECK_CONSTEXPR(position_initial_margin(bitmex_eth, eth, eth.entry, rate{50.0_dec}).value() ==
                           money{400.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(position_maintenance_margin(bitmex_eth, eth, price{510.0_dec}, at_entry).value() ==
                           money{200.0_dec});
  // measured at the mark instead, it would follow the price
  SOLVENCY_CHECK_CONSTEXPR(position_maintenance_margin(bitmex_eth, eth, price{510.0_dec}).value() == money{102.0_dec});
  // BitMEX adds the commission to close on the value (OKX: MMR + fee rate)
  constexpr margin_convention<dec> with_fee{measure_at::entry, close_fee::on_value_at_price, rate{0.00075_dec}};
  SOLVENCY_CHECK_CONSTEXPR(position_maintenance_margin(bitmex_eth, eth, price{510.0_dec}, with_fee).value() ==
                           money{215.0_dec});
}

TEST_CASE("maintenance margin from a tier: deduction, floor at zero, conventions") {
  constexpr margin_tier<dec> t3 = btcusdt.tier_of(500000.0_dec).value();
  SOLVENCY_CHECK_CONSTEXPR(maintenance_margin(t3, money{500000.0_dec}).value() == money{3700.0_dec});  // 5,000 - 1,300
  // a tier priced below its floor would go negative: never below zero
  SOLVENCY_CHECK_CONSTEXPR(maintenance_margin(t3, money{100000.0_dec}).value() == money{0.0_dec});
  // rounding up: 0.00000001 x 0.4% is 4e-11, charged as one unit
  constexpr margin_tier<dec> t1 = btcusdt.tier_of(1.0_dec).value();
  SOLVENCY_CHECK_CONSTEXPR(maintenance_margin(t1, money{0.00000001_dec}).value() == money{0.00000001_dec});
  constexpr margin_convention<dec> okx{measure_at::mark, close_fee::on_value_at_price, rate{0.0005_dec}};
  SOLVENCY_CHECK_CONSTEXPR(maintenance_margin(t3, money{500000.0_dec}, okx).value() == money{3950.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(maintenance_margin(t3, money{500000.0_dec}, margin_convention<dec>{}).value() ==
                           money{3700.0_dec});
  CHECK(maintenance_margin(t3, money{-1.0_dec}).error() == errc::invalid_argument);
  CHECK(maintenance_margin(t3, money{dec::error_value(errc::overflow)}).error() == errc::overflow);
  margin_tier<dec> doubled{};
  doubled.maintenance = rate{2.0_dec};
  CHECK(maintenance_margin(doubled, money{dec::max()}).error() == errc::overflow);
  CHECK(fee_to_close(margin_convention<dec>{measure_at::mark, close_fee::on_value_at_price, rate{-0.1_dec}},
                     money{1.0_dec}, money<dec>{})
            .error() == errc::invalid_argument);
  CHECK(fee_to_close(margin_convention<dec>{measure_at::mark, close_fee::on_bankruptcy_value, rate{0.001_dec}},
                     money{1.0_dec}, money{-1.0_dec})
            .error() == errc::invalid_argument);
}

TEST_CASE("initial margin and leverage: the tier's maximum, zero and negative leverage") {
  // 264,000 USDT is in the 50x bracket
  SOLVENCY_CHECK_CONSTEXPR(max_leverage(binance_model{}, value(264000.0_dec)).value() == rate{50.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(initial_margin(binance_model{}, value(264000.0_dec), rate{50.0_dec}).value() ==
                           money{5280.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(initial_margin(binance_model{}, value(264000.0_dec)).value() == money{5280.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(initial_margin(binance_model{}, value(264000.0_dec), rate{3.0_dec}).value() ==
                           money{88000.0_dec});
  // 100 / 3 rounds up
  SOLVENCY_CHECK_CONSTEXPR(initial_margin(binance_model{}, value(100.0_dec), rate{3.0_dec}).value() ==
                           money{33.33333334_dec});
  CHECK(initial_margin(binance_model{}, value(264000.0_dec), rate{51.0_dec}).error() == errc::leverage_above_max);
  CHECK(initial_margin(binance_model{}, value(264000.0_dec), rate{50.00000001_dec}).error() ==
        errc::leverage_above_max);
  CHECK(initial_margin(binance_model{}, value(264000.0_dec), rate{0.0_dec}).error() == errc::invalid_argument);
  CHECK(initial_margin(binance_model{}, value(264000.0_dec), rate{-5.0_dec}).error() == errc::invalid_argument);
  CHECK(initial_margin(binance_model{}, value(264000.0_dec), rate{dec::error_value(errc::not_a_number)}).error() ==
        errc::not_a_number);
  CHECK(initial_margin(binance_model{}, value(-1.0_dec), rate{5.0_dec}).error() == errc::invalid_argument);
  const flat_margin<double> flat{rate{0.1}, rate{0.05}};
  CHECK(initial_margin(flat, margin_input<double>{quantity{1.0}, money{100.0}}, rate{std::nan("")}).error() ==
        errc::not_a_number);
  CHECK(initial_margin(flat, margin_input<double>{quantity{1.0}, money{100.0}}, rate{10.0}).value() == money{10.0});
  CHECK(initial_margin(flat, margin_input<double>{quantity{1.0}, money{100.0}}, rate{10.5}).error() ==
        errc::leverage_above_max);
  // a position opened above its bracket's leverage (300,000 USDT: the 50x bracket)
  CHECK(position_initial_margin(binance_model{}, btc_long(10.0_dec, 30000.0_dec), price{30000.0_dec},
                                rate{60.0_dec})
            .error() == errc::leverage_above_max);
}

TEST_CASE("margin_input_at: contracts or exposure, settlement or quote") {
  // Binance BTCUSDT lot 0.001 BTC: 3,000 contracts at 30,000
  constexpr position<dec> lots{side::short_, quantity{3000.0_dec}, price{29000.0_dec}, linear_contract(0.001_dec)};
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(lots, price{30000.0_dec})->size == quantity{3000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(lots, price{30000.0_dec}, {size_unit::exposure})->size == quantity{3.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(lots, price{30000.0_dec})->notional == money{90000.0_dec});
  // inverse: settlement value in coin, quote notional = face value
  constexpr position<dec> inv{side::long_, quantity{10.0_dec}, price{50000.0_dec}, inverse_contract(100.0_dec)};
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(inv, price{40000.0_dec})->notional == money{0.025_dec});
  SOLVENCY_CHECK_CONSTEXPR(
      margin_input_at(inv, price{40000.0_dec}, {size_unit::exposure, value_currency::quote})->notional ==
      money{1000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(inv, price{40000.0_dec}, {size_unit::exposure})->size ==
                           quantity{1000.0_dec});
  // an inverse value that does not terminate rounds up (margin side)
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(inv, price{30000.0_dec})->notional == money{0.03333334_dec});
  // measured at the entry or the mark
  SOLVENCY_CHECK_CONSTEXPR(margin_input_for(lots, price{30000.0_dec}, measure_at::entry)->notional ==
                           money{87000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(margin_input_for(lots, price{30000.0_dec}, measure_at::mark)->notional ==
                           money{90000.0_dec});
  // bad positions and prices
  CHECK(margin_input_at(lots, price{0.0_dec}).error() == errc::non_positive_price);
  CHECK(margin_input_at(lots, price{-1.0_dec}).error() == errc::non_positive_price);
  CHECK(margin_input_at(btc_long(0.0_dec, 1.0_dec), price{1.0_dec}).error() == errc::non_positive_quantity);
  CHECK(margin_input_at(btc_long(-1.0_dec, 1.0_dec), price{1.0_dec}).error() == errc::non_positive_quantity);
  CHECK(margin_input_at(btc_long(1.0_dec, 1.0_dec), price{dec::error_value(errc::overflow)}).error() ==
        errc::overflow);
  CHECK(margin_input_at(btc_long(90000000000.0_dec, 1.0_dec), price{90000000000.0_dec}).error() == errc::overflow);
  const position<double> nan_pos{side::long_, quantity{std::nan("")}, price{1.0}, contract<double>{}};
  CHECK(margin_input_at(nan_pos, price{1.0}).error() == errc::not_a_number);
  CHECK(margin_input_at(position<double>{side::long_, quantity{1.0}, price{1.0}, contract<double>{}}, price{std::nan("")})
            .error() == errc::not_a_number);
}

TEST_CASE("maintenance margin is the exact value rounded up, less the deduction (100,000 inputs)") {
  rng g{321};
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t x = static_cast<std::int64_t>(g.below(1'000'000'000'000'000));  // up to 10M
    const margin_tier<dec> t = btcusdt.tier_of(dec::from_raw(x)).value();
    const money<dec> m = maintenance_margin(t, money{dec::from_raw(x)}).value();
    const i128 exact = static_cast<i128>(x) * t.maintenance.value().raw();  // x 1e16
    const i128 up = (exact + 99'999'999) / 100'000'000;
    i128 expect = up - t.deduction.value().raw();
    if (expect < 0) expect = 0;
    REQUIRE(m.value().raw() == static_cast<std::int64_t>(expect));
    // initial margin at the tier's rate covers maintenance
    REQUIRE(initial_margin(t, money{dec::from_raw(x)}).value() >= m);
  }
}
