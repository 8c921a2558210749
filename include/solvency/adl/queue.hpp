// solvency/adl/queue.hpp: the ADL queue of one side, without sorting everyone.
//
// Types and functions in this header (namespace solvency::adl):
//
//   queue_entry<S>     a scored candidate: score, account id, index into the
//                      caller's holder span
//   by_rank            the comparator of the total order (ranks_before)
//   score_side(r, holders, side, mark, out)
//                      scores every candidate on `side` into caller storage
//   walk(entries, need, hint, visit)
//                      visits candidates in rank order until `need` is
//                      covered, ordering only what it visits: nth_element
//                      on the unvisited rest, then a sort of the next chunk
//                      (O(n + k log k) for k visited)
//   walk_from(entries, ordered, need, hint, visit, spare)
//                      walk() over entries whose first `ordered` are
//                      already in rank order; `spare` storage lets it
//                      radix-sort double and decimal scores
//   refresh            every_event (an execution invalidates the queue) or
//                      touched_only (the queue stays ranked across events:
//                      only the counterparties closed are rescored)
//   queue<R, N>        a side's queue over caller storage that rescores only
//                      when the ranking says something changed: the mark
//                      moved (mark-dependent or winners-only rankings) or
//                      the holders changed (invalidate(), or update() for
//                      one holder); pin(mark) ranks at a fixed mark
//   selection<N>       what select() found: how many, how much, the remainder
//
//   std::vector<adl::queue<adl::bitmex_ranking, dec>::entry> buf(holders.size());
//   adl::queue<adl::bitmex_ranking, dec> q{holders, buf};
//   auto sel = q.select(side::short_, mark, quantity{10.0_dec});
//   for (const auto& e : q.selected()) ...   // rank order, sel->count entries
//   adl::queue<adl::bitmex_ranking, dec> p{holders, buf, {}, adl::refresh::touched_only};
//   // adl::execute(p, ...) event after event: O(k log n) each, not O(n)
//
// Holders on the other side or with a zero size are not candidates; holders
// whose score fails with errc::non_positive_equity are left out and counted
// (`excluded`); any other scoring failure (NaN, error values, non-positive
// prices) stops and is returned.
#ifndef SOLVENCY_ADL_QUEUE_HPP
#define SOLVENCY_ADL_QUEUE_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/config.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>

namespace solvency::inline v1::adl {

/// A scored candidate.
template <class S>
struct queue_entry {
  S score{};
  account_id id = 0;
  std::uint32_t index = 0;  ///< into the holder span the queue was built over
};

/// The comparator of the ADL order: true when `a` is deleveraged before `b`.
struct by_rank {
  template <class S>
  [[nodiscard]] constexpr bool operator()(const queue_entry<S>& a, const queue_entry<S>& b) const noexcept {
    return ranks_before(a.score, a.id, b.score, b.id);
  }
};

namespace detail {

/// The holder the lazy scoring samples for the k-th run of `stride` (> 0)
/// holders: one of each run, at an offset that varies from run to run, so
/// that a book laid out with a period (sides alternating, say) cannot alias
/// with the stride and make the sample one-sided.
[[nodiscard]] constexpr std::size_t lazy_sample_index(std::size_t k, std::size_t stride) noexcept {
  return k * stride + static_cast<std::size_t>(((k + 1) * 0x9E3779B97F4A7C15ull) >> 40) % stride;
}

/// A number as a count of its resolution (decimal<S>'s raw(), a double's
/// value): the unit of score_bounds.
template <Number N>
[[nodiscard]] constexpr double count_of(N x) noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return static_cast<double>(x);
  else
    return static_cast<double>(x.raw());
}
/// What to take off a threshold's count so that it stays at or below the
/// exact value after the conversion to double.
template <Number N>
inline constexpr double count_slack = std::is_floating_point_v<N> ? 1e-300 : 1.0;

/// Scores sort_by_rank() orders by their bits: double and decimal<S>.
template <class S>
inline constexpr bool keyed_score = std::is_same_v<S, double> || solvency::detail::is_decimal<S>;

/// An unsigned key whose ascending order is the descending order of the
/// scores (-0.0 just after 0.0: adjacent, and sort_by_rank orders equal
/// scores by id anyway). Scores are valid: no NaN.
template <class S>
  requires keyed_score<S>
[[nodiscard]] constexpr std::uint64_t rank_key(S score) noexcept {
  constexpr std::uint64_t sign = std::uint64_t{1} << 63;
  if constexpr (std::is_same_v<S, double>) {
    const std::uint64_t b = std::bit_cast<std::uint64_t>(score);
    // negative: every bit flipped; positive: the sign bit set (no branch)
    const std::uint64_t ascending = b ^ (static_cast<std::uint64_t>(static_cast<std::int64_t>(b) >> 63) | sign);
    return ~ascending;
  } else {
    return ~(static_cast<std::uint64_t>(score.raw()) ^ sign);
  }
}

/// Sorts `entries` by by_rank. With keyed scores and `spare` room for as
/// many entries, by a stable radix sort on rank_key (8-bit digits, a digit
/// every key shares skipped), then std::sort over each run of equal scores
/// (by account id; runs are short): a few linear passes instead of
/// std::sort's n log n unpredictable comparisons (about 4x faster on the
/// ~10,000 entries queue::select orders). Otherwise std::sort.
template <class S>
constexpr void sort_by_rank(std::span<queue_entry<S>> entries, std::span<queue_entry<S>> spare) noexcept {
  const std::size_t n = entries.size();
  if constexpr (keyed_score<S>) {
    if (n >= 256 && spare.size() >= n && n <= std::numeric_limits<std::uint32_t>::max()) {
      constexpr std::size_t digits = 8;
      std::array<std::array<std::uint32_t, 256>, digits> count{};
      for (const queue_entry<S>& e : entries) {
        const std::uint64_t k = rank_key(e.score);
        for (std::size_t d = 0; d < digits; ++d) ++count[d][(k >> (8 * d)) & 0xff];
      }
      std::span<queue_entry<S>> from = entries;
      std::span<queue_entry<S>> to = spare.first(n);
      for (std::size_t d = 0; d < digits; ++d) {
        std::array<std::uint32_t, 256>& c = count[d];
        if (c[(rank_key(entries[0].score) >> (8 * d)) & 0xff] == n) continue;  // every key shares this digit
        std::uint32_t at = 0;
        for (std::uint32_t& slot : c) {
          const std::uint32_t here = slot;
          slot = at;
          at += here;
        }
        for (const queue_entry<S>& e : from) to[c[(rank_key(e.score) >> (8 * d)) & 0xff]++] = e;
        std::swap(from, to);
      }
      if (from.data() != entries.data()) std::copy(from.begin(), from.end(), entries.begin());
      for (std::size_t i = 0; i < n;) {  // equal scores: by account id
        std::size_t j = i + 1;
        while (j < n && !(entries[i].score < entries[j].score) && !(entries[j].score < entries[i].score)) ++j;
        if (j - i > 1) std::sort(entries.begin() + static_cast<std::ptrdiff_t>(i),
                                 entries.begin() + static_cast<std::ptrdiff_t>(j), by_rank{});
        i = j;
      }
      return;
    }
  }
  std::sort(entries.begin(), entries.end(), by_rank{});
}
}  // namespace detail

