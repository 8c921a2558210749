// examples/custom_adl/roe_ranking.hpp: a venue's own ADL ranking policy.
//
// "Return on posted margin": winners are deleveraged by unrealised PnL per
// unit of wallet balance (cross) or isolated margin, highest first. More
// profit on the same margin, or the same profit on less margin (more
// leverage), never ranks lower, and the policy says so in its traits; the
// testing kit checks the claim (roe_test.cpp).
//
// A policy is a small literal type with a `traits` constant and a
// `score(holder, mark)` member template returning result<S> for an ordered
// S (higher = deleveraged first). The account id breaks ties: the policy
// does not have to.
#ifndef EXAMPLES_CUSTOM_ADL_ROE_RANKING_HPP
#define EXAMPLES_CUSTOM_ADL_ROE_RANKING_HPP

#include <solvency/adl/concepts.hpp>

namespace venue {

struct roe_ranking {
  static constexpr solvency::adl::ranking_traits traits{
      .mark_dependent = true,     // PnL moves with the mark
      .profit_monotone = true,    // more PnL, same margin: higher
      .leverage_monotone = true,  // same PnL, less margin: higher
      .winners_only = true,       // only accounts in profit are candidates
      .pro_rata = false,
      .execution = solvency::adl::price_rule::bankruptcy};

  template <solvency::Number N>
  constexpr solvency::result<N> score(const solvency::adl::holder<N>& h, solvency::price<N> mark) const noexcept {
    using namespace solvency;
    if (const auto v = adl::validate(h, mark); !v) return failure{v.error()};  // NaN, zero sizes, bad prices
    if (!(h.wallet_balance.value() > N{})) return failure{errc::non_positive_equity};  // left out of the queue
    if (!(adl::equity<round::down>(h, mark).value() > N{})) return failure{errc::non_positive_equity};
    const N s = div<round::down>(pnl<round::down>(h.pos, mark).value(), h.wallet_balance.value());
    if (!is_valid(s)) return failure{error_of(s)};
    return s;
  }
};

static_assert(solvency::adl::AdlRanking<roe_ranking, solvency::dec>);
static_assert(solvency::adl::AdlRanking<roe_ranking, double>);

/// The same policy with a bug a reviewer could miss: the margin is taken
/// net of the profit (wallet - PnL instead of wallet). Below the wallet it
/// looks right; once an account's profit exceeds its wallet the denominator
/// turns negative and the score flips sign, so more profit ranks lower. The
/// traits still claim monotonicity; the kit catches it (roe_test.cpp asserts
/// that it does).
struct broken_roe_ranking {
  static constexpr solvency::adl::ranking_traits traits = roe_ranking::traits;

  template <solvency::Number N>
  constexpr solvency::result<N> score(const solvency::adl::holder<N>& h, solvency::price<N> mark) const noexcept {
    using namespace solvency;
    if (const auto v = adl::validate(h, mark); !v) return failure{v.error()};
    if (!(adl::equity<round::down>(h, mark).value() > N{})) return failure{errc::non_positive_equity};
    const N p = pnl<round::down>(h.pos, mark).value();
    const N s = div<round::down>(p, h.wallet_balance.value() - p);  // the bug
    if (!is_valid(s)) return failure{error_of(s)};
    return s;
  }
};

}  // namespace venue

#endif
