// solvency/adl/execution.hpp: closing counterparties against a bankrupt position.
//
// Types and functions in this header (namespace solvency::adl):
//
//   execution_price<N>   the price rule and, for price_rule::previous_mark,
//                        the previous mark
//   execution_report<N>  what an execution did: money covered, quantity
//                        closed on each side, the quantity and money left
//                        over, counterparties closed and skipped, status
//   give_up<N>(pos, c, x, mark)
//                        what closing c of pos at x instead of the mark costs
//                        its holder: pnl(c @ x -> mark), rounded down
//   execute(queue, holders, event, outstanding, price, ledger[, on_close])
//                        runs ADL for one loss event; with a queue in
//                        refresh::touched_only mode (queue.hpp) the queue
//                        stays ranked: only the counterparties closed are
//                        rescored, so successive events at one mark cost
//                        O(k log k + k x prefix) instead of O(n) each;
//                        on_close(index, closed, paid) reports each close
//
// The money flow, exactly (any N; exact in dec):
//   * The bankrupt position (side b, event.size) is closed at price X against
//     counterparties on the other side, in the queue's order. Closing c of a
//     counterparty's position at X rather than at the mark M moves
//     g(c) = pnl(c at entry X, mark M) (rounded down) from its equity to the
//     loss: transfer counterparty(id) -> loss(trader), reason adl.
//   * The quantity needed is min(event.size, ceil(outstanding / g(1))): the
//     bankrupt size is closed only as far as the deficit needs it. With X at
//     the mark, g is zero: the whole event.size is closed and nothing is
//     covered (OKX's normal case); a price beyond the mark in the
//     counterparties' favour is clamped to the mark (ADL never pays them).
//   * The last counterparty keeps any gain beyond what is still outstanding:
//     its transfer is capped at the remainder. The transfers sum to
//     `covered` exactly, covered <= outstanding.
//   * A counterparty whose equity at the mark would fall below zero after
//     its transfer is skipped whole (dYdX: bankruptcy prices must overlap).
//   * Each counterparty's size falls by its c; its wallet balance takes the
//     realised PnL at the mark minus its transfer, so its equity at the mark
//     falls by exactly its transfer. The bankrupt side loses the same total
//     quantity (`closed`): long and short open interest stay equal.
//   * Not enough candidates: covered < outstanding and `unfilled` > 0 say
//     what is left for the next stage (socialized loss). No candidate at
//     all: status errc::empty_queue, nothing covered (a value, not an error).
// On error (bad input, ledger_full) nothing is changed: the ledger is
// truncated back and no holder is touched.
#ifndef SOLVENCY_ADL_EXECUTION_HPP
#define SOLVENCY_ADL_EXECUTION_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/position.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>

#include <algorithm>
#include <cstddef>
#include <span>