/// What score_side found.
template <Number N>
struct scored {
  std::size_t count = 0;     ///< candidates written to the front of `out`
  std::size_t excluded = 0;  ///< holders on the side left out for non-positive equity
  quantity<N> total{};       ///< the candidates' total size
};

/// Scores every candidate on side `s` at `mark` into `out[0, count)`.
/// Errors: size_mismatch when `out` is shorter than `holders`;
/// invalid_argument beyond 2^32 - 1 holders; a holder's scoring error.
template <class R, Number N>
  requires AdlRanking<R, N>
[[nodiscard]] constexpr result<scored<N>> score_side(const R& r, std::span<const holder<N>> holders, side s,
                                                     price<N> mark,
                                                     std::span<queue_entry<score_t<R, N>>> out) noexcept {
  if (out.size() < holders.size()) return failure{errc::size_mismatch};
  if (holders.size() > std::numeric_limits<std::uint32_t>::max()) return failure{errc::invalid_argument};
  if (!is_valid(s)) return failure{errc::invalid_argument};
  if (!mark.is_valid()) return failure{error_of(mark.value())};
  if (!(mark.value() > N{})) return failure{errc::non_positive_price};
  scored<N> sc;
  for (std::size_t i = 0; i < holders.size(); ++i) {
    const holder<N>& h = holders[i];
    if (h.pos.side != s) continue;
    if (!h.pos.size.is_valid()) return failure{error_of(h.pos.size.value())};
    if (!candidate<R>(h, mark)) continue;
    auto v = r.score(h, mark);
    if (!v) {
      if (v.error() == errc::non_positive_equity) {
        ++sc.excluded;
        continue;
      }
      return failure{v.error()};
    }
    out[sc.count++] = queue_entry<score_t<R, N>>{*v, h.id, static_cast<std::uint32_t>(i)};
    sc.total += h.pos.size;
  }
  if (!sc.total.is_valid()) return failure{error_of(sc.total.value())};
  return sc;
}

/// How much of a need the visited candidates covered.
template <Number N>
struct walked {
  std::size_t visited = 0;  ///< entries [0, visited) are now in rank order and were visited
  quantity<N> covered{};    ///< what `visit` took
  std::size_t ordered = 0;  ///< entries [0, ordered) are in rank order and rank before all the others
};

/// Visits `entries` in rank order, calling `visit(entry, still_needed)`
/// which returns the quantity it took from that candidate (zero to skip it,
/// or an error that stops the walk), until `need` is covered or the
/// candidates run out. Only the visited prefix is ordered:
///   * on a large input, a deterministic sample (every n/1024-th entry) is
///     sorted and the entry about twice the expected k deep becomes a pivot;
///     one pass of std::partition moves everything ranked at or before it to
///     the front (reads everything once, moves only the few in front);
///   * each round then moves the next `chunk` best of the unvisited part of
///     the current block to the front (nth_element, linear), sorts just
///     those, and doubles `chunk`; past the pivot's block the rest of the
///     input is the next block.
/// The visit order is exactly the order of a full sort by by_rank.
template <class S, Number N, class Visit>
[[nodiscard]] constexpr result<walked<N>> walk(std::span<queue_entry<S>> entries, quantity<N> need,
                                               std::size_t chunk, Visit&& visit);

