// solvency/waterfall/concepts.hpp: what a loss-absorbing stage is.
//
// Types and concepts in this header:
//
//   loss_event<N>    a deficit to cover: whose, in which market, how large,
//                    when, and the bankrupt position (side, size, bankruptcy
//                    and mark prices) that ADL needs to find counterparties
//   WaterfallStage   a stage that covers part (or all) of what is still
//                    outstanding of a loss, recording every unit it covers as
//                    transfers to `party::loss(event.trader)` in a ledger
//
// The contract of `stage.absorb(event, outstanding, ledger)`:
//   * `outstanding` is what earlier stages left, never negative;
//   * it returns the amount `a` it covered, 0 <= a <= outstanding;
//   * the transfers it records into `party::loss(event.trader)` sum to `a`
//     exactly; any other transfers it records (rounding dust, say) net to
//     zero across their parties;
//   * on failure it returns the error and leaves its own state as it was.
// A composition (waterfall/compose.hpp) runs stages in order until nothing
// is outstanding, and reports the remainder the last stage could not cover.
#ifndef SOLVENCY_WATERFALL_CONCEPTS_HPP
#define SOLVENCY_WATERFALL_CONCEPTS_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/core/ledger.hpp>

#include <concepts>
#include <cstdint>

namespace solvency::inline v1 {

/// Identifies a market (a contract) within a venue.
using market_id = std::uint32_t;

/// A deficit to cover, and the bankrupt position it came from.
template <Number N>
struct loss_event {
  account_id trader = 0;       ///< the bankrupt account
  market_id market = 0;        ///< where the loss happened
  money<N> deficit{};          ///< the whole loss to cover, never negative
  std::int64_t time = 0;       ///< host time (any monotonic unit: ms, block height), for per-window caps
  side bankrupt_side = side::long_;  ///< the bankrupt position's side (ADL closes the opposite side)
  quantity<N> size{};          ///< the bankrupt position's size still to close
  price<N> bankruptcy{};       ///< its bankruptcy price
  price<N> mark{};             ///< the mark price at the event
};

/// A stage of a loss waterfall. See the contract at the top of this header.
template <class S, class N>
concept WaterfallStage = Number<N> && requires(S& s, const loss_event<N>& ev, money<N> outstanding, ledger<N>& l) {
  { s.absorb(ev, outstanding, l) } -> std::same_as<result<money<N>>>;
};

}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_CONCEPTS_HPP
