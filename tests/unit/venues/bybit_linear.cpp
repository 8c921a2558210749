// Tests for solvency/venues/bybit_linear.hpp: every published Bybit linear
// number of venues.md through the presets (BY-L1..BY-L8, BY-M1, BY-I1; BY-L9
// derived), each once in a static_assert and once at run time; the classic
// and UTA formulas on generated positions over the BTCUSDT risk limits;
// leverage, funding and bad input. Generated properties:
// properties_bybit_linear.cpp.
#include <solvency/venues/bybit_linear.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace by = solvency::venues::bybit_linear;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;
using solvency_test::coin_position;


constexpr auto classic = by::btcusdt_classic<dec>();
constexpr auto uta = by::btcusdt_unified<dec>(by::example_taker_fee<dec>(), price_delta{0.01_dec});

constexpr margined_position<dec> opened(const by::rulebook<dec>& rb, side s, dec size, dec entry, dec lev, dec extra = {}) {
  return by::position_margin(rb, coin_position(s, size, entry), rate{lev}, money{extra}).value();
}
constexpr dec classic_lp(side s, dec entry, dec lev, dec extra = {}) {
  return px(venues::liquidation_price(classic, opened(classic, s, 1.0_dec, entry, lev, extra)));
}

/// BY-I1 (freqtrade): E 10, MMR 1%, 3x, truncated to `tick`.
constexpr auto by_i1_rb = by::make_classic(flat_margin<dec>{rate{0.01_dec}, rate{0.01_dec}});
constexpr dec by_i1(side s, dec tick) {
  auto r = by_i1_rb;
  r.tick = price_delta{tick};
  return px(venues::liquidation_price<uniform_rounding<round::toward_zero>>(
      r, by::position_margin(r, coin_position(s, 1.0_dec, 10.0_dec), rate{3.0_dec}).value()));
}

constexpr bool deductions_are(const std::array<dec, 9>& ded) {
  for (std::size_t i = 0; i < ded.size(); ++i)
    if (!(by::btcusdt_risk_limits<dec>.view()->deduction(i) == money{ded[i]})) return false;
  return true;
}

}  // namespace

TEST_CASE("BY-L1..BY-L5: the classic pages, MM on the entry value") {
  // BY-L1: long 1 BTC @ 20,000, 50x: IM 400, MM 100, LP 19,700
  constexpr auto l1 = opened(classic, side::long_, 1.0_dec, 20000.0_dec, 50.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(l1.margin == money{400.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(classic, l1, price{19000.0_dec}).value() == money{100.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(classic_lp(side::long_, 20000.0_dec, 50.0_dec) == 19700.0_dec);
  // BY-L2: short, extra margin 3,000: 23,300
  SOLVENCY_CHECK_CONSTEXPR(classic_lp(side::short_, 20000.0_dec, 50.0_dec, 3000.0_dec) == 23300.0_dec);
  // BY-L3: the long of BY-L1 after 200 USDT of funding paid from the position margin: 19,900
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(classic, by::pay_funding(l1, money{200.0_dec}))) == 19900.0_dec);
  // BY-L4 (old page): long 1 @ 10,000, 50x: 9,850; BY-L5: short 1 @ 8,000, 40x: 8,160
  SOLVENCY_CHECK_CONSTEXPR(classic_lp(side::long_, 10000.0_dec, 50.0_dec) == 9850.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(classic_lp(side::short_, 8000.0_dec, 40.0_dec) == 8160.0_dec);
  // printed as the venue prints: to the cent
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(classic, l1)) == 19700.0_dec);
}

TEST_CASE("BY-I1: freqtrade's classic values, E 10, MMR 1%, 3x") {
  // 6.7666666 / 13.233333 as printed (truncated); the margin 10/3 is held up
  // to 3.33333334, so the exact answers are 6.76666666 and 13.23333334
  SOLVENCY_CHECK_CONSTEXPR(by_i1(side::long_, 0.0000001_dec) == 6.7666666_dec);
  SOLVENCY_CHECK_CONSTEXPR(by_i1(side::short_, 0.000001_dec) == 13.233333_dec);
}

TEST_CASE("BY-L6..BY-L8: the unified account, extra margin net of the fee to close") {
  // long 1 BTC @ 40,000, 50x, extra 3,000, MMR 0.5%, taker 0.055%
  constexpr auto l6 = opened(uta, side::long_, 1.0_dec, 40000.0_dec, 50.0_dec, 3000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(l6.margin == money{3800.0_dec} && l6.extra_margin == money{3000.0_dec});
  // BY-L6: 36,380.25 as printed (exact 36,380.2503437...); the default one cent earlier
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(uta, l6)) == 36380.25_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(uta, l6)) == 36380.26_dec);
  // BY-L7: MM at 40,000 = 200 + the fee to close on the bankruptcy value of
  // the initial margin, 40,000 x 0.98 x 0.055% = 21.56
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(uta, l6, price{40000.0_dec}).value() == money{221.56_dec});
  // BY-L8: bankruptcy of a long @ 60,000 at 50x: 60,000 x (1 - 1/50) = 58,800, both accounts
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(uta, opened(uta, side::long_, 1.0_dec, 60000.0_dec, 50.0_dec))) ==
                           58800.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(
      px(venues::bankruptcy_price(classic, opened(classic, side::long_, 1.0_dec, 60000.0_dec, 50.0_dec))) == 58800.0_dec);
  // BY-L9 (DERIVED, no published number): the short mirror, 43,580.4486637
  constexpr auto l9 = opened(uta, side::short_, 1.0_dec, 40000.0_dec, 50.0_dec, 3000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(uta, l9)) == 43580.45_dec);
  // the classic form for the same inputs measures MM at the entry: 1 BTC @ 20,000, 50x
  // gives 19,700 (classic) and 19,698.49 (UTA, DERIVED in venues.md 3.2)
  SOLVENCY_CHECK_CONSTEXPR(
      px(venues::liquidation_price<venues::as_displayed>(uta, opened(uta, side::long_, 1.0_dec, 20000.0_dec, 50.0_dec))) ==
      19698.49_dec);
}