/// walk() over entries whose first `ordered` are already in rank order and
/// rank before all the others (what a previous walk left: walked::ordered):
/// that prefix is visited as it is, the rest is ordered as walk() does.
/// The visit order is exactly the order of a full sort by by_rank.
/// `spare`, storage apart from `entries` that the walk may overwrite, lets
/// it sort a chunk of double or decimal scores by radix (sort_by_rank).
template <class S, Number N, class Visit>
[[nodiscard]] constexpr result<walked<N>> walk_from(std::span<queue_entry<S>> entries, std::size_t ordered,
                                                    quantity<N> need, std::size_t chunk, Visit&& visit,
                                                    std::span<queue_entry<S>> spare = {}) {
  walked<N> w;
  const std::size_t n = entries.size();
  if (ordered > n) ordered = n;
  if (chunk == 0) chunk = 1;
  std::size_t done = 0;
  w.ordered = ordered;
  for (; done < ordered && w.covered < need; ++done) {
    const result<quantity<N>> took = visit(entries[done], need - w.covered);
    if (!took) return failure{took.error()};
    w.covered += *took;
  }
  std::size_t bound = n;  // the end of the block being visited
  constexpr std::size_t sample_size = 1024;
  const std::size_t rest = n - done;
  if (w.covered < need && rest >= 16 * sample_size && chunk <= rest / 16) {
    std::array<queue_entry<S>, sample_size> sample{};
    const std::size_t stride = rest / sample_size;
    for (std::size_t i = 0; i < sample_size; ++i) sample[i] = entries[done + i * stride];
    std::sort(sample.begin(), sample.end(), by_rank{});
    const std::size_t depth = std::min(sample_size - 1, (2 * chunk * sample_size) / rest + 4);
    const queue_entry<S> pivot = sample[depth];
    const auto mid = std::partition(entries.begin() + static_cast<std::ptrdiff_t>(done), entries.end(),
                                    [&](const queue_entry<S>& e) { return !by_rank{}(pivot, e); });
    bound = static_cast<std::size_t>(mid - entries.begin());
  }
  while (done < n && w.covered < need) {
    if (done == bound) bound = n;
    const std::size_t end = chunk >= bound - done ? bound : done + chunk;
    auto first = entries.begin() + static_cast<std::ptrdiff_t>(done);
    auto stop = entries.begin() + static_cast<std::ptrdiff_t>(end);
    if (end < bound) std::nth_element(first, stop, entries.begin() + static_cast<std::ptrdiff_t>(bound), by_rank{});
    detail::sort_by_rank(std::span<queue_entry<S>>(first, stop), spare);
    w.ordered = end;
    for (; done < end && w.covered < need; ++done) {
      const result<quantity<N>> took = visit(entries[done], need - w.covered);
      if (!took) return failure{took.error()};
      w.covered += *took;
    }
    chunk = chunk > n ? n : chunk * 2;
  }
  w.visited = done;
  return w;
}

template <class S, Number N, class Visit>
[[nodiscard]] constexpr result<walked<N>> walk(std::span<queue_entry<S>> entries, quantity<N> need,
                                               std::size_t chunk, Visit&& visit) {
  return walk_from(entries, 0, need, chunk, static_cast<Visit&&>(visit));
}

/// A first chunk size for `walk`: the expected number of candidates that
/// cover `need` at the average size, plus a margin.
template <Number N>
[[nodiscard]] constexpr std::size_t chunk_hint(quantity<N> need, quantity<N> total, std::size_t count) noexcept {
  if (count == 0) return 1;
  if (!(total.value() > N{}) || !(need < total)) return count;
  const double share = to_double(need.value()) / to_double(total.value());
  const double k = share * static_cast<double>(count);
  const double guess = k * 1.25 + 16.0;
  return guess >= static_cast<double>(count) ? count : static_cast<std::size_t>(guess);
}

/// What select() found.
template <Number N>
struct selection {
  std::size_t count = 0;   ///< selected candidates, in rank order at the front of the entries
  quantity<N> covered{};   ///< their quantity toward the need (the last one may be partial)
  quantity<N> remainder{}; ///< the need the side could not cover
};

/// When a queue rescores after an execution (adl::execute) against it.
enum class refresh : std::uint8_t {
  /// Every execution invalidates the queue: the next one rescores the side
  /// (O(n) per event). Holders may be changed freely between events.
  every_event,
  /// The queue stays ranked across events at the same mark: only the
  /// counterparties an execution closed are rescored and put back in their
  /// new place; everything else keeps its score and its place. A mark
  /// change, a side change or invalidate() rescores the side. Holders
  /// changed outside the queue must be reported (update(), or invalidate()).
  /// Pro-rata rankings, which touch every candidate, still rescore.
  ///
  /// Layout: a binary heap of the best block of candidates (every one of
  /// them ranked at or before a threshold entry), the unordered rest behind
  /// it. A block is cut from the rest by a sampled pivot and one
  /// std::partition pass (O(n)), at least 1/32 of the rest, so that the
  /// O(n) passes are amortised over many events; each event then pops its
  /// counterparties (O(log block) each) and pushes back those it did not
  /// close out: O(k log n) per event instead of O(n).
  touched_only,
};

/// One side's ADL queue over caller-owned holders and scratch storage.
template <class Ranking, Number N>
  requires AdlRanking<Ranking, N>
class queue {
 public:
  using score_type = score_t<Ranking, N>;
  using entry = queue_entry<score_type>;

  constexpr queue(std::span<const holder<N>> holders, std::span<entry> scratch, Ranking ranking = {},
                  refresh mode = refresh::every_event) noexcept
      : holders_(holders), scratch_(scratch), ranking_(ranking), mode_(mode) {}