namespace solvency::inline v1::adl {

/// Where to close: the rule, the previous mark when the rule needs it, and
/// the lot the needed quantity is rounded up to (zero: every digit of N).
template <Number N>
struct execution_price {
  price_rule rule = price_rule::bankruptcy;
  price<N> previous_mark{};
  quantity<N> lot{};
};

/// The execution price a ranking's venue uses (its traits).
template <class Ranking, Number N>
[[nodiscard]] constexpr execution_price<N> default_execution_price(price<N> previous_mark = price<N>{}) noexcept {
  return {ranking_traits(Ranking::traits).execution, previous_mark, quantity<N>{}};
}

/// What one execution did.
template <Number N>
struct execution_report {
  money<N> covered{};          ///< paid to loss(trader); the ledger entries sum to it
  money<N> uncovered{};        ///< outstanding - covered: for the next stage
  quantity<N> needed{};        ///< the bankrupt quantity the deficit needed closed
  quantity<N> closed{};        ///< closed on each side (bankrupt and counterparties)
  quantity<N> unfilled{};      ///< needed - closed: no counterparty left for it
  price<N> at{};               ///< the execution price used (after clamping to the mark)
  std::size_t counterparties = 0;  ///< counterparties closed
  std::size_t skipped = 0;         ///< candidates skipped: the close would make them bankrupt
  std::size_t excluded = 0;        ///< holders left out for non-positive equity
  errc status{};                   ///< errc::empty_queue when no candidate; otherwise none
};

/// What closing `c` of `pos` at `x` instead of at `mark` costs its holder:
/// the PnL of c from x to the mark, rounded down (never more than the real
/// cost). Negative when x is beyond the mark in the holder's favour.
template <Number N>
[[nodiscard]] constexpr money<N> give_up(const position<N>& pos, quantity<N> c, price<N> x, price<N> mark) noexcept {
  const position<N> slice{pos.side, c, x, pos.spec};
  return pnl<round::down>(slice, mark);
}

namespace detail {
template <Number N>
[[nodiscard]] constexpr result<void> validate_event(const loss_event<N>& ev, money<N> outstanding) noexcept {
  if (!is_valid(ev.bankrupt_side)) return failure{errc::invalid_argument};
  for (const N x : {ev.size.value(), ev.bankruptcy.value(), ev.mark.value(), outstanding.value()})
    if (!is_valid(x)) return failure{error_of(x)};
  if (outstanding.value() < N{}) return failure{errc::negative_amount};
  if (!(ev.size.value() > N{})) return failure{errc::non_positive_quantity};
  if (!(ev.bankruptcy.value() > N{}) || !(ev.mark.value() > N{})) return failure{errc::non_positive_price};
  return {};
}

template <Number N>
struct decision {
  quantity<N> take{};
  money<N> amount{};
  bool skip = false;
};
}  // namespace detail

/// Runs ADL for `ev` over `holders` (the span `q` was built over, writable
/// here), covering at most `outstanding`. See the header comment for the
/// money flow. Errors: bad event or holder input, size_mismatch when `q` is
/// not over `holders`, invalid_argument for a counterparty whose contract
/// differs from the first candidate's (holder order after a fresh scoring;
/// the queue's order after a select), or previous_mark rule without a
/// previous mark, ledger_full. With refresh::every_event and a bounded
/// ranking the queue ranks as queue::select does (scores exactly only the
/// holders that can reach the top of ev.size; the same outcome).
///
/// `on_close(index, closed, paid)` (the overload with it) is called once per
/// counterparty closed, after its holder was updated, in the order of the
/// ledger: its index in `holders`, the quantity it closed and what it paid
/// (zero at the mark: no ledger entry then). A caller that mirrors the
/// holders in its own state (an exchange, the simulator) updates it there.
template <class Ranking, Number N, class OnClose>
[[nodiscard]] constexpr result<execution_report<N>> execute(queue<Ranking, N>& q, std::span<holder<N>> holders,
                                                            const loss_event<N>& ev, money<N> outstanding,
                                                            const execution_price<N>& how, ledger<N>& l,
                                                            OnClose&& on_close) noexcept {
  if (q.holders().data() != holders.data() || q.holders().size() != holders.size())
    return failure{errc::size_mismatch};
  if (const auto v = detail::validate_event(ev, outstanding); !v) return failure{v.error()};
  const price<N> mark = ev.mark;
  price<N> x = ev.bankruptcy;
  if (how.rule == price_rule::mark) {
    x = mark;
  } else if (how.rule == price_rule::previous_mark) {
    if (!how.previous_mark.is_valid()) return failure{error_of(how.previous_mark.value())};
    if (!(how.previous_mark.value() > N{})) return failure{errc::invalid_argument};
    x = how.previous_mark;
  } else if (how.rule != price_rule::bankruptcy) {
    return failure{errc::invalid_argument};
  }
  if (!how.lot.is_valid()) return failure{error_of(how.lot.value())};
  if (how.lot.value() < N{}) return failure{errc::non_positive_quantity};
  const side cp_side = opposite(ev.bankrupt_side);
  execution_report<N> rep;
  rep.uncovered = outstanding;
  if (outstanding.value() == N{}) {
    rep.at = x;
    return rep;
  }
  using access = queue_access<Ranking, N>;
  constexpr bool share = ranking_traits(Ranking::traits).pro_rata;
  const bool keep_ranked = q.mode() == refresh::touched_only;
  // Rank: a queue that rescores every event, with a bounded ranking and a
  // large side, scores exactly only the holders that can reach the top of
  // ev.size (at least the quantity needed): queue::select's lazy scoring.
  const std::size_t scorings = q.scorings();
  const auto n = share || keep_ranked ? q.rank(cp_side, mark) : access::rank_for(q, cp_side, mark, ev.size);
  if (!n) return failure{n.error()};
  rep.excluded = q.stats().excluded;
  const bool lazy = access::lazy(q);
  auto cands = lazy ? std::span<queue_entry<score_t<Ranking, N>>>{} : access::ranked(q);
  if ((lazy ? q.stats().count : cands.size()) == 0) {
    rep.status = errc::empty_queue;
    rep.needed = ev.size;
    rep.unfilled = ev.size;
    rep.at = x;
    return rep;
  }
  // the first candidate's contract: in holder order after a fresh scoring
  // (lazy or not: the lazy one has partitioned the scratch), else the first
  // in the queue's order
  const std::size_t first = access::first_index(q, q.scorings() != scorings);
  const contract<N> spec = holders[first].pos.spec;
  // A price beyond the mark in the counterparties' favour is clamped to the mark.
  const position<N> unit{cp_side, quantity<N>{from_int<N>(1)}, x, spec};
  money<N> g1 = pnl<round::down>(unit, mark);
  if (!g1.is_valid()) return failure{error_of(g1.value())};
  if (g1.value() < N{}) {
    x = mark;
    g1 = money<N>{};
  }
  rep.at = x;
  quantity<N> needed = ev.size;
  if (g1.value() > N{}) {
    quantity<N> q_money{div<round::up>(outstanding.value(), g1.value())};
    if (how.lot.value() > N{}) q_money = round_to_lot<round::up>(q_money, how.lot);
    if (!q_money.is_valid()) return failure{error_of(q_money.value())};
    if (q_money < needed) needed = q_money;
  }
  rep.needed = needed;

  // The decision for one candidate, identical in the recording pass and the
  // applying pass.
  const auto decide = [&](const holder<N>& h, quantity<N> still_q, money<N> still_m) -> result<detail::decision<N>> {
    if (!(h.pos.spec == spec)) return failure{errc::invalid_argument};
    detail::decision<N> d;
    d.take = h.pos.size < still_q ? h.pos.size : still_q;
    const money<N> g = give_up(h.pos, d.take, x, mark);
    if (!g.is_valid()) return failure{error_of(g.value())};
    d.amount = g.value() > N{} ? (g < still_m ? g : still_m) : money<N>{};
    const money<N> eq_after = equity<round::down>(h, mark) - d.amount;
    if (!eq_after.is_valid()) return failure{error_of(eq_after.value())};
    d.skip = eq_after.value() < N{};
    return d;
  };

  const std::size_t mark_ledger = l.size();
  money<N> still_m = outstanding;
  std::size_t skipped = 0;
  std::size_t closed_count = 0;
  const party loss_party = party::loss(ev.trader);

  // Pro rata: each candidate's share of `needed` by size, rounded down; the
  // rounding remainder goes in account-id order (the scores are equal).
  if constexpr (share) {
    // Pro rata: each candidate's share of `needed` by size, rounded down; the
    // rounding remainder goes in account-id order (the scores are equal). Two
    // identical passes: the first records, the second applies.
    cands = q.candidates();  // sorted whole below: the queue forgets its layout
    std::sort(cands.begin(), cands.end(), by_rank{});
    const quantity<N> total = q.stats().total;
    const bool all = !(needed < total);
    const auto share_of = [&](const holder<N>& h) -> quantity<N> {
      if (all) return h.pos.size;
      return quantity<N>{muldiv<round::down>(needed.value(), h.pos.size.value(), total.value())};
    };
    quantity<N> sum_shares{};
    for (const auto& e : cands) sum_shares += share_of(holders[e.index]);
    quantity<N> rem0 = needed - sum_shares;
    if (!rem0.is_valid()) return failure{error_of(rem0.value())};
    if (rem0.value() < N{}) rem0 = quantity<N>{};
    for (int apply = 0; apply < 2; ++apply) {
      quantity<N> rem = rem0;
      quantity<N> taken{};
      still_m = outstanding;
      for (const auto& e : cands) {
        holder<N>& h = holders[e.index];
        const quantity<N> s = share_of(h);
        quantity<N> extra = h.pos.size - s;
        if (rem < extra) extra = rem;
        if (extra.value() < N{}) extra = quantity<N>{};
        rem -= extra;
        quantity<N> want = s + extra;
        const quantity<N> left = needed - taken;
        if (left < want) want = left;
        if (!(want.value() > N{})) continue;
        auto d = decide(h, want, still_m);
        if (!d) {
          l.truncate(mark_ledger);
          return failure{d.error()};
        }
        if (d->skip) {
          if (apply == 0) ++skipped;
          continue;
        }
        if (apply == 0) {
          if (auto r = l.record({party::counterparty(h.id), loss_party, d->amount, transfer_reason::adl}); !r) {
            l.truncate(mark_ledger);
            return failure{r.error()};
          }
        } else {
          const money<N> before = pnl<round::down>(h.pos, mark);
          h.pos.size -= d->take;
          const money<N> after = h.pos.size.value() > N{} ? pnl<round::down>(h.pos, mark) : money<N>{};
          h.wallet_balance += (before - after) - d->amount;
          ++closed_count;
          on_close(static_cast<std::size_t>(e.index), d->take, d->amount);
        }
        still_m -= d->amount;
        taken += d->take;
      }
      rep.closed = taken;
    }
  } else {
    const auto visit = [&](const queue_entry<score_t<Ranking, N>>& e, quantity<N> still_q) -> result<quantity<N>> {
      const holder<N>& h = holders[e.index];
      auto d = decide(h, still_q, still_m);
      if (!d) return failure{d.error()};
      if (d->skip) {
        ++skipped;
        return quantity<N>{};
      }
      if (auto r = l.record({party::counterparty(h.id), loss_party, d->amount, transfer_reason::adl}); !r)
        return failure{r.error()};
      still_m -= d->amount;
      return d->take;
    };
    const std::size_t hint = chunk_hint(needed, q.stats().total, q.stats().count);
    // refresh::touched_only: the queue's heap block, popped in rank order;
    // otherwise the walk over the candidates (the visited ones end in front)
    const auto w = keep_ranked ? access::heap_walk(q, needed, hint, visit)
                   : lazy      ? access::walk_lazily(q, needed, hint, visit)
                               : walk_from(cands, access::ordered(q), needed, hint, visit);
    if (!w) {
      l.truncate(mark_ledger);
      access::set_ordered(q, 0);  // the same candidates, in an order no longer known
      return failure{w.error()};
    }
    // Apply the same decisions to the holders, in the same order. With
    // refresh::touched_only, the entries left unchanged move to the front of
    // the visited ones, the closed ones behind.
    const auto seen = keep_ranked ? access::visited(q) : lazy ? access::front(q, w->visited) : cands.first(w->visited);
    still_m = outstanding;
    quantity<N> still_q = needed;
    std::size_t untouched = 0;
    for (std::size_t i = 0; i < w->visited; ++i) {
      holder<N>& h = holders[seen[i].index];
      auto d = decide(h, still_q, still_m);
      if (!d || d->skip) {
        if (keep_ranked) std::swap(seen[untouched++], seen[i]);
        continue;
      }
      const money<N> before = pnl<round::down>(h.pos, mark);
      h.pos.size -= d->take;
      const money<N> after = h.pos.size.value() > N{} ? pnl<round::down>(h.pos, mark) : money<N>{};
      h.wallet_balance += (before - after) - d->amount;
      still_m -= d->amount;
      still_q -= d->take;
      ++closed_count;
      on_close(static_cast<std::size_t>(seen[i].index), d->take, d->amount);
    }
    rep.closed = w->covered;
    if (keep_ranked) {
      // Only the closed counterparties changed: rescore them alone. A
      // scoring error here (impossible for holders that were scored and
      // only lost size) leaves the queue invalidated, to be rescored.
      (void)access::after_heap_execution(q, untouched, w->covered);
    } else {
      q.invalidate();
    }
  }
  if constexpr (share) q.invalidate();
  rep.counterparties = closed_count;
  rep.skipped = skipped;
  rep.covered = outstanding - still_m;
  rep.uncovered = still_m;
  rep.unfilled = needed - rep.closed;
  return rep;
}

/// execute() without a close callback.
template <class Ranking, Number N>
[[nodiscard]] constexpr result<execution_report<N>> execute(queue<Ranking, N>& q, std::span<holder<N>> holders,
                                                            const loss_event<N>& ev, money<N> outstanding,
                                                            const execution_price<N>& how, ledger<N>& l) noexcept {
  return execute(q, holders, ev, outstanding, how, l, [](std::size_t, quantity<N>, money<N>) noexcept {});
}

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_EXECUTION_HPP
