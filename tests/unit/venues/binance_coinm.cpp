// Tests for solvency/venues/binance_coinm.hpp: BC-M1..BC-M3 through the
// preset, each once in a static_assert and once at run time; the page's
// single-position formula on generated positions (in the bracket of the
// answer); a derived example; leverage and bad input. Generated properties:
// properties_binance.cpp.
#include <solvency/venues/binance_coinm.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace bc = solvency::venues::binance_coinm;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;

template <class N>
constexpr position<N> btcusd(side s, N contracts, N entry) {
  return {s, quantity<N>{contracts}, price<N>{entry}, bc::btcusd_contract<N>()};
}

/// BTCUSD COIN-M brackets in BTC as the API would send them. Published
/// (venues.md 2): level 1 at 0.4%, level 5 from 50 BTC at 5% with the
/// previous maintenance amount 0.56 (1.81 BTC), floors 100 (10%) and 200
/// (12.5%) inferred, 300 BTC at 12.5% and 11.81 BTC. The floors below 50 BTC
/// and the leverages are not printed: 10 / 20 / 30 BTC at 0.4 / 0.5 / 1% are
/// chosen to give the printed 0.56.
template <class N>
constexpr std::array<binance_bracket<N>, 7> btcusd_brackets() {
  using solvency::detail::venue::num;
  return {{{num<N>(0), num<N>(10), num<N>(4, 3), num<N>(0), num<N>(125)},
           {num<N>(10), num<N>(20), num<N>(5, 3), num<N>(1, 2), num<N>(100)},
           {num<N>(20), num<N>(30), num<N>(1, 2), num<N>(11, 2), num<N>(50)},
           {num<N>(30), num<N>(50), num<N>(25, 3), num<N>(56, 2), num<N>(20)},
           {num<N>(50), num<N>(100), num<N>(5, 2), num<N>(181, 2), num<N>(10)},
           {num<N>(100), num<N>(200), num<N>(1, 1), num<N>(681, 2), num<N>(5)},
           {num<N>(200), num<N>(400), num<N>(125, 3), num<N>(1181, 2), num<N>(4)}}};
}

constexpr money<dec> deduction_of(std::size_t i) {
  std::array<tier_row<dec>, 7> rows{};
  return bc::from_brackets<dec>(btcusd_brackets<dec>(), rows).value().model.table.deduction(i);
}
constexpr rate<dec> mmr_at(dec coin) {
  std::array<tier_row<dec>, 7> rows{};
  return bc::from_brackets<dec>(btcusd_brackets<dec>(), rows).value().model.tier_for({{}, money{coin}})->maintenance;
}
/// BC-M1: 100 contracts at a mark of 25,000: notional 0.4 BTC, MM 0.0016 BTC.
constexpr money<dec> bc_m1(money<dec> wallet) {
  std::array<tier_row<dec>, 7> rows{};
  const auto rb = bc::from_brackets<dec>(btcusd_brackets<dec>(), rows).value();
  return venues::maintenance_margin(rb, bc::isolated(btcusd(side::long_, 100.0_dec, 24000.0_dec), wallet),
                                    price{25000.0_dec})
      .value();
}
// (Clang 14 cannot call the consteval _dec inside a template: constants outside it.)
constexpr dec tenth = 0.1_dec, hundred = 100.0_dec, at_25000 = 25000.0_dec;
template <class Rounding>
constexpr dec derived(side s) {
  std::array<tier_row<dec>, 7> rows{};
  const auto rb = bc::from_brackets<dec>(btcusd_brackets<dec>(), rows, price_delta{tenth}).value();
  return px(venues::liquidation_price<Rounding>(rb, bc::isolated(btcusd(s, hundred, at_25000), money{tenth})));
}

}  // namespace

TEST_CASE("BC-M1: 100 BTCUSD contracts at 25,000 are 0.4 BTC, MM 0.0016 BTC") {
  SOLVENCY_CHECK_CONSTEXPR(margin_input_at(btcusd(side::long_, 100.0_dec, 24000.0_dec), price{25000.0_dec})->notional ==
                           money{0.4_dec});
  SOLVENCY_CHECK_CONSTEXPR(bc_m1(money{0.1_dec}) == money{0.0016_dec});
}

