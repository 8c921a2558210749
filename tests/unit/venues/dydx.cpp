// Tests for solvency/venues/dydx.hpp: DY-1 (isolated) and DY-2 (cross)
// through the preset, to the cent, each once in a static_assert and once at
// run time; the docs' formula on generated positions; the genesis tiers,
// open-interest scaling of the leverage, and bad input. Generated
// properties: properties_hyperliquid_dydx.cpp.
#include <solvency/venues/dydx.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace dy = solvency::venues::dydx;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;

template <class N>
constexpr position<N> linear(side s, N size, N entry) {
  return {s, quantity<N>{size}, price<N>{entry}, linear_contract(from_int<N>(1))};
}

// An MMF of 5%: the Mid-Cap tier's (IMF 10%).
constexpr auto eth = dy::make_rulebook(dy::mid_cap<dec>());
// DY-1: e = 1,000, short 3 ETH at an oracle price of 3,000
constexpr auto dy1 = dy::isolated(linear(side::short_, 3.0_dec, 3000.0_dec), price{3000.0_dec}, money{1000.0_dec}).value();

/// DY-2: e = 1,000; ETH short 1.5 @ 3,000 (MMF 5%), STRK long 1,000 @ 1.75 (MMF 10%).
// (Clang 14 cannot call the consteval _dec inside a template: the data outside it.)
constexpr std::array dy2_positions{linear(side::short_, 1.5_dec, 3000.0_dec), linear(side::long_, 1000.0_dec, 1.75_dec)};
constexpr std::array dy2_marks{price{3000.0_dec}, price{1.75_dec}};
constexpr money<dec> dy2_equity{1000.0_dec};
template <class Rounding>
constexpr dec dy2() {
  const std::array models{dy::mid_cap<dec>(), dy::long_tail<dec>()};
  std::array<result<solved_price<dec>>, 2> out{solved_price<dec>{}, solved_price<dec>{}};
  const auto r = venues::cross_liquidation_prices<Rounding>(eth, per_position(std::span(models)),
                                                           account_view<dec>{7, dy2_equity, dy2_positions}, dy2_marks, out);
  SOLVENCY_PRECONDITION(r.has_value(), "dy2");
  return px(out[0]);
}

}  // namespace

TEST_CASE("DY-1: isolated, p' = (e - s p) / (|s| MMF - s) = 3,174.60, equity there ~ 476.2") {
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(eth, dy1)) == 3174.60_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(eth, dy1)) == 3174.60317460_dec);  // 10,000 / 3.15, down
  // equity at p' ~ 476.2 (= 3 x p' x 5%)
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_away>(equity_at(dy1, price{3174.6031746_dec})->value(), 0.1_dec) ==
                           476.2_dec);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_away>(
                               venues::maintenance_margin(eth, dy1, price{3174.6031746_dec})->value(), 0.1_dec) == 476.2_dec);
  // the docs' e is the equity at the oracle price: the same answer for a
  // position entered elsewhere, backed so its equity at 3,000 is 1,000
  constexpr auto elsewhere =
      dy::isolated(linear(side::short_, 3.0_dec, 2900.0_dec), price{3000.0_dec}, money{1000.0_dec}).value();
  SOLVENCY_CHECK_CONSTEXPR(elsewhere.margin == money{1300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(eth, elsewhere)) == 3174.60_dec);
  // bankruptcy: e exhausted, 3,000 + 1,000 / 3
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(eth, dy1)) == 3333.33333333_dec);
}

TEST_CASE("DY-2: cross, p' = (e - s p - MMR_o) / (|s| MMF - s) = 3,380.95") {
  // MMR_o = 1,000 x 1.75 x 10% = 175: (1,000 + 4,500 - 175) / 1.575 = 3,380.952...
  SOLVENCY_CHECK_CONSTEXPR(dy2<venues::as_displayed>() == 3380.95_dec);
  SOLVENCY_CHECK_CONSTEXPR(dy2<conservative_rounding>() == 3380.95238095_dec);
}