  /// Scores the side at `mark`, unless nothing the ranking depends on has
  /// changed since the last call (same side, same mark or a mark-free
  /// ranking, holders not invalidated). Returns the number of candidates.
  constexpr result<std::size_t> rank(side s, price<N> mark) noexcept {
    if (pinned_) mark = pin_;
    if (reusable(s, mark)) {
      ++reuses_;
      if (const auto m = materialize(); !m) return failure{m.error()};
      return scored_.count;
    }
    return score_all(s, mark);
  }

  /// Ranks side `s` at `mark` and moves the candidates covering `need` to
  /// the front, in rank order (the last may cover only part of its size).
  constexpr result<selection<N>> select(side s, price<N> mark, quantity<N> need) noexcept {
    if (!need.is_valid()) return failure{error_of(need.value())};
    if (need.value() < N{}) return failure{errc::non_positive_quantity};
    const auto n = rank_for(s, mark, need);
    if (!n) return failure{n.error()};
    forget_layout();
    const auto visit = [&](const entry& e, quantity<N> still) -> result<quantity<N>> {
      // The walk visits the scratch in order: fetch the holder 16 entries
      // on, a random access into the holders, so that its size is in cache
      // by then (0.6 -> 0.3 ms for 9,580 visits over 1M holders).
      if (!std::is_constant_evaluated()) {
        const auto at = static_cast<std::size_t>(&e - scratch_.data());
        if (at + 16 < scratch_.size()) {
          // (an entry past the scored ones may be stale: its index checked)
          const std::size_t ahead = scratch_[at + 16].index;
          if (ahead < holders_.size()) SOLVENCY_PREFETCH(&holders_[ahead]);
        }
      }
      const quantity<N> size = holders_[e.index].pos.size;
      return size < still ? size : still;
    };
    const std::size_t hint = chunk_hint(need, scored_.total, *n);
    const auto w = lazy_ ? walk_lazily(need, hint, visit)
                         : walk_from(ranked(), ordered_, need, hint, visit, scratch_.subspan(scored_.count));
    if (!w) return failure{w.error()};
    ordered_ = w->ordered;
    last_ = selection<N>{w->visited, w->covered, need - w->covered};
    return last_;
  }

  /// The scored candidates (after select(): the selected ones first, in
  /// order). Writable: the queue forgets how they were laid out.
  [[nodiscard]] constexpr std::span<entry> candidates() noexcept {
    forget_layout();
    ordered_ = 0;
    return ranked();
  }
  /// The candidates the last select() chose, in rank order.
  [[nodiscard]] constexpr std::span<const entry> selected() const noexcept { return scratch_.first(last_.count); }
  /// What the last scoring found (count, excluded, total size), kept up to
  /// date by refresh::touched_only executions and update(). After a
  /// select() that used the ranking's bounds, `count` includes the
  /// candidates not scored yet (candidates() scores them).
  [[nodiscard]] constexpr const scored<N>& stats() const noexcept { return scored_; }
  /// The holders changed (sizes, balances): the next rank() rescores.
  constexpr void invalidate() noexcept {
    fresh_ = false;
    lazy_ = false;
    ordered_ = 0;
    forget_layout();
  }
  /// Holder `index` changed outside the queue (its size or balances; `before`
  /// is its previous value). With refresh::touched_only and a ranked queue,
  /// rescores it alone and puts it in its place (O(candidates) to find it;
  /// if it was in the heap block, the block is dropped and cut again at the
  /// next event); otherwise invalidates. On a scoring error the queue is
  /// invalidated and the error returned. Errors: invalid_argument for an
  /// index out of range or a `before` the queue did not score.
  constexpr result<void> update(std::size_t index, const holder<N>& before) noexcept {
    if (index >= holders_.size()) return failure{errc::invalid_argument};
    if (!fresh_) return {};
    if (mode_ != refresh::touched_only) {
      invalidate();
      return {};
    }
    // what `before` counted for in the queue and its stats
    bool was_candidate = false;
    if (before.pos.side == side_ && before.pos.size.is_valid() && candidate<Ranking>(before, mark_)) {
      const auto v = ranking_.score(before, mark_);
      if (v) {
        was_candidate = true;
      } else if (v.error() == errc::non_positive_equity) {
        if (scored_.excluded > 0) --scored_.excluded;
      } else {
        invalidate();
        return failure{v.error()};
      }
    }
    std::size_t at = scored_.count;
    if (was_candidate) {
      for (std::size_t j = 0; j < scored_.count; ++j)
        if (scratch_[j].index == index) {
          at = j;
          break;
        }
      if (at == scored_.count) {  // `before` is not what the queue scored
        invalidate();
        return failure{errc::invalid_argument};
      }
      scored_.total -= before.pos.size;
      if (at < heap_) forget_layout();  // the heap block loses its shape: cut again at the next event
    } else {  // not in the queue: append it to the unordered rest
      if (scored_.count >= scratch_.size()) {
        invalidate();
        return failure{errc::size_mismatch};
      }
      scratch_[at = scored_.count++] = entry{score_type{}, holders_[index].id, static_cast<std::uint32_t>(index)};
    }
    const holder<N>& h = holders_[index];
    if (counts(h)) scored_.total += h.pos.size;
    ++rescored_;
    const auto k = rescore(scratch_[at]);
    if (!k) return failure{k.error()};
    if (!*k) {
      std::swap(scratch_[at], scratch_[scored_.count - 1]);
      --scored_.count;
    } else if (heap_bound(scratch_[at])) {
      push(at);
    }
    return {};
  }
  [[nodiscard]] constexpr std::span<const holder<N>> holders() const noexcept { return holders_; }
  [[nodiscard]] constexpr const Ranking& ranking() const noexcept { return ranking_; }
  /// How many times rank() scored every holder, and how many it reused.
  [[nodiscard]] constexpr std::size_t scorings() const noexcept { return scorings_; }
  [[nodiscard]] constexpr std::size_t reuses() const noexcept { return reuses_; }
  /// How many holders were rescored one by one (executions, update()).
  [[nodiscard]] constexpr std::size_t rescored() const noexcept { return rescored_; }
  /// How many times a heap block was cut from the rest (an O(rest) pass).
  [[nodiscard]] constexpr std::size_t cuts() const noexcept { return cuts_; }
  /// The refresh mode (see `refresh`).
  [[nodiscard]] constexpr refresh mode() const noexcept { return mode_; }
  constexpr void set_mode(refresh m) noexcept {
    mode_ = m;
    invalidate();
  }
  /// Rank at `m` whatever mark rank() and execute() are given (a venue that
  /// refreshes its ranking periodically, not at every mark: the simulator
  /// pins the mark of a step's first ADL). Executions still price at their
  /// event's mark; only the order and the candidate set come from `m`.
  constexpr void pin(price<N> m) noexcept {
    pinned_ = true;
    pin_ = m;
  }
  constexpr void unpin() noexcept { pinned_ = false; }
  /// The mark the queue is ranked at.
  [[nodiscard]] constexpr price<N> ranked_at() const noexcept { return mark_; }
  /// Whether the queue holds a ranking of a side (rank() would not rescore
  /// at the same side and mark).
  [[nodiscard]] constexpr bool ranked_now() const noexcept { return fresh_; }

