// Static tests for the waterfall: every stage satisfies WaterfallStage for
// dec and double, and a whole chain runs in a constant expression with
// exact conservation. Building this file is passing it.
#include <solvency/waterfall/clearing_house.hpp>
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/presets.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include <array>

namespace {
using namespace solvency;
using namespace solvency::waterfall;

template <class N>
constexpr bool all_stages() {
  return WaterfallStage<trader_margin<N>, N> && WaterfallStage<fee_pool<N>, N> && WaterfallStage<house_capital<N>, N> &&
         WaterfallStage<default_fund<N>, N> && WaterfallStage<assessments<N>, N> &&
         WaterfallStage<insurance_fund<N>, N> && WaterfallStage<insurance_fund<N, bybit_drawdown_trigger<N>>, N> &&
         WaterfallStage<insurance_fund<N, okx_decline_trigger<N>>, N> && WaterfallStage<pro_rata_gains_haircut<N>, N> &&
         WaterfallStage<funding_index_charge<N>, N> && WaterfallStage<equity_haircut<N>, N>;
}
static_assert(all_stages<dec>());
static_assert(all_stages<double>());
static_assert(!WaterfallStage<trader_margin<dec>, double>);  // one number type per stage

// A clearing-house default of 1,000.00000001 in a constant expression: margin
// 100, contribution 50, house 150, survivors 1 and 2 (300 and 600): the
// 700.00000001 left is charged ceil(700.00000001 x 1/3) = 233.33333334 and
// ceil(700.00000001 x 2/3) = 466.66666668: 0.00000001 of dust.
constexpr bool ccp_default() {
  std::array<stake<dec>, 1> defaulter{{{9, money{dec::from_int(50)}}}};
  std::array<stake<dec>, 2> survivors{{{1, money{dec::from_int(300)}}, {2, money{dec::from_int(600)}}}};
  std::array<stake<dec>, 1> none{};
  auto ccp = clearing_house_waterfall<dec>(money{dec::from_int(100)}, defaulter,
                                           {.id = 0, .balance = money{dec::from_int(150)}}, survivors,
                                           std::span<stake<dec>>(none.data(), 0), std::span<stake<dec>>(none.data(), 0),
                                           party::dust(5));
  ledger_buffer<dec, 16> buf;
  const money<dec> deficit{dec::from_int(1000) + dec::epsilon()};
  auto r = ccp.absorb(loss_event<dec>{.trader = 9, .deficit = deficit}, buf.ledger());
  const auto& l = buf.ledger();
  return r && r->absorbed == deficit && r->remainder == money<dec>{} && l.paid_to(party::loss(9)) == deficit &&
         l.paid_to(party::dust(5)) == money<dec>{dec::epsilon()} &&
         l.paid_by(party::member(1)) == money{dec::from_raw(23'333'333'334)} &&
         l.paid_by(party::member(2)) == money{dec::from_raw(46'666'666'668)};
}
static_assert(ccp_default());

}  // namespace