TEST_CASE("BC-M2, BC-M3: the maintenance amounts in coin") {
  SOLVENCY_CHECK_CONSTEXPR(deduction_of(3) == money{0.56_dec});
  // BC-M2: 50 x (5% - 2.5%) + 0.56 = 1.81 BTC
  SOLVENCY_CHECK_CONSTEXPR(deduction_of(4) == money{1.81_dec});
  // BC-M3: 6.81, then 11.81; 300 BTC -> 12.5%
  SOLVENCY_CHECK_CONSTEXPR(deduction_of(5) == money{6.81_dec});
  SOLVENCY_CHECK_CONSTEXPR(deduction_of(6) == money{11.81_dec});
  SOLVENCY_CHECK_CONSTEXPR(mmr_at(300.0_dec) == rate{0.125_dec});
}

TEST_CASE("the single-position formula, LP = N CM (side + MMR) / (WB + cum + side N CM / E)") {
  // DERIVED with BC-M1's position: 100 contracts @ 25,000 (0.4 BTC, level 1,
  // MMR 0.4%) backed by 0.1 BTC: exactly 20,080 (long) and 33,200 (short)
  SOLVENCY_CHECK_CONSTEXPR(derived<venues::as_displayed>(side::long_) == 20080.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(derived<conservative_rounding>(side::short_) == 33200.0_dec);
  // generated positions, double, in the bracket holding the notional at the answer
  std::array<tier_row<double>, 7> rows{};
  const auto rb = bc::from_brackets<double>(btcusd_brackets<double>(), rows).value();
  solvency_test::rng g{81};
  int crossed = 0;
  for (int i = 0; i < 4000; ++i) {
    const double cm = i % 2 ? 100.0 : 10.0, n = static_cast<double>(g.below(20000) + 1);
    const double e = 1000.0 + static_cast<double>(g.below(90000));
    const double lev = 1.0 + static_cast<double>(g.below(400)) / 10.0;
    const int s = g.next() & 1u ? 1 : -1;
    const position<double> pos{s > 0 ? side::long_ : side::short_, quantity{n}, price{e}, inverse_contract(cm)};
    const auto mp = venues::at_leverage(rb, pos, rate{lev});
    if (!mp) {
      REQUIRE(mp.error() == errc::leverage_above_max);
      continue;
    }
    const auto r = venues::liquidation_price(rb, *mp);
    REQUIRE(r.has_value());
    if (r->state != price_state::at_price) continue;
    const double lp = r->value.value();
    const auto t = rb.model.tier_for({{}, money{n * cm / lp}});
    REQUIRE(t.has_value());
    crossed += !(t->lower == rb.model.tier_for({{}, money{n * cm / e}})->lower);
    const double formula = n * cm * (s + t->maintenance.value()) /
                           (mp->margin.value() + t->deduction.value() + s * n * cm / e);
    REQUIRE(lp == doctest::Approx(formula).epsilon(1e-12));
  }
  CHECK(crossed > 100);
}

TEST_CASE("leverage and bad input through the preset") {
  std::array<tier_row<dec>, 7> rows{};
  const auto rb = bc::from_brackets<dec>(btcusd_brackets<dec>(), rows).value();
  // 5,000 contracts @ 25,000 = 20 BTC: level 2, 100x
  CHECK(venues::at_leverage(rb, btcusd(side::long_, 5000.0_dec, 25000.0_dec), rate{100.0_dec})->margin == money{0.2_dec});
  CHECK(venues::at_leverage(rb, btcusd(side::long_, 5000.0_dec, 25000.0_dec), rate{101.0_dec}) ==
        failure{errc::leverage_above_max});
  CHECK(venues::liquidation_price(rb, bc::isolated(btcusd(side::long_, 0.0_dec, 25000.0_dec), money{0.1_dec})) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(rb, bc::isolated(btcusd(side::short_, 10.0_dec, 0.0_dec), money{0.1_dec})) ==
        failure{errc::non_positive_price});
  // cross, from the formula's variables: WB - TMM1 + UPNL1
  CHECK(bc::cross(btcusd(side::long_, 1.0_dec, 1.0_dec), money{1.0_dec}, money{0.25_dec}, money{-0.1_dec}).margin ==
        money{0.65_dec});
  // a malformed run-time table: a bracket whose cum disagrees with the recurrence
  auto wrong = btcusd_brackets<dec>();
  wrong[4].cum = 1.8_dec;
  CHECK(bc::from_brackets<dec>(wrong, rows) == failure{errc::deduction_mismatch});
  // an inverse short with an MMR of 100% has no solution
  const auto full = bc::make_rulebook(flat_margin<dec>{rate{1.0_dec}, rate{1.0_dec}});
  CHECK(venues::liquidation_price(full, bc::isolated(btcusd(side::short_, 100.0_dec, 25000.0_dec), money{0.1_dec})) ==
        failure{errc::no_solution});
}
