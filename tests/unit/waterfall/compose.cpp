// Tests for solvency/waterfall/compose.hpp: a chain runs its stages in
// order, stops when the deficit is covered, reports each stage's share and
// the remainder, and on bad input or a stage's error returns the error with
// the documented state left behind.
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {

constexpr dec d(std::int64_t v) { return dec::from_int(v); }
constexpr loss_event<dec> loss_of(std::int64_t deficit) { return {.trader = 7, .market = 1, .deficit = money{d(deficit)}}; }

constexpr auto four_stages() {
  return chain{trader_margin<dec>{money{d(10)}}, insurance_fund<dec>{.shared = {.id = 50, .balance = money{d(100)}}},
               fee_pool<dec>{.id = 3, .balance = money{d(20)}}, house_capital<dec>{.id = 1, .balance = money{d(1000)}}};
}

constexpr bool runs_in_order() {
  auto wf = four_stages();
  ledger_buffer<dec, 8> buf;
  auto r = wf.absorb(loss_of(125), buf.ledger());
  const auto e = buf.ledger().entries();
  // 10 margin, 100 fund, 15 of the fee pool's 20; the house is not asked
  return r && r->absorbed == money{d(125)} && r->remainder == money<dec>{} && r->covered() && r->stages_run == 3 &&
         r->by_stage[0] == money{d(10)} && r->by_stage[1] == money{d(100)} && r->by_stage[2] == money{d(15)} &&
         r->by_stage[3] == money<dec>{} && e.size() == 3 &&
         e[0] == transfer<dec>{party::trader(7), party::loss(7), money{d(10)}, transfer_reason::margin} &&
         e[1] == transfer<dec>{party::insurance_fund(50), party::loss(7), money{d(100)}, transfer_reason::fund_draw} &&
         e[2] == transfer<dec>{party::fee_pool(3), party::loss(7), money{d(15)}, transfer_reason::fee_pool_draw} &&
         wf.stage<2>().balance == money{d(5)} && wf.stage<3>().balance == money{d(1000)};
}

constexpr bool remainder_reported() {
  chain wf{trader_margin<dec>{money{d(10)}}, fee_pool<dec>{.balance = money{d(20)}}};
  ledger_buffer<dec, 8> buf;
  auto r = wf.absorb(loss_of(100), buf.ledger());
  return r && r->absorbed == money{d(30)} && r->remainder == money{d(70)} && !r->covered() && r->stages_run == 2 &&
         buf.ledger().paid_to(party::loss(7)) == money{d(30)};
}

constexpr bool zero_deficit() {
  auto wf = four_stages();
  ledger_buffer<dec, 8> buf;
  auto r = wf.absorb(loss_of(0), buf.ledger());
  return r && r->absorbed == money<dec>{} && r->remainder == money<dec>{} && r->stages_run == 0 && buf.ledger().empty();
}

/// A stage that breaks the contract: claims more than was outstanding.
struct greedy {
  template <Number N>
  constexpr result<money<N>> absorb(const loss_event<N>&, money<N> outstanding, ledger<N>&) {
    return outstanding + outstanding;
  }
};
static_assert(WaterfallStage<greedy, dec>);

}  // namespace

TEST_CASE("a chain runs stages in order until nothing is outstanding") {
  SOLVENCY_CHECK_CONSTEXPR(runs_in_order());
  SOLVENCY_CHECK_CONSTEXPR(remainder_reported());
  SOLVENCY_CHECK_CONSTEXPR(zero_deficit());
}

TEST_CASE("stage<I>() reaches each stage's state") {
  auto wf = four_stages();
  wf.stage<0>().available = money{d(500)};
  ledger_buffer<dec, 8> buf;
  auto r = wf.absorb(loss_of(125), buf.ledger());
  REQUIRE(r);
  CHECK(r->stages_run == 1);
  CHECK(wf.stage<0>().available == money{d(375)});
  const auto& cw = wf;
  CHECK(cw.stage<1>().shared.balance == money{d(100)});
  static_assert(decltype(wf)::size == 4);
}

TEST_CASE("double chains") {
  chain wf{trader_margin<double>{money{10.0}}, insurance_fund<double>{.shared = {.balance = money{100.0}}}};
  ledger_buffer<double, 4> buf;
  auto r = wf.absorb(loss_event<double>{.trader = 1, .deficit = money{150.0}}, buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{110.0});
  CHECK(r->remainder == money{40.0});
}

TEST_CASE("bad input and stage errors") {
  ledger_buffer<dec, 2> buf;
  auto& l = buf.ledger();
  SUBCASE("a negative deficit") {
    auto wf = four_stages();
    CHECK(wf.absorb(loss_of(-5), l) == failure{errc::negative_amount});
    CHECK(wf.stage<0>().available == money{d(10)});
  }
  SUBCASE("an overflowed deficit") {
    auto wf = four_stages();
    loss_event<dec> ev = loss_of(0);
    ev.deficit = money{dec::max() + dec::max()};
    CHECK(wf.absorb(ev, l) == failure{errc::overflow});
  }
  SUBCASE("a NaN deficit in double") {
    chain wf{trader_margin<double>{money{1.0}}};
    ledger_buffer<double, 2> b;
    CHECK(wf.absorb(loss_event<double>{.deficit = money{0.0 / 0.0 + 0.0}}, b.ledger()).error() == errc::not_a_number);
  }
  SUBCASE("a stage's error: earlier stages keep their transfers and state, the failing one none") {
    // the fee pool's balance is negative with a zero floor: bad input at stage 2
    chain wf{trader_margin<dec>{money{d(10)}}, insurance_fund<dec>{.shared = {.balance = money{d(100)}}},
             fee_pool<dec>{.balance = money{d(-20)}}};
    CHECK(wf.absorb(loss_of(500), l) == failure{errc::negative_amount});
    CHECK(l.size() == 2);
    CHECK(wf.stage<0>().available == money<dec>{});
    CHECK(wf.stage<1>().shared.balance == money<dec>{});
    CHECK(wf.stage<2>().balance == money{d(-20)});
  }
  SUBCASE("a full ledger at the third stage") {
    auto wf = four_stages();
    CHECK(wf.absorb(loss_of(500), l) == failure{errc::ledger_full});
    CHECK(l.size() == 2);
    CHECK(wf.stage<2>().balance == money{d(20)});
  }
  SUBCASE("a stage that breaks the contract") {
    chain wf{trader_margin<dec>{money{d(10)}}, greedy{}};
    CHECK(wf.absorb(loss_of(50), l) == failure{errc::invalid_argument});
    CHECK(l.size() == 1);
  }
}
