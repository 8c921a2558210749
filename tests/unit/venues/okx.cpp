// Tests for solvency/venues/okx.hpp: OKX-I1 and OKX-1 through the preset (and
// the derived OKX-2), each once in a static_assert and once at run time; the
// derived linear and inverse formulas on generated positions over the
// 1INCHUSDT tiers (whole position at its tier by contracts); leverage, a
// convention with no solution and bad input. Generated properties:
// properties_okx.cpp.
#include <solvency/venues/okx.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace okx = solvency::venues::okx;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;


// OKX-I1 (freqtrade): MMR 1%, taker 0.06%, E 10, Q 1, 3x.
constexpr auto i1 = okx::make_rulebook(flat_margin<double>{rate{0.01}, rate{0.01}}, rate{0.0006});
constexpr auto i1_dec = okx::make_rulebook(flat_margin<dec>{rate{0.01_dec}, rate{0.01_dec}}, rate{0.0006_dec});
constexpr position<double> unit(side s) { return {s, quantity{1.0}, price{10.0}, okx::linear_swap(1.0)}; }
constexpr position<dec> unit_dec(side s) { return {s, quantity{1.0_dec}, price{10.0_dec}, okx::linear_swap(1.0_dec)}; }

// OKX-1 (old OKEx): 10,000 contracts x 0.0001 BTC @ 10,000, 10x: 1,000 USDT of
// margin; tier 3 MMR 1.5%, liquidation fee 0.075%. OKEx prints no tier table:
// the tier's rates stand as a flat model (IM 10% from the 10x).
constexpr auto okx1_rb = okx::make_rulebook(flat_margin<dec>{rate{0.1_dec}, rate{0.015_dec}}, rate{0.00075_dec},
                                            price_delta{0.01_dec});
constexpr auto okx1 = okx::isolated(position<dec>{side::long_, quantity{10000.0_dec}, price{10000.0_dec},
                                                  okx::linear_swap(0.0001_dec)},
                                    money{1000.0_dec});

constexpr auto one_inch = okx::one_inch_usdt<dec>(rate{0.0005_dec});

}  // namespace

TEST_CASE("OKX-I1: freqtrade's isolated values, 13.193482419684678 / 6.738090425173506") {
  SOLVENCY_CHECK_CONSTEXPR(
      near(px(venues::liquidation_price(i1, okx::isolated(unit(side::short_), money{10.0 / 3.0}))), 13.193482419684678, 1e-13));
  SOLVENCY_CHECK_CONSTEXPR(
      near(px(venues::liquidation_price(i1, okx::isolated(unit(side::long_), money{10.0 / 3.0}))), 6.738090425173506, 1e-13));
  // decimal, the margin opened at 3x (10 / 3 held up to 3.33333334): to 8 places
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(i1_dec, venues::at_leverage(i1_dec, unit_dec(side::long_),
                                                                                         rate{3.0_dec}).value())),
                                6.73809043_dec, 0.00000002_dec));
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(i1_dec, venues::at_leverage(i1_dec, unit_dec(side::short_),
                                                                                         rate{3.0_dec}).value())),
                                13.19348242_dec, 0.00000002_dec));
}

TEST_CASE("OKX-1: below MMR + fee at 9,010; OKX-2 (derived): the price where the ratio is met, 9,144.02") {
  // equity at 9,010: 1,000 - 990 = 10; OKEx's ratio 10 / 9,010 = 0.11% < 1.575%
  SOLVENCY_CHECK_CONSTEXPR(equity_at(okx1, price{9010.0_dec}).value() == money{10.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_away>(div<round::down>(10.0_dec, 9010.0_dec), 0.0001_dec) ==
                           0.0011_dec);
  // the requirement there: 9,010 x (1.5% + 0.075%) = 141.9075
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(okx1_rb, okx1, price{9010.0_dec}).value() == money{141.9075_dec});
  SOLVENCY_CHECK_CONSTEXPR(equity_at(okx1, price{9010.0_dec}).value() <
                           venues::maintenance_margin(okx1_rb, okx1, price{9010.0_dec}).value());
  // OKX-2: (E - M/q) / (1 - MMR - fee) = 9,000 / 0.98425 = 9,144.018...
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(okx1_rb, okx1)) == 9144.02_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(okx1_rb, okx1)) == 9144.02_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(okx1_rb, okx1)) == 9000.0_dec);
}

TEST_CASE("1INCHUSDT tiers: the whole position at its tier, by contracts") {
  constexpr auto pos = [](dec contracts) {
    return position<dec>{side::long_, quantity{contracts}, price{2.5_dec}, okx::linear_swap(1.0_dec)};
  };
  // 2,000 contracts of 1 at 2.5 = 5,000 USDT: tier 2, 1.5% + 0.05% fee: 77.5
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(one_inch, okx::isolated(pos(2000.0_dec), money{100.0_dec}),
                                                      price{2.5_dec})
                               .value() == money{77.5_dec});
  // 1,000 is tier 1 (1%), 1,001 tier 2 (1.5%): the requirement jumps, no deduction
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(one_inch, okx::isolated(pos(1000.0_dec), money{100.0_dec}),
                                                      price{2.0_dec})
                               .value() == money{21.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(one_inch, okx::isolated(pos(1001.0_dec), money{100.0_dec}),
                                                      price{2.0_dec})
                               .value() == money{31.031_dec});
  // the tier's leverage: 2,000 contracts -> 50x
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(one_inch, pos(2000.0_dec), rate{50.0_dec})->margin == money{100.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(one_inch, pos(2000.0_dec), rate{51.0_dec}) ==
                           failure{errc::leverage_above_max});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(one_inch, pos(100000.0_dec), rate{18.18_dec}).has_value());
}

