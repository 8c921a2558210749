// Tests for solvency/venues/bybit_inverse.hpp: the UTA, 2024-09, pre-UTA
// isolated and pre-UTA cross formulas of venues.md 4 through the presets on
// generated positions (in the tier of the answer), the display rounding up to
// the 0.5 USD tick on derived examples (static_assert and run time), leverage
// and bad input. venues.md publishes no Bybit inverse liquidation price.
// Generated properties: properties_bybit_inverse.cpp.
#include <solvency/venues/bybit_inverse.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace bi = solvency::venues::bybit_inverse;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;

template <class N>
constexpr position<N> btcusd(side s, N contracts, N entry) {
  return {s, quantity<N>{contracts}, price<N>{entry}, bi::usd_contract<N>()};
}

/// A test risk-limit table in BTC (venues.md prints none for inverse):
/// 100 / 200 / 300 / 400 BTC at 0.5 / 1 / 1.5 / 2% MMR, deductions from the recurrence.
template <class N>
constexpr std::array<bybit_risk_limit<N>, 4> test_limits() {
  using solvency::detail::venue::num;
  return {{{num<N>(100), num<N>(5, 3), num<N>(1, 2), num<N>(100), {}, false},
           {num<N>(200), num<N>(1, 2), num<N>(15, 3), num<N>(66), {}, false},
           {num<N>(300), num<N>(15, 3), num<N>(2, 2), num<N>(50), {}, false},
           {num<N>(400), num<N>(2, 2), num<N>(25, 3), num<N>(40), {}, false}}};
}

/// DERIVED (venues.md 4.1's pre-UTA formulas): 10,000 contracts of 1 USD @
/// 10,000, 10x (0.1 BTC), MMR 0.5%.
constexpr auto flat_half = flat_margin<dec>{rate{0.01_dec}, rate{0.005_dec}};
constexpr auto classic_rb = bi::make_classic_isolated(flat_half, price_delta{0.5_dec});
constexpr margined_position<dec> ten_x(side s) {
  return bi::position_margin(classic_rb, btcusd(s, 10000.0_dec, 10000.0_dec), rate{10.0_dec}).value();
}

}  // namespace

TEST_CASE("display: up to the 0.5 USD tick (derived examples)") {
  static_assert(std::is_same_v<bi::display_rounding, uniform_rounding<round::up>>);
  // LP_long = E lev / (lev + 1 - MMR lev) = 100,000 / 10.95 = 9,132.42 -> 9,132.5
  SOLVENCY_CHECK_CONSTEXPR(ten_x(side::long_).margin == money{0.1_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(classic_rb, ten_x(side::long_))) == 9132.5_dec);
  // BP_long = E lev / (lev + 1) = 9,090.91 -> 9,091
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price<venues::as_displayed>(classic_rb, ten_x(side::long_))) == 9091.0_dec);
  // BP_short = E lev / (lev - 1) = 11,111.11 -> up 11,111.5 as displayed, down 11,111 by default
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price<venues::as_displayed>(classic_rb, ten_x(side::short_))) == 11111.5_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(classic_rb, ten_x(side::short_))) == 11111.0_dec);
}

