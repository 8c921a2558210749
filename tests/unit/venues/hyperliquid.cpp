// Tests for solvency/venues/hyperliquid.hpp. Hyperliquid publishes its
// formula but no liquidation price with its inputs (venues.md 8.4): the
// preset is checked by the defining property (equity at the price equals the
// MM of the tier holding the notional there) and by the formula of 8.2 on
// derived positions (static_assert and run time) and generated ones, in both
// tiers of the BTC table; the tables, integer leverage, cross and bad input.
// Generated properties: properties_hyperliquid_dydx.cpp.
#include <solvency/venues/hyperliquid.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace hl = solvency::venues::hyperliquid;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;
using solvency_test::coin_position;


constexpr auto rb = hl::btc<dec>();
// DERIVED: long 100 BTC @ 100,000 (10M, tier 1: l = 1/80) with 1M of isolated margin
constexpr auto long1 = hl::isolated(coin_position(side::long_, 100.0_dec, 100000.0_dec), money{1000000.0_dec});
// DERIVED: short 2,000 BTC @ 70,000 (140M, tier 1) with 14M: tier 1's root lies
// beyond 150M, so the answer is in tier 2 (l = 1/40, deduction 1,875,000)
constexpr auto short2 = hl::isolated(coin_position(side::short_, 2000.0_dec, 70000.0_dec), money{14000000.0_dec});

constexpr money<dec> gap_at(const margined_position<dec>& mp, dec p) {
  return equity_at(mp, price{p}).value() - venues::maintenance_margin(rb, mp, price{p}).value();
}

}  // namespace

TEST_CASE("the tables: MMR = 1 / (2 maxLeverage), lowerBound starts a tier, deduction 1,875,000") {
  constexpr auto& b = hl::btc_margin_table<dec>;
  SOLVENCY_CHECK_CONSTEXPR(b.rule == cap_rule::exclusive);
  SOLVENCY_CHECK_CONSTEXPR(b.rows[0].maintenance == rate{0.0125_dec} && b.rows[1].maintenance == rate{0.025_dec});
  SOLVENCY_CHECK_CONSTEXPR(b.view()->deduction(1) == money{1875000.0_dec});  // 150M x (2.5% - 1.25%), DERIVED
  SOLVENCY_CHECK_CONSTEXPR(b.tier_of(150000000.0_dec)->maintenance == rate{0.025_dec});
  SOLVENCY_CHECK_CONSTEXPR(b.tier_of(149999999.99999999_dec)->maintenance == rate{0.0125_dec});
  constexpr auto& e = hl::eth_margin_table<dec>;
  SOLVENCY_CHECK_CONSTEXPR(e.rows[0].maintenance == rate{0.02_dec});            // 25x
  SOLVENCY_CHECK_CONSTEXPR(e.rows[1].maintenance == rate{0.03333334_dec});      // 15x: 1/30 rounded up
  SOLVENCY_CHECK_CONSTEXPR(e.tier_of(100000000.0_dec)->max_leverage == rate{15.0_dec});
}

TEST_CASE("liq = price - side x margin_available / size / (1 - l side), on derived positions") {
  // (E - M/Q) / (1 - l) = 90,000 / (1 - 1/80) = 91,139.2405...
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(rb, long1)) == 91139.24050633_dec);
  // tier 2: (14M + 140M + 1.875M) / (1 + 1/40) / 2,000 = 76,036.585...
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(rb, short2)) == 76036.58536585_dec);
  // the defining property: safe at the price, unsafe one unit of the last place beyond
  SOLVENCY_CHECK_CONSTEXPR(gap_at(long1, 91139.24050633_dec) >= money<dec>{});
  SOLVENCY_CHECK_CONSTEXPR(gap_at(long1, 91139.24050632_dec) < money<dec>{});
  SOLVENCY_CHECK_CONSTEXPR(gap_at(short2, 76036.58536585_dec) >= money<dec>{});
  SOLVENCY_CHECK_CONSTEXPR(gap_at(short2, 76036.58536586_dec) < money<dec>{});
  // and the notional there is in tier 2: 2,000 x 76,036.59 = 152.07M
  SOLVENCY_CHECK_CONSTEXPR(hl::btc_margin_table<dec>.tier_of(mul<round::up>(2000.0_dec, 76036.58536585_dec))->maintenance ==
                           rate{0.025_dec});
  // bankruptcy: equity exhausted, 100,000 - 10,000 and 70,000 + 7,000
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(rb, long1)) == 90000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(rb, short2)) == 77000.0_dec);
}