 private:
  template <class R2, Number N2>
  friend class queue_access;

  /// The heap's order: `a` is deleveraged after `b` (the best on top).
  struct after {
    [[nodiscard]] constexpr bool operator()(const entry& a, const entry& b) const noexcept { return by_rank{}(b, a); }
  };

  /// Every candidate, scored (materialize() first: a failure there
  /// invalidates the queue, which then holds none).
  [[nodiscard]] constexpr std::span<entry> ranked() noexcept {
    if (lazy_ && !materialize()) return {};
    return scratch_.first(fresh_ ? scored_.count : 0);
  }
  /// Whether the queue's ranking of side `s` at `mark` can be reused.
  [[nodiscard]] constexpr bool reusable(side s, price<N> mark) const noexcept {
    constexpr ranking_traits t = Ranking::traits;
    // With refresh::touched_only the mark always matters: which holders are
    // candidates (equity > 0) depends on it whatever the scores do, and the
    // queue must equal a ranking from scratch.
    const bool mark_matters = t.mark_dependent || t.winners_only || mode_ == refresh::touched_only;
    return fresh_ && s == side_ && (!mark_matters || mark == mark_) && mark.is_valid();
  }
  /// Scores every holder on side `s` at `mark` exactly.
  constexpr result<std::size_t> score_all(side s, price<N> mark) noexcept {
    invalidate();
    auto sc = score_side(ranking_, holders_, s, mark, scratch_);
    if (!sc) return failure{sc.error()};
    scored_ = *sc;
    side_ = s;
    mark_ = mark;
    fresh_ = true;
    first_index_ = scored_.count > 0 ? scratch_[0].index : 0;
    ++scorings_;
    return scored_.count;
  }

  /// rank() for a selection of `need`: with a BoundedAdlRanking and
  /// refresh::every_event, scores exactly only the holders whose bounds can
  /// reach the top (score_lazily); otherwise rank().
  constexpr result<std::size_t> rank_for(side s, price<N> mark, quantity<N> need) noexcept {
    if constexpr (BoundedAdlRanking<Ranking, N>) {
      if (mode_ == refresh::every_event) {
        if (pinned_) mark = pin_;
        if (reusable(s, mark)) {
          ++reuses_;
          return scored_.count;
        }
        return score_lazily(s, mark, need);
      }
    }
    return rank(s, mark);
  }

