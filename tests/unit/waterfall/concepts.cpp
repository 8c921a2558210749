// Tests for solvency/waterfall/concepts.hpp: what satisfies WaterfallStage
// and what does not, and the defaults of loss_event.
#include <solvency/waterfall/concepts.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;

namespace {

struct good_stage {
  template <Number N>
  constexpr result<money<N>> absorb(const loss_event<N>&, money<N> outstanding, ledger<N>&) {
    return outstanding;
  }
};
struct dec_only_stage {
  constexpr result<money<dec>> absorb(const loss_event<dec>&, money<dec>, ledger<dec>&) { return money<dec>{}; }
};
struct returns_plain_money {
  template <Number N>
  constexpr money<N> absorb(const loss_event<N>&, money<N> outstanding, ledger<N>&) {
    return outstanding;
  }
};
struct no_ledger {
  template <Number N>
  constexpr result<money<N>> absorb(const loss_event<N>&, money<N> outstanding) {
    return outstanding;
  }
};
struct nothing {};

static_assert(WaterfallStage<good_stage, dec>);
static_assert(WaterfallStage<good_stage, double>);
static_assert(WaterfallStage<dec_only_stage, dec>);
static_assert(!WaterfallStage<dec_only_stage, double>);
static_assert(!WaterfallStage<returns_plain_money, dec>);
static_assert(!WaterfallStage<no_ledger, dec>);
static_assert(!WaterfallStage<nothing, dec>);
static_assert(!WaterfallStage<good_stage, int>);  // int is not a Number

}  // namespace

TEST_CASE("WaterfallStage accepts the contract's signature only") {
  CHECK(WaterfallStage<good_stage, dec>);
  CHECK_FALSE(WaterfallStage<returns_plain_money, dec>);
  CHECK_FALSE(WaterfallStage<nothing, double>);
}

TEST_CASE("loss_event defaults") {
  constexpr loss_event<dec> ev{};
  SOLVENCY_CHECK_CONSTEXPR(ev.trader == 0 && ev.market == 0 && ev.time == 0);
  SOLVENCY_CHECK_CONSTEXPR(ev.deficit == money<dec>{});
  SOLVENCY_CHECK_CONSTEXPR(ev.bankrupt_side == side::long_);
  constexpr loss_event<dec> ev2{.trader = 7, .market = 3, .deficit = money{5.0_dec}, .time = 100};
  SOLVENCY_CHECK_CONSTEXPR(ev2.deficit == money{5.0_dec} && ev2.market == 3);
}