TEST_CASE("the four formulas of venues.md 4.1 on generated positions (double)") {
  std::array<tier_row<double>, 4> rows{};
  const auto model = bi::risk_limit_model<double>(test_limits<double>(), rows).value();
  const auto uta = bi::make_unified(model, rate{0.00055});
  const auto iso = bi::make_classic_isolated(model);
  const auto cross = bi::make_classic_cross(model, bi::classic_taker_fee<double>());
  const double fee = 0.00055, cfee = 0.00075;
  solvency_test::rng g{101};
  int crossed = 0;
  for (int i = 0; i < 4000; ++i) {
    const double e = 1000.0 + static_cast<double>(g.below(99000));
    const double q = static_cast<double>(g.below(static_cast<std::uint64_t>(450.0 * e)) + 1);  // up to 450 BTC
    const int s = g.next() & 1u ? 1 : -1;
    const auto pos = btcusd(s > 0 ? side::long_ : side::short_, q, e);
    const auto t0 = model.tier_for({{}, money{q / e}}).value();
    const double lev = 1.0 + static_cast<double>(g.below(static_cast<std::uint64_t>(t0.max_leverage.value()) - 1));
    const double extra = g.below(3) == 0 ? q / e * 0.001 * static_cast<double>(g.below(200)) : 0.0;
    const double pv = q / e;
    // UTA, in the tier of the answer
    const auto ru = venues::liquidation_price(uta, bi::position_margin(uta, pos, rate{lev}, money{extra}).value());
    REQUIRE(ru.has_value());
    if (ru->state == price_state::at_price) {
      const auto t = model.tier_for({{}, money{q / ru->value.value()}}).value();
      crossed += !(t.lower == t0.lower);
      const double mmr = t.maintenance.value(), ded = t.deduction.value();
      const double f = s > 0 ? q * (mmr + 1) / (pv + pv / lev + extra / (1 + fee) + ded)
                             : q * (1 - mmr) / (pv - pv / lev - extra / (1 - fee) - ded);
      REQUIRE(near(ru->value.value(), f, 1e-9 * f));
    }
    // the 2024-09 page, Q / (PV +/- (IM - MM)), MM = PV MMR - ded: the pre-UTA
    // isolated convention (MM on the entry value); with ded = 0 it is
    // E lev / (lev + 1 - MMR lev) for a long
    const auto mp = bi::position_margin(iso, pos, rate{lev}).value();
    const auto ri = venues::liquidation_price(iso, mp);
    REQUIRE(ri.has_value());
    const double im = mp.margin.value(), mm = pv * t0.maintenance.value() - t0.deduction.value();
    const double f24 = s > 0 ? q / (pv + (im - mm)) : q / (pv - (im - mm));
    if (f24 > 0) REQUIRE(near(ri->value.value(), f24, 1e-9 * f24));
    if (t0.deduction.value() == 0.0 && s > 0)
      REQUIRE(near(ri->value.value(), e * lev / (lev + 1 - t0.maintenance.value() * lev), 1e-9 * e));
    // pre-UTA bankruptcy: E lev / (lev +/- 1)
    const auto bp = venues::bankruptcy_price(iso, mp);
    if (s > 0 || lev > 1.0) REQUIRE(near(bp->value.value(), e * lev / (lev + s), 1e-9 * e));
    // pre-UTA cross: backed by AB - OM; BP_long = (1 + fee) Q / (Q/E + AB - OM),
    // BP_short = (1 - fee) Q / (Q/E - AB + OM); LP: Q (1/E - 1/LP) = -(AB - OM - PV MMR - fee Q / BP)
    const double ab = pv / lev * (1.0 + 0.01 * static_cast<double>(g.below(100))), om = pv / lev * 0.1;
    const auto cm = bi::classic_cross(pos, money{ab}, money{om});
    const auto cbp = venues::bankruptcy_price(cross, cm);
    const auto clp = venues::liquidation_price(cross, cm);
    REQUIRE(cbp.has_value());
    REQUIRE(clp.has_value());
    const double m = ab - om;
    const double bp_formula = s > 0 ? (1 + cfee) * q / (pv + m) : (1 - cfee) * q / (pv - m);
    if (bp_formula > 0 && cbp->state == price_state::at_price) {
      REQUIRE(near(cbp->value.value(), bp_formula, 1e-9 * bp_formula));
      // Q (1/E - 1/LP) side = -(M - PV MMR - fee Q / BP): solve for LP
      const double held = pv * t0.maintenance.value() - t0.deduction.value() + cfee * q / bp_formula;
      const double lp_formula = q / (pv + s * (m - held));
      if (lp_formula > 0 && clp->state == price_state::at_price)
        REQUIRE(near(clp->value.value(), lp_formula, 1e-9 * lp_formula));
    }
  }
  CHECK(crossed > 20);
}

TEST_CASE("leverage, run-time risk limits and bad input through the presets") {
  std::array<tier_row<dec>, 4> rows{};
  const auto model = bi::risk_limit_model<dec>(test_limits<dec>(), rows).value();
  const auto uta = bi::make_unified(model, rate{0.00055_dec});
  // 1,500,000 contracts @ 10,000 = 150 BTC: tier 2, 66x
  CHECK(bi::position_margin(uta, btcusd(side::long_, 1500000.0_dec, 10000.0_dec), rate{66.0_dec}).has_value());
  CHECK(bi::position_margin(uta, btcusd(side::long_, 1500000.0_dec, 10000.0_dec), rate{67.0_dec}) ==
        failure{errc::leverage_above_max});
  CHECK(venues::liquidation_price(uta, margined_position<dec>{btcusd(side::long_, 0.0_dec, 10000.0_dec), money{1.0_dec}, {}}) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::bankruptcy_price(uta, margined_position<dec>{btcusd(side::long_, 10.0_dec, 0.0_dec), money{1.0_dec}, {}}) ==
        failure{errc::non_positive_price});
  auto bad = test_limits<dec>();
  bad[2].risk_limit_value = 150.0_dec;
  CHECK(bi::risk_limit_model<dec>(bad, rows) == failure{errc::table_not_increasing});
  bad = test_limits<dec>();
  bad[1].mm_deduction = 0.4_dec;
  bad[1].has_mm_deduction = true;
  CHECK(bi::risk_limit_model<dec>(bad, rows) == failure{errc::deduction_mismatch});
  // an inverse short under an MMR of 100% at the mark has no solution
  const auto full = bi::make_unified(flat_margin<dec>{rate{1.0_dec}, rate{1.0_dec}}, rate{0.00055_dec});
  CHECK(venues::liquidation_price(full, margined_position<dec>{btcusd(side::short_, 100.0_dec, 100.0_dec), money{0.5_dec}, {}}) ==
        failure{errc::no_solution});
}