  /// The lazy scoring. A deterministic sample of holders (one in each run of
  /// n/4096, at an offset that varies from run to run) is scored exactly and
  /// sorted; the sampled score about twice `need` deep
  /// (scaled to the whole side) becomes the threshold T. Then one pass over
  /// every holder asks the ranking for bounds: a holder whose bounds lie
  /// wholly below T is counted (count, total size) but not scored; every
  /// other holder is scored exactly, as score_side() does (same errors, in
  /// the same holder order: a bounded holder cannot fail). The scored ones
  /// scoring at least T are moved to the front ([0, sure_)): they rank
  /// before every candidate left out, so a walk over them alone visits the
  /// exact rank order; should they not cover the need, materialize() scores
  /// the rest and the walk goes on (walk_lazily).
  constexpr result<std::size_t> score_lazily(side s, price<N> mark, quantity<N> need) noexcept {
    invalidate();
    const std::size_t n = holders_.size();
    constexpr std::size_t sample_size = 4096;
    if (n < 16 * sample_size || !(need.value() > N{}) || scratch_.size() < n) return score_all(s, mark);
    if (n > std::numeric_limits<std::uint32_t>::max()) return failure{errc::invalid_argument};
    if (!is_valid(s)) return failure{errc::invalid_argument};
    if (!mark.is_valid()) return failure{error_of(mark.value())};
    if (!(mark.value() > N{})) return failure{errc::non_positive_price};
    // the sample, in the tail of the scratch (the pass below overwrites it)
    const std::size_t stride = n / sample_size;
    const std::span<entry> sample = scratch_.subspan(n - sample_size, sample_size);
    std::size_t m = 0;
    // (prefetched 16 ahead: the offsets defeat the hardware's stride prefetch)
    for (std::size_t k = 0; k < sample_size; ++k) {
      if (!std::is_constant_evaluated() && k + 16 < sample_size)
        SOLVENCY_PREFETCH(&holders_[detail::lazy_sample_index(k + 16, stride)]);
      const std::size_t i = detail::lazy_sample_index(k, stride);
      const holder<N>& h = holders_[i];
      if (h.pos.side != s || !h.pos.size.is_valid() || !candidate<Ranking>(h, mark)) continue;
      const auto v = ranking_.score(h, mark);
      if (v) sample[m++] = entry{*v, h.id, static_cast<std::uint32_t>(i)};
    }
    detail::sort_by_rank(sample.first(m), scratch_.first(sample_size));
    const double want = 2.0 * to_double(need.value());
    double cum = 0.0;
    std::size_t depth = m;
    for (std::size_t j = 0; j < m; ++j) {
      cum += to_double(holders_[sample[j].index].pos.size.value()) * static_cast<double>(stride);
      if (cum >= want) {
        depth = j;
        break;
      }
    }
    if (depth + 1 >= m) return score_all(s, mark);  // the sample does not reach twice the need: score everyone
    const N threshold = sample[depth].score;
    const double t = detail::count_of(threshold);
    const double below = t - (t < 0 ? -t : t) * 1e-12 - detail::count_slack<N>;  // <= T, exactly
    // the pass
    scored<N> sc;
    std::size_t stored = 0;
    std::size_t left_out = 0;
    // By blocks of 64: first the triage alone over the block, in a tight
    // loop the processor overlaps from holder to holder, keeping a bit per
    // holder left out and per holder excluded and summing the sizes left
    // out; then the block's few other holders, in holder order (a holder
    // left out or excluded cannot fail, so the first error is still the
    // first in holder order). In dec the total is score_side's exactly (a
    // sum of positive integers: the same total and the same overflow in any
    // order); in double it may differ in the last bits (another order).
    constexpr std::size_t block = 64;
    N total{};
    std::size_t first_out = n;  // the first candidate left out, in holder order
    const bool positive = below > 0.0;
    for (std::size_t b0 = 0; b0 < n; b0 += block) {
      const std::size_t end = std::min(n, b0 + block);
      std::uint64_t out = 0, excl = 0, not_cand = 0;
      N out_total{};
      // the threshold's sign tested once per block, not in the triage of
      // every holder (6% of the pass)
      const auto triage_block = [&]<bool Positive>(std::bool_constant<Positive>) {
        for (std::size_t j = b0; j < end; ++j) {
          const holder<N>& h = holders_[j];
          triage tr{};
          if constexpr (Positive)
            tr = detail::triage_above(ranking_, h, mark, below);
          else
            tr = triage_of(ranking_, h, mark, below);
          const bool mine = h.pos.side == s;
          const bool o = mine & (tr == triage::below);
          const bool x = mine & (tr == triage::excluded);
          out |= std::uint64_t{o} << (j - b0);
          excl |= std::uint64_t{x} << (j - b0);
          not_cand |= std::uint64_t{tr == triage::not_candidate} << (j - b0);
          // the size left out, else 0, added without a branch: in a book of
          // both sides `o` is a coin toss
          out_total = out_total + solvency::detail::select(o, h.pos.size.value(), N{});
        }
      };
      if (positive)
        triage_block(std::true_type{});
      else
        triage_block(std::false_type{});
      if (left_out == 0 && out != 0) first_out = b0 + static_cast<std::size_t>(std::countr_zero(out));
      left_out += static_cast<std::size_t>(std::popcount(out));
      sc.excluded += static_cast<std::size_t>(std::popcount(excl));
      total = total + out_total;
      const std::uint64_t all = end - b0 == block ? ~std::uint64_t{0} : (std::uint64_t{1} << (end - b0)) - 1;
      for (std::uint64_t rest = all & ~(out | excl); rest != 0; rest &= rest - 1) {
        const std::size_t i = b0 + static_cast<std::size_t>(std::countr_zero(rest));
        const holder<N>& h = holders_[i];
        if (h.pos.side != s) continue;
        if (!h.pos.size.is_valid()) return failure{error_of(h.pos.size.value())};
        if (((not_cand >> (i - b0)) & 1u) != 0 || !candidate<Ranking>(h, mark)) continue;
        auto v = ranking_.score(h, mark);
        if (!v) {
          if (v.error() == errc::non_positive_equity) {
            ++sc.excluded;
            continue;
          }
          return failure{v.error()};
        }
        scratch_[stored++] = entry{*v, h.id, static_cast<std::uint32_t>(i)};
        total = total + h.pos.size.value();
      }
    }
    sc.total = quantity<N>{total};
    if (!sc.total.is_valid()) return failure{error_of(sc.total.value())};
    // the first candidate in holder order (a full scoring's first entry)
    first_index_ = stored > 0 && scratch_[0].index < first_out ? scratch_[0].index : first_out;
    const auto first = scratch_.begin();
    const auto mid = std::partition(first, first + static_cast<std::ptrdiff_t>(stored),
                                    [&](const entry& e) { return !(e.score < threshold); });
    sc.count = stored + left_out;
    scored_ = sc;
    side_ = s;
    mark_ = mark;
    fresh_ = true;
    lazy_ = left_out > 0;
    stored_ = stored;
    sure_ = static_cast<std::size_t>(mid - first);
    below_ = below;
    ++scorings_;
    return scored_.count;
  }