TEST_CASE("BY-M1: the preset's risk limits, their deductions and the <= riskLimitValue boundary") {
  constexpr auto& t = by::btcusdt_risk_limits<dec>;
  constexpr std::array<dec, 9> ded{0.0_dec,    1200.0_dec,  3020.0_dec,  4300.0_dec, 5820.0_dec,
                                   8460.0_dec, 15460.0_dec, 20500.0_dec, 46000.0_dec};
  SOLVENCY_CHECK_CONSTEXPR(deductions_are(ded));
  // "position value <= 2,000,000 -> MMR 0.5%; 2,600,000 -> 0.56%"
  SOLVENCY_CHECK_CONSTEXPR(t.tier_of(2000000.0_dec)->maintenance == rate{0.005_dec});
  SOLVENCY_CHECK_CONSTEXPR(t.tier_of(2000000.00000001_dec)->maintenance == rate{0.0056_dec});
  SOLVENCY_CHECK_CONSTEXPR(t.tier_of(2600000.0_dec)->maintenance == rate{0.0056_dec});
  // MM of a 2,600,000 USDT position: 14,560 - 1,200 (classic: at the entry value)
  constexpr auto big = opened(uta, side::long_, 52.0_dec, 50000.0_dec, 10.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(classic, big, price{50000.0_dec}).value() == money{13360.0_dec});
}