TEST_CASE("the docs' formula on generated positions (double)") {
  const auto rb = dy::make_rulebook(dy::large_cap<double>());
  solvency_test::rng g{141};
  for (int i = 0; i < 4000; ++i) {
    const double p = 100.0 + static_cast<double>(g.below(100000)), size = 0.01 * static_cast<double>(g.below(100000) + 1);
    const double entry = p * (0.8 + 0.0001 * static_cast<double>(g.below(4000)));
    const int sign = g.next() & 1u ? 1 : -1;
    const double s = sign * size;
    const double e = size * p * (0.05 + 0.0001 * static_cast<double>(g.below(10000)));
    const auto mp = dy::isolated(linear(sign > 0 ? side::long_ : side::short_, size, entry), price{p}, money{e});
    REQUIRE(mp.has_value());
    const auto r = venues::liquidation_price(rb, *mp);
    REQUIRE(r.has_value());
    const double formula = (e - s * p) / (size * 0.03 - s);
    if (formula > 0) {
      REQUIRE(r->state == price_state::at_price);
      REQUIRE(near(r->value.value(), formula, 1e-9 * p));
    } else {
      REQUIRE(r->state == price_state::never);
    }
  }
}

TEST_CASE("genesis tiers, open-interest scaling of the leverage, bad input") {
  SOLVENCY_CHECK_CONSTEXPR(dy::large_cap<dec>().base_imf == rate{0.05_dec} && dy::large_cap<dec>().mmf == rate{0.03_dec});
  SOLVENCY_CHECK_CONSTEXPR(dy::mid_cap<dec>().mmf == rate{0.05_dec});
  SOLVENCY_CHECK_CONSTEXPR(dy::long_tail<dec>().base_imf == rate{0.2_dec} && dy::long_tail<dec>().mmf == rate{0.1_dec});
  SOLVENCY_CHECK_CONSTEXPR(dy::safety<dec>().base_imf == rate{1.0_dec} && dy::safety<dec>().mmf == rate{0.2_dec});
  // Mid-Cap allows 10x; with open interest half-way between caps of 20M and
  // 50M (DERIVED), IMF 55%: 1.81x
  constexpr auto pos = linear(side::long_, 1.0_dec, 3000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(eth, pos, rate{10.0_dec})->margin == money{300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(eth, pos, rate{10.5_dec}) == failure{errc::leverage_above_max});
  constexpr auto scaled = [] {
    auto m = oi_scaled_margin<dec>::from_ppm(100'000, 500'000, money{20000000.0_dec}, money{50000000.0_dec});
    m.open_interest = quantity{500.0_dec};
    m.oracle_price = price{70000.0_dec};
    return dy::make_rulebook(m);
  }();
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(scaled, pos, rate{1.8_dec}).has_value());
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(scaled, pos, rate{2.0_dec}) == failure{errc::leverage_above_max});
  // the maintenance fraction does not scale: the same liquidation price
  SOLVENCY_CHECK_CONSTEXPR(venues::liquidation_price(scaled, dy1) == venues::liquidation_price(eth, dy1));
  // bad input
  CHECK(dy::isolated(linear(side::short_, 3.0_dec, 3000.0_dec), price{0.0_dec}, money{1000.0_dec}) ==
        failure{errc::non_positive_price});
  CHECK(dy::isolated(linear(side::short_, 0.0_dec, 3000.0_dec), price{3000.0_dec}, money{1000.0_dec}) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(eth, margined_position<dec>{linear(side::long_, 1.0_dec, -3.0_dec), money{1.0_dec}, {}}) ==
        failure{errc::non_positive_price});
  auto bad = eth;
  bad.model.mmf = rate{0.2_dec};  // above the IMF
  CHECK(venues::liquidation_price(bad, dy1) == failure{errc::invalid_argument});
  auto no_oracle = scaled;
  no_oracle.model.oracle_price = price{0.0_dec};
  CHECK(venues::at_leverage(no_oracle, pos, rate{1.0_dec}) == failure{errc::non_positive_price});
}