  /// Scores the candidates score_lazily() left out, behind the stored ones.
  /// A failure (a ranking's bounds() broke its promise) invalidates.
  constexpr result<void> materialize() noexcept {
    if constexpr (BoundedAdlRanking<Ranking, N>) return materialize_bounded();
    return {};
  }
  constexpr result<void> materialize_bounded() noexcept {
    if (!lazy_) return {};
    std::size_t at = stored_;
    for (std::size_t i = 0; i < holders_.size(); ++i) {
      const holder<N>& h = holders_[i];
      if (h.pos.side != side_ || !h.pos.size.is_valid()) continue;
      if (triage_of(ranking_, h, mark_, below_) != triage::below) continue;
      const auto v = ranking_.score(h, mark_);
      if (!v || at >= scored_.count) {
        invalidate();
        return failure{v ? errc::invalid_argument : v.error()};
      }
      scratch_[at++] = entry{*v, h.id, static_cast<std::uint32_t>(i)};
    }
    if (at != scored_.count) {
      invalidate();
      return failure{errc::invalid_argument};
    }
    lazy_ = false;
    stored_ = at;
    return {};
  }

  /// walk_from() after score_lazily(): the sure block first; past it, the
  /// rest is scored and the walk goes on over it.
  template <class Visit>
  constexpr result<walked<N>> walk_lazily(quantity<N> need, std::size_t chunk, Visit&& visit) noexcept {
    const auto w = walk_from(scratch_.first(sure_), ordered_ < sure_ ? ordered_ : sure_, need, chunk, visit,
                             scratch_.subspan(stored_));
    if (!w || !(w->covered < need)) return w;
    if (const auto m = materialize(); !m) return failure{m.error()};
    const auto w2 = walk_from(scratch_.subspan(sure_, scored_.count - sure_), 0, need - w->covered, chunk, visit,
                              scratch_.subspan(scored_.count));
    if (!w2) return failure{w2.error()};
    return walked<N>{sure_ + w2->visited, w->covered + w2->covered, sure_ + w2->ordered};
  }
  constexpr void forget_layout() noexcept {
    heap_ = 0;
    all_heap_ = false;
    has_thr_ = false;
  }
  /// Whether h's size is in scored_.total when h is a candidate.
  [[nodiscard]] constexpr bool counts(const holder<N>& h) const noexcept {
    return h.pos.side == side_ && h.pos.size.is_valid() && h.pos.size.value() > N{};
  }
  /// Whether an entry belongs in the heap block (ranked at or before the
  /// threshold), rather than in the unordered rest.
  [[nodiscard]] constexpr bool heap_bound(const entry& e) const noexcept {
    return all_heap_ || (has_thr_ && !by_rank{}(thr_, e));
  }
  /// Rescores e's holder: true if it is still a candidate (e updated),
  /// false if not (scored_ adjusted: excluded, total). Errors invalidate.
  constexpr result<bool> rescore(entry& e) noexcept {
    const holder<N>& h = holders_[e.index];
    if (h.pos.side == side_ && !h.pos.size.is_valid()) {
      invalidate();
      return failure{error_of(h.pos.size.value())};
    }
    if (h.pos.side == side_ && candidate<Ranking>(h, mark_)) {
      auto v = ranking_.score(h, mark_);
      if (v) {
        e.score = *v;
        e.id = h.id;
        return true;
      }
      if (v.error() != errc::non_positive_equity) {
        invalidate();
        return failure{v.error()};
      }
      ++scored_.excluded;
    }
    if (counts(h)) scored_.total -= h.pos.size;
    return false;
  }
  /// Moves the heap-bound entry at `at` (in the rest) into the heap.
  constexpr void push(std::size_t at) noexcept {
    std::swap(scratch_[heap_], scratch_[at]);
    ++heap_;
    std::push_heap(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(heap_), after{});
  }
  /// The heap is empty: cut the next block from the rest [0, r).
  constexpr void cut(std::size_t r, std::size_t chunk) noexcept {
    ++cuts_;
    constexpr std::size_t sample_size = 1024;
    const auto first = scratch_.begin();
    std::size_t block = std::max(2 * chunk, r / 32);
    if (r >= 16 * sample_size && block < r / 2) {
      std::array<entry, sample_size> sample{};
      const std::size_t stride = r / sample_size;
      for (std::size_t i = 0; i < sample_size; ++i) sample[i] = scratch_[i * stride];
      std::sort(sample.begin(), sample.end(), by_rank{});
      const std::size_t depth = std::min(sample_size - 1, (block * sample_size) / r + 4);
      thr_ = sample[depth];
      has_thr_ = true;
      all_heap_ = false;
      const auto mid = std::partition(first, first + static_cast<std::ptrdiff_t>(r),
                                      [&](const entry& e) { return !by_rank{}(thr_, e); });
      heap_ = static_cast<std::size_t>(mid - first);
    } else {
      heap_ = r;
      all_heap_ = true;
      has_thr_ = false;
    }
    std::make_heap(first, first + static_cast<std::ptrdiff_t>(heap_), after{});
  }