TEST_CASE("the derived formulas on generated positions, linear and inverse (double)") {
  const double fee = 0.0005;
  const auto rb = okx::one_inch_usdt<double>(rate{fee});
  const auto& tbl = okx::one_inch_usdt_swap<double>;
  solvency_test::rng g{111};
  for (int i = 0; i < 4000; ++i) {
    const bool inverse = i % 2 == 1;
    const int s = g.next() & 1u ? 1 : -1;
    const double n = static_cast<double>(g.below(130000) + 1);
    const double e = inverse ? 1000.0 + static_cast<double>(g.below(99000)) : 0.1 + 0.001 * static_cast<double>(g.below(10000));
    const double ct = inverse ? (g.below(2) ? 100.0 : 10.0) : (g.below(2) ? 1.0 : 10.0);
    const position<double> pos{s > 0 ? side::long_ : side::short_, quantity{n}, price{e},
                               inverse ? okx::inverse_swap(ct) : okx::linear_swap(ct)};
    const auto t = tbl.tier_of(n).value();
    const double lev = 1.0 + static_cast<double>(g.below(static_cast<std::uint64_t>(t.max_leverage.value()) - 1));
    const auto mp = venues::at_leverage(rb, pos, rate{lev}).value();
    const double m = mp.margin.value(), q = n * ct, a = t.maintenance.value() + fee;
    const auto r = venues::liquidation_price(rb, mp);
    REQUIRE(r.has_value());
    const double f = inverse ? (s > 0 ? q * (1 + a) / (m + q / e) : q * (1 - a) / (q / e - m))
                             : (s > 0 ? (e - m / q) / (1 - a) : (e + m / q) / (1 + a));
    if (f > 0 && r->state == price_state::at_price)
      REQUIRE(near(r->value.value(), f, 1e-9 * f));
    else
      REQUIRE(r->state != price_state::at_price);
  }
}

TEST_CASE("run-time tiers, a convention with no solution, bad input") {
  // tiers as the API sends them
  std::array<tier_row<dec>, 4> rows{};
  const auto api = okx::one_inch_usdt_swap_rows<dec>();
  const auto model = okx::position_tier_model<dec>(api, rows);
  REQUIRE(model.has_value());
  const auto rb = okx::make_rulebook(*model, rate{0.0005_dec});
  const position<dec> pos{side::short_, quantity{3000.0_dec}, price{2.0_dec}, okx::linear_swap(1.0_dec)};
  CHECK(venues::liquidation_price(rb, okx::isolated(pos, money{600.0_dec})) ==
        venues::liquidation_price(one_inch, okx::isolated(pos, money{600.0_dec})));
  // a gap in the contract ranges
  auto gap = api;
  gap[2].min_sz = 2600.0_dec;
  CHECK(okx::position_tier_model<dec>(gap, rows) == failure{errc::invalid_argument});
  auto falling = api;
  falling[3].mmr = 0.015_dec;
  CHECK(okx::position_tier_model<dec>(falling, rows) == failure{errc::table_not_increasing});
  // MMR + fee of 100%: a linear long never meets it (an inverse short neither)
  const auto none = okx::make_rulebook(flat_margin<dec>{rate{1.0_dec}, rate{0.9995_dec}}, rate{0.0005_dec});
  CHECK(venues::liquidation_price(none, okx::isolated(position<dec>{side::long_, quantity{1.0_dec}, price{10.0_dec},
                                                                    okx::linear_swap(1.0_dec)},
                                                      money{5.0_dec})) == failure{errc::no_solution});
  CHECK(venues::liquidation_price(none, okx::isolated(position<dec>{side::short_, quantity{1.0_dec}, price{10.0_dec},
                                                                    okx::inverse_swap(100.0_dec)},
                                                      money{5.0_dec})) == failure{errc::no_solution});
  // a taker fee of 100% or a negative one is refused
  CHECK(venues::liquidation_price(okx::one_inch_usdt<dec>(rate{-0.001_dec}), okx::isolated(pos, money{600.0_dec})) ==
        failure{errc::invalid_argument});
  // zero and negative sizes and prices
  CHECK(venues::liquidation_price(one_inch, okx::isolated(position<dec>{side::long_, quantity{0.0_dec}, price{2.0_dec},
                                                                        okx::linear_swap(1.0_dec)},
                                                          money{1.0_dec})) == failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(one_inch, okx::isolated(position<dec>{side::long_, quantity{10.0_dec}, price{-2.0_dec},
                                                                        okx::linear_swap(1.0_dec)},
                                                          money{1.0_dec})) == failure{errc::non_positive_price});
}