TEST_CASE("the published formulas on generated positions over the risk limits (double)") {
  const auto cl = by::btcusdt_classic<double>();
  const auto un = by::btcusdt_unified<double>(rate{0.00055});
  const auto& tbl = by::btcusdt_risk_limits<double>;
  solvency_test::rng g{91};
  int crossed = 0, checked = 0;
  for (int i = 0; i < 4000; ++i) {
    const double e = 10000.0 + static_cast<double>(g.below(90000));
    const double q = 0.001 * static_cast<double>(g.below(250000) + 1);
    const int s = g.next() & 1u ? 1 : -1;
    const auto pos = coin_position(s > 0 ? side::long_ : side::short_, q, e);
    const double max_lev = tbl.tier_of(q * e)->max_leverage.value();
    const double lev = 1.0 + static_cast<double>(g.below(static_cast<std::uint64_t>(max_lev) - 1));
    const double extra = g.below(3) == 0 ? q * e * 0.001 * static_cast<double>(g.below(100)) : 0.0;
    // classic: E -/+ (IM - MM) / Q -/+ Extra / Q, MM = Q E MMR - ded at the entry value
    const auto t0 = tbl.tier_of(q * e).value();
    const double im = q * e / lev, mm = q * e * t0.maintenance.value() - t0.deduction.value();
    const auto rc = venues::liquidation_price(cl, by::position_margin(cl, pos, rate{lev}, money{extra}).value());
    REQUIRE(rc.has_value());
    const double classic_formula = e - s * (im - mm) / q - s * extra / q;
    if (classic_formula > 0) REQUIRE(near(rc->value.value(), classic_formula, 1e-9 * e));
    // UTA: the published formula with the MMR and deduction of the tier at the answer
    const auto ru = venues::liquidation_price(un, by::position_margin(un, pos, rate{lev}, money{extra}).value());
    REQUIRE(ru.has_value());
    if (ru->state != price_state::at_price) continue;
    ++checked;
    const auto t = tbl.tier_of(q * ru->value.value()).value();
    crossed += !(t.lower == t0.lower);
    const double fee = 0.00055, mmr = t.maintenance.value(), ded = t.deduction.value();
    const double uta_formula = s > 0 ? (e * q - e * q / lev - extra / (1 - fee) - ded) / (q - q * mmr)
                                     : (e * q + e * q / lev + extra / (1 + fee) + ded) / (q + q * mmr);
    REQUIRE(near(ru->value.value(), uta_formula, 1e-9 * e));
  }
  CHECK(checked > 3000);
  CHECK(crossed > 20);
}

TEST_CASE("leverage, run-time risk limits and bad input through the presets") {
  // 52 BTC @ 50,000 = 2.6M: the 90x tier
  CHECK(by::position_margin(uta, coin_position(side::long_, 52.0_dec, 50000.0_dec), rate{90.0_dec}).has_value());
  CHECK(by::position_margin(uta, coin_position(side::long_, 52.0_dec, 50000.0_dec), rate{91.0_dec}) ==
        failure{errc::leverage_above_max});
  CHECK(by::position_margin(classic, coin_position(side::long_, 1.0_dec, 50000.0_dec), rate{0.0_dec}) ==
        failure{errc::invalid_argument});
  CHECK(venues::liquidation_price(classic, margined_position<dec>{coin_position(side::long_, 0.0_dec, 50000.0_dec), money{1.0_dec}, {}}) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(uta, margined_position<dec>{coin_position(side::short_, 1.0_dec, -1.0_dec), money{1.0_dec}, {}}) ==
        failure{errc::non_positive_price});
  // risk limits from the API: the snapshot's rows load; a wrong deduction or a falling rate does not
  std::array<tier_row<dec>, 9> rows{};
  const auto api = by::btcusdt_risk_limit_rows<dec>();
  REQUIRE(by::risk_limit_model<dec>(api, rows).has_value());
  auto wrong = api;
  wrong[3].mm_deduction = 4301.0_dec;
  CHECK(by::risk_limit_model<dec>(wrong, rows) == failure{errc::deduction_mismatch});
  auto falling = api;
  falling[2].maintenance_margin = 0.005_dec;
  CHECK(by::risk_limit_model<dec>(falling, rows) == failure{errc::table_not_increasing});
  CHECK(by::risk_limit_model<dec>(api, std::span(rows).first(3)) == failure{errc::size_mismatch});
  // a cross UTA account: no per-position bankruptcy price to charge the fee on
  const std::array positions{coin_position(side::long_, 1.0_dec, 40000.0_dec)};
  const std::array marks{price{40000.0_dec}};
  std::array<result<solved_price<dec>>, 1> out{solved_price<dec>{}};
  CHECK(venues::cross_liquidation_prices(uta, account_view<dec>{1, money{1000.0_dec}, positions}, marks, out) ==
        failure{errc::invalid_argument});
  CHECK(venues::cross_liquidation_prices(classic, account_view<dec>{1, money{1000.0_dec}, positions}, marks, out)
            .has_value());
  // a taker fee of 100% is refused
  CHECK(venues::liquidation_price(by::btcusdt_unified<dec>(rate{1.0_dec}), opened(uta, side::long_, 1.0_dec, 40000.0_dec, 10.0_dec)) ==
        failure{errc::invalid_argument});
}
