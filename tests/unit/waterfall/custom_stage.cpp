// The "write your own stage" example of docs/guides/waterfall.md, compiled
// and run here: a stage that charges a liquidity-provider vault up to a
// share of its equity, placed between the insurance fund and socialisation.
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/stages.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;

/// A vault that absorbs losses, but never more than `max_share` of its equity per event.
template <Number N>
struct vault_backstop {
  std::uint64_t id = 0;
  money<N> equity{};
  rate<N> max_share{};

  constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding, ledger<N>& l) {
    // 1. check inputs; on an error record nothing and change nothing
    if (!is_valid(equity.value()) || !is_valid(outstanding.value())) return failure{errc::invalid_number};
    if (equity.value() < N{} || outstanding.value() < N{}) return failure{errc::negative_amount};
    // 2. decide the amount, rounding in the exchange's favour (the vault keeps the last digit)
    money<N> a = mul<round::down>(equity, max_share);
    if (outstanding < a) a = outstanding;
    // 3. record every unit covered as a transfer into the loss
    if (auto r = l.record({party::liquidator(id), party::loss(ev.trader), a, transfer_reason::takeover}); !r)
      return failure{r.error()};
    // 4. only then change the stage's state
    equity -= a;
    return a;
  }
};
static_assert(WaterfallStage<vault_backstop<dec>, dec>);
static_assert(WaterfallStage<vault_backstop<double>, double>);

constexpr dec ten_pct = 0.1_dec;

TEST_CASE("a stage of your own in a chain") {
  waterfall::chain wf{waterfall::trader_margin<dec>{money{100.0_dec}},
                      waterfall::insurance_fund<dec>{.shared = {.balance = money{400.0_dec}}},
                      vault_backstop<dec>{.id = 1, .equity = money{3000.0_dec}, .max_share = rate{ten_pct}}};
  ledger_buffer<dec, 8> buf;
  auto r = wf.absorb(loss_event<dec>{.trader = 7, .deficit = money{1000.0_dec}}, buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{800.0_dec});   // 100 margin + 400 fund + 300 (10% of the vault)
  CHECK(r->remainder == money{200.0_dec});  // left for ADL or socialisation
  CHECK(wf.stage<2>().equity == money{2700.0_dec});
  CHECK(buf.ledger().paid_by(party::liquidator(1)) == money{300.0_dec});
}
