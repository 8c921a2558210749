// solvency/adl/stage.hpp: ADL as a stage of the loss waterfall.
//
// Types in this header (namespace solvency::adl):
//
//   stage<Ranking, N>   a WaterfallStage that covers what is outstanding of a
//                       loss by closing the bankrupt position's counterparties
//                       (execution.hpp): transfers counterparty(id) ->
//                       loss(trader), reason adl, summing to what it returns
//
//   std::vector<adl::holder<dec>> book = ...;            // one market, both sides
//   std::vector<adl::stage<adl::bitmex_ranking, dec>::entry> scratch(book.size());
//   adl::stage<adl::bitmex_ranking, dec> adl_stage{book, scratch};
//   auto covered = adl_stage.absorb(event, outstanding, ledger);   // result<money<dec>>
//   adl_stage.last_report().unfilled;                    // quantity left for socialization
//   adl_stage.set_refresh(adl::refresh::touched_only);   // stay ranked across events
//
// The stage reads and updates the caller's holders (sizes and wallet
// balances of the counterparties it closes); holders on the bankrupt side
// are ignored, so one stage can serve both sides of a market. Its scratch
// span must be at least as long as the holders. An empty queue or too
// little opposing quantity is not an error: absorb returns what it covered
// and last_report() tells the remainder, so the waterfall moves on to
// socialized loss. On an error nothing changes (ledger truncated back,
// holders untouched).
#ifndef SOLVENCY_ADL_STAGE_HPP
#define SOLVENCY_ADL_STAGE_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/adl/execution.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>

#include <cstddef>
#include <span>

namespace solvency::inline v1::adl {

template <class Ranking, Number N>
  requires AdlRanking<Ranking, N>
class stage {
 public:
  using number_type = N;
  using ranking_type = Ranking;
  using score_type = score_t<Ranking, N>;
  using entry = queue_entry<score_type>;

  /// Over the caller's holders and scratch (scratch.size() >= holders.size(),
  /// else absorb fails with size_mismatch), with the ranking and the
  /// execution price (by default the ranking's venue rule).
  constexpr stage(std::span<holder<N>> holders, std::span<entry> scratch, Ranking ranking = {},
                  execution_price<N> how = default_execution_price<Ranking, N>()) noexcept
      : holders_(holders), queue_(std::span<const holder<N>>(holders), scratch, ranking), how_(how) {}

  /// Covers up to `outstanding` of `ev` (see execution.hpp). Returns the
  /// amount covered; the transfers to loss(ev.trader) it records sum to it.
  constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding, ledger<N>& l) noexcept {
    auto rep = execute(queue_, holders_, ev, outstanding, how_, l);
    if (!rep) return failure{rep.error()};
    last_ = *rep;
    return rep->covered;
  }

  /// What the last successful absorb did (quantity closed, remainder, ...).
  [[nodiscard]] constexpr const execution_report<N>& last_report() const noexcept { return last_; }
  /// For price_rule::previous_mark: the mark before the event's.
  constexpr void set_previous_mark(price<N> p) noexcept { how_.previous_mark = p; }
  constexpr void set_execution_price(execution_price<N> how) noexcept { how_ = how; }
  [[nodiscard]] constexpr const execution_price<N>& execution() const noexcept { return how_; }
  /// The holders changed outside the stage: rescore on the next absorb.
  constexpr void invalidate() noexcept { queue_.invalidate(); }
  /// refresh::touched_only: the queue stays ranked across events at the
  /// same mark, rescoring only the counterparties each event closed (see
  /// queue.hpp); changes made outside the stage are then reported with
  /// update() or invalidate(). Default refresh::every_event.
  constexpr void set_refresh(refresh m) noexcept { queue_.set_mode(m); }
  /// Holder `index` changed outside the stage (`before`: its old value).
  constexpr result<void> update(std::size_t index, const holder<N>& before) noexcept {
    return queue_.update(index, before);
  }
  [[nodiscard]] constexpr std::span<const holder<N>> holders() const noexcept { return holders_; }
  [[nodiscard]] constexpr const Ranking& ranking() const noexcept { return queue_.ranking(); }
  [[nodiscard]] constexpr const queue<Ranking, N>& ranked_queue() const noexcept { return queue_; }

 private:
  std::span<holder<N>> holders_;
  queue<Ranking, N> queue_;
  execution_price<N> how_;
  execution_report<N> last_{};
};

static_assert(WaterfallStage<stage<bitmex_ranking, dec>, dec>);
static_assert(WaterfallStage<stage<dydx_random, double>, double>);
static_assert(WaterfallStage<stage<pro_rata, dec>, dec>);

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_STAGE_HPP