  /// refresh::touched_only: visits candidates in rank order (popping them
  /// from the heap, cutting a new block when it runs dry) until `need` is
  /// covered. The visited entries end at the back of the candidates, in
  /// visit order: visited_span().
  template <class Visit>
  constexpr result<walked<N>> heap_walk(quantity<N> need, std::size_t chunk, Visit&& visit) noexcept {
    walked<N> w;
    const std::size_t count = scored_.count;
    std::size_t r = count;  // [heap_, r) is the rest, [r, count) the visited
    const auto first = scratch_.begin();
    while (w.covered < need) {
      if (heap_ == 0) {
        if (r == 0) break;
        cut(r, chunk);
      }
      std::pop_heap(first, first + static_cast<std::ptrdiff_t>(heap_), after{});
      --heap_;
      std::swap(scratch_[heap_], scratch_[r - 1]);
      --r;
      const result<quantity<N>> took = visit(scratch_[r], need - w.covered);
      if (!took) {
        forget_layout();  // the same candidates, in no known layout
        return failure{took.error()};
      }
      w.covered += *took;
    }
    std::reverse(first + static_cast<std::ptrdiff_t>(r), first + static_cast<std::ptrdiff_t>(count));
    w.visited = count - r;
    visited_ = w.visited;
    return w;
  }
  [[nodiscard]] constexpr std::span<entry> visited_span() noexcept {
    return scratch_.subspan(scored_.count - visited_, visited_);
  }
  /// After a heap_walk and its execution: of the visited entries, the
  /// caller moved those it left unchanged to the front of visited_span()
  /// and those it closed behind them. `closed` is what they gave up.
  constexpr result<void> after_heap_execution(std::size_t untouched, quantity<N> closed) noexcept {
    scored_.total -= closed;
    const std::size_t lo = scored_.count - visited_;
    // classify in place: heap-bound first, then rest-bound, then dropped
    std::size_t hb = lo, rb = lo;  // [lo, hb) heap-bound, [hb, rb) rest-bound
    for (std::size_t j = lo; j < scored_.count; ++j) {
      entry& e = scratch_[j];
      bool keep = true;
      if (j - lo >= untouched) {
        ++rescored_;
        const auto k = rescore(e);
        if (!k) return failure{k.error()};
        keep = *k;
      }
      if (!keep) continue;
      const bool to_heap = heap_bound(e);
      std::swap(scratch_[rb], e);
      if (to_heap) std::swap(scratch_[hb++], scratch_[rb]);
      ++rb;
    }
    scored_.count = rb;
    for (std::size_t p = lo; p < hb; ++p) push(p);
    visited_ = 0;
    return {};
  }

  std::span<const holder<N>> holders_;
  std::span<entry> scratch_;
  Ranking ranking_;
  scored<N> scored_{};
  selection<N> last_{};
  side side_ = side::long_;
  price<N> mark_{};
  bool fresh_ = false;
  refresh mode_ = refresh::every_event;
  bool pinned_ = false;
  price<N> pin_{};
  std::size_t ordered_ = 0;
  // after score_lazily(): candidates whose bounds lie below below_ are not
  // in the scratch yet; [0, sure_) rank before all of them
  bool lazy_ = false;
  std::size_t first_index_ = 0;  ///< after a scoring: the first candidate in holder order
  std::size_t stored_ = 0;
  std::size_t sure_ = 0;
  double below_ = 0.0;
  // refresh::touched_only layout
  std::size_t heap_ = 0;
  bool all_heap_ = false;
  bool has_thr_ = false;
  entry thr_{};
  std::size_t visited_ = 0;
  std::size_t scorings_ = 0;
  std::size_t reuses_ = 0;
  std::size_t rescored_ = 0;
  std::size_t cuts_ = 0;
};

/// What adl::execute needs of a queue beyond its public interface.
template <class Ranking, Number N>
class queue_access {
 public:
  using q_type = queue<Ranking, N>;
  static constexpr std::span<typename q_type::entry> ranked(q_type& q) noexcept { return q.ranked(); }
  static constexpr std::size_t ordered(const q_type& q) noexcept { return q.ordered_; }
  static constexpr void set_ordered(q_type& q, std::size_t k) noexcept { q.ordered_ = k; }
  template <class Visit>
  static constexpr result<walked<N>> heap_walk(q_type& q, quantity<N> need, std::size_t chunk, Visit&& visit) noexcept {
    return q.heap_walk(need, chunk, static_cast<Visit&&>(visit));
  }
  static constexpr std::span<typename q_type::entry> visited(q_type& q) noexcept { return q.visited_span(); }
  // execute() over a lazily scored queue (rank_for): the candidates are not
  // all scored; the walk scores the rest only if it runs past the top
  static constexpr result<std::size_t> rank_for(q_type& q, side s, price<N> mark, quantity<N> need) noexcept {
    return q.rank_for(s, mark, need);
  }
  static constexpr bool lazy(const q_type& q) noexcept { return q.lazy_; }
  /// The first candidate in holder order (`fresh`: the queue has just
  /// scored, its scratch may be partitioned already), or else the first
  /// entry of the scratch (what a walk left there).
  static constexpr std::size_t first_index(const q_type& q, bool fresh) noexcept {
    return fresh ? q.first_index_ : q.scratch_[0].index;
  }
  template <class Visit>
  static constexpr result<walked<N>> walk_lazily(q_type& q, quantity<N> need, std::size_t chunk, Visit&& visit) noexcept {
    return q.walk_lazily(need, chunk, visit);
  }
  static constexpr std::span<typename q_type::entry> front(q_type& q, std::size_t k) noexcept {
    return q.scratch_.first(k);
  }
  static constexpr result<void> after_heap_execution(q_type& q, std::size_t untouched, quantity<N> closed) noexcept {
    return q.after_heap_execution(untouched, closed);
  }
};

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_QUEUE_HPP