TEST_CASE("the formula of 8.2 on generated positions, both tiers (double)") {
  const auto rbd = hl::btc<double>();
  solvency_test::rng g{131};
  int crossed = 0, checked = 0;
  for (int i = 0; i < 4000; ++i) {
    const double price = 20000.0 + static_cast<double>(g.below(80000));
    const double size = 1.0 + static_cast<double>(g.below(4000));
    const int s = g.next() & 1u ? 1 : -1;
    const auto pos = coin_position(s > 0 ? side::long_ : side::short_, size, price);
    const double max = size * price < 150e6 ? 40.0 : 20.0;
    const double lev = 1.0 + static_cast<double>(g.below(static_cast<std::uint64_t>(max)));
    const auto mp = hl::isolated_at_leverage(rbd, pos, rate{lev});
    REQUIRE(mp.has_value());
    const auto r = venues::liquidation_price(rbd, *mp);
    REQUIRE(r.has_value());
    if (r->state != price_state::at_price) {
      REQUIRE((s > 0 && r->state == price_state::never));
      continue;
    }
    ++checked;
    const bool tier2 = size * r->value.value() >= 150e6;
    crossed += tier2 != (size * price >= 150e6);
    const double l = tier2 ? 1.0 / 40 : 1.0 / 80, ded = tier2 ? 1875000.0 : 0.0;
    const double available = mp->margin.value() - (size * price * l - ded);
    const double formula = price - s * available / size / (1 - l * s);
    REQUIRE(near(r->value.value(), formula, 1e-9 * price));
  }
  CHECK(checked > 3000);
  CHECK(crossed > 50);
}

TEST_CASE("isolated margin at an integer leverage, cross, run-time tables and bad input") {
  // 10 BTC @ 100,000: 1M, tier 1, up to 40x
  constexpr auto pos = coin_position(side::long_, 10.0_dec, 100000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(hl::isolated_at_leverage(rb, pos, rate{40.0_dec})->margin == money{25000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(hl::isolated_at_leverage(rb, pos, rate{41.0_dec}) == failure{errc::leverage_above_max});
  SOLVENCY_CHECK_CONSTEXPR(hl::isolated_at_leverage(rb, pos, rate{10.5_dec}) == failure{errc::invalid_argument});
  SOLVENCY_CHECK_CONSTEXPR(hl::isolated_at_leverage(rb, pos, rate{0.0_dec}) == failure{errc::invalid_argument});
  // 2,000 BTC @ 100,000 = 200M: tier 2, 20x
  SOLVENCY_CHECK_CONSTEXPR(hl::isolated_at_leverage(rb, coin_position(side::short_, 2000.0_dec, 100000.0_dec), rate{21.0_dec}) ==
                           failure{errc::leverage_above_max});
  // cross: margin available = account value - the others' maintenance margin
  const std::array positions{coin_position(side::long_, 10.0_dec, 100000.0_dec), coin_position(side::short_, 5.0_dec, 100000.0_dec)};
  const std::array marks{price{100000.0_dec}, price{100000.0_dec}};
  std::array<result<solved_price<dec>>, 2> out{solved_price<dec>{}, solved_price<dec>{}};
  REQUIRE(venues::cross_liquidation_prices(rb, account_view<dec>{1, money{100000.0_dec}, positions}, marks, out).has_value());
  // the long backed by 100,000 - 500,000 x 1.25% = 93,750: (1M - 93,750) / (10 (1 - 1/80))
  CHECK(out[0]->value.value() == 91772.15189874_dec);
  CHECK(venues::liquidation_price(rb, hl::isolated(positions[0], money{93750.0_dec})) == out[0]);
  // a marginTable from the API
  std::array<tier_row<dec>, 2> rows{};
  const std::array api{hyperliquid_margin_tier<dec>{0.0_dec, 40.0_dec}, hyperliquid_margin_tier<dec>{150000000.0_dec, 20.0_dec}};
  const auto model = hl::margin_table_model<dec>(api, rows);
  REQUIRE(model.has_value());
  CHECK(venues::liquidation_price(hl::make_rulebook(*model), short2) == venues::liquidation_price(rb, short2));
  const std::array not_from_zero{hyperliquid_margin_tier<dec>{1.0_dec, 40.0_dec}};
  CHECK(hl::margin_table_model<dec>(not_from_zero, rows) == failure{errc::invalid_argument});
  const std::array below_one{hyperliquid_margin_tier<dec>{0.0_dec, 0.5_dec}};
  CHECK(hl::margin_table_model<dec>(below_one, rows) == failure{errc::invalid_argument});
  const std::array rising{hyperliquid_margin_tier<dec>{0.0_dec, 20.0_dec}, hyperliquid_margin_tier<dec>{100.0_dec, 40.0_dec}};
  CHECK(hl::margin_table_model<dec>(rising, rows) == failure{errc::table_not_increasing});
  CHECK(venues::liquidation_price(rb, hl::isolated(coin_position(side::long_, 0.0_dec, 100.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(rb, hl::isolated(coin_position(side::long_, 1.0_dec, 0.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_price});
}
