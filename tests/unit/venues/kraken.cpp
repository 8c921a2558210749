// Tests for solvency/venues/kraken.hpp. venues.md publishes Kraken's inverse
// formula but no liquidation price with its inputs: the preset is checked on
// a derived example (static_assert and run time, integer display) and by the
// formula on generated positions over the schedule's first five levels; the
// whole position at its level; building levels; leverage and bad input.
// Generated properties: properties_deribit_kraken.cpp.
#include <solvency/venues/kraken.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace kr = solvency::venues::kraken;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;

template <class N>
constexpr position<N> xbtusd(side s, N contracts, N entry) {
  return {s, quantity<N>{contracts}, price<N>{entry}, kr::usd_contract<N>()};
}

/// The first five levels of the published single-collateral schedule
/// (venues.md 11): up to 500k / 1M / 3M / 6M / 12M contracts, IM 2 / 4 / 6 /
/// 10 / 15%, MM 1 / 2 / 3 / 5 / 7.5%. Above 12M contracts the schedule's
/// ranges and rates do not line up; the tests stay below.
template <class N>
constexpr std::array<kr::level<N>, 5> first_levels() {
  using solvency::detail::venue::num;
  return {{{num<N>(500'000), num<N>(2, 2), num<N>(1, 2)},
           {num<N>(1'000'000), num<N>(4, 2), num<N>(2, 2)},
           {num<N>(3'000'000), num<N>(6, 2), num<N>(3, 2)},
           {num<N>(6'000'000), num<N>(10, 2), num<N>(5, 2)},
           {num<N>(12'000'000), num<N>(15, 2), num<N>(75, 3)}}};
}

// (Clang 14 cannot call the consteval _dec inside a template: constants outside it.)
constexpr dec one = 1.0_dec, ten_thousand = 10000.0_dec, at_50000 = 50000.0_dec;
template <class Rounding>
constexpr dec derived(side s, dec margin) {
  std::array<tier_row<dec>, 5> rows{};
  const auto rb = kr::make_rulebook(kr::make_levels<dec>(first_levels<dec>(), rows).value(), price_delta{one});
  return px(venues::liquidation_price<Rounding>(rb, kr::single_collateral(xbtusd(s, ten_thousand, at_50000), money{margin})));
}
constexpr money<dec> mm_of(dec contracts, dec mark) {
  std::array<tier_row<dec>, 5> rows{};
  const auto rb = kr::make_rulebook(kr::make_levels<dec>(first_levels<dec>(), rows).value());
  return venues::maintenance_margin(rb, kr::single_collateral(xbtusd(side::long_, contracts, 50000.0_dec), money{1.0_dec}),
                                    price{mark})
      .value();
}
constexpr errc levels_error(std::array<kr::level<dec>, 5> levels, std::size_t buffer = 5) {
  std::array<tier_row<dec>, 5> rows{};
  return kr::make_levels<dec>(levels, std::span(rows).first(buffer)).error();
}

}  // namespace

TEST_CASE("LP_long = Q (1 + MMR) / (Q / E + M): a derived example, shown as integers") {
  // 10,000 USD contracts @ 50,000 (0.2 BTC), 0.02 BTC of collateral, level 1 (MMR 1%):
  // 10,100 / 0.22 = 45,909.09 -> 45,909 as shown; 45,910 by default (a long: up)
  SOLVENCY_CHECK_CONSTEXPR(derived<venues::as_displayed>(side::long_, 0.02_dec) == 45909.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(derived<conservative_rounding>(side::long_, 0.02_dec) == 45910.0_dec);
  // short: Q (1 - MMR) / (Q / E - M) = 9,900 / 0.18 = 55,000
  SOLVENCY_CHECK_CONSTEXPR(derived<venues::as_displayed>(side::short_, 0.02_dec) == 55000.0_dec);
}

TEST_CASE("the whole position at its level, by contracts, MM on the value at the mark") {
  // 500,000 contracts at 50,000: 10 BTC x 1% = 0.1; 500,001: 2% of 10.00002 BTC
  SOLVENCY_CHECK_CONSTEXPR(mm_of(500000.0_dec, 50000.0_dec) == money{0.1_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm_of(500001.0_dec, 50000.0_dec) == money{0.2000004_dec});
  // at another mark the value in coin changes, the level does not: 10 BTC -> 12.5 BTC at 40,000
  SOLVENCY_CHECK_CONSTEXPR(mm_of(500000.0_dec, 40000.0_dec) == money{0.125_dec});
}

TEST_CASE("the inverse formulas on generated positions (double)") {
  std::array<tier_row<double>, 5> rows{};
  const auto rb = kr::make_rulebook(kr::make_levels<double>(first_levels<double>(), rows).value());
  const auto lv = first_levels<double>();
  solvency_test::rng g{161};
  for (int i = 0; i < 4000; ++i) {
    const double q = static_cast<double>(g.below(12'000'000) + 1), e = 1000.0 + static_cast<double>(g.below(99000));
    const int s = g.next() & 1u ? 1 : -1;
    std::size_t k = 0;
    while (q > lv[k].max_contracts) ++k;
    const double mmr = lv[k].maintenance, lev = 2.0 + static_cast<double>(g.below(static_cast<std::uint64_t>(1.0 / lv[k].initial) - 1));
    const auto mp = venues::at_leverage(rb, xbtusd(s > 0 ? side::long_ : side::short_, q, e), rate{lev});
    REQUIRE(mp.has_value());
    const double m = mp->margin.value();
    const double f = s > 0 ? q * (1 + mmr) / (q / e + m) : q * (1 - mmr) / (q / e - m);
    const auto r = venues::liquidation_price(rb, *mp);
    REQUIRE(r.has_value());
    if (f > 0) {
      REQUIRE(r->state == price_state::at_price);
      REQUIRE(near(r->value.value(), f, 1e-9 * f));
    } else {
      REQUIRE(r->state == price_state::never);
    }
  }
}

TEST_CASE("building levels, leverage and bad input") {
  std::array<tier_row<dec>, 5> rows{};
  const auto rb = kr::make_rulebook(kr::make_levels<dec>(first_levels<dec>(), rows).value());
  // level 1: IM 2%, 50x
  CHECK(venues::at_leverage(rb, xbtusd(side::long_, 100000.0_dec, 50000.0_dec), rate{50.0_dec})->margin == money{0.04_dec});
  CHECK(venues::at_leverage(rb, xbtusd(side::long_, 100000.0_dec, 50000.0_dec), rate{51.0_dec}) ==
        failure{errc::leverage_above_max});
  // level 5: IM 15%, 6.66x
  CHECK(venues::at_leverage(rb, xbtusd(side::long_, 7000000.0_dec, 50000.0_dec), rate{7.0_dec}) ==
        failure{errc::leverage_above_max});
  SOLVENCY_CHECK_CONSTEXPR(levels_error(first_levels<dec>()) == errc{});
  SOLVENCY_CHECK_CONSTEXPR(levels_error(first_levels<dec>(), 4) == errc::size_mismatch);
  constexpr auto zero_im = [] {
    auto l = first_levels<dec>();
    l[0].initial = 0.0_dec;
    return l;
  }();
  SOLVENCY_CHECK_CONSTEXPR(levels_error(zero_im) == errc::invalid_argument);
  constexpr auto mm_above_im = [] {
    auto l = first_levels<dec>();
    l[1].maintenance = 0.05_dec;
    return l;
  }();
  SOLVENCY_CHECK_CONSTEXPR(levels_error(mm_above_im) == errc::invalid_argument);
  constexpr auto shrinking = [] {
    auto l = first_levels<dec>();
    l[2].max_contracts = 900000.0_dec;
    return l;
  }();
  SOLVENCY_CHECK_CONSTEXPR(levels_error(shrinking) == errc::table_not_increasing);
  CHECK(venues::liquidation_price(rb, kr::single_collateral(xbtusd(side::long_, 0.0_dec, 100.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(rb, kr::single_collateral(xbtusd(side::long_, 10.0_dec, 0.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_price});
  CHECK(venues::liquidation_price(kr::make_rulebook(tiered_whole_position<dec>{}),
                                  kr::single_collateral(xbtusd(side::long_, 10.0_dec, 100.0_dec), money{1.0_dec})) ==
        failure{errc::empty_table});
}
