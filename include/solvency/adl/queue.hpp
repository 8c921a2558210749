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
//   queue<R, N>        a side's queue over caller storage that rescores only
//                      when the ranking says something changed: the mark
//                      moved (mark-dependent or winners-only rankings) or
//                      the holders changed (invalidate())
//   selection<N>       what select() found: how many, how much, the remainder
//
//   std::vector<adl::queue<adl::bitmex_ranking, dec>::entry> buf(holders.size());
//   adl::queue<adl::bitmex_ranking, dec> q{holders, buf};
//   auto sel = q.select(side::short_, mark, quantity{10.0_dec});
//   for (const auto& e : q.selected()) ...   // rank order, sel->count entries
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
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

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
                                               std::size_t chunk, Visit&& visit) {
  walked<N> w;
  const std::size_t n = entries.size();
  if (chunk == 0) chunk = 1;
  std::size_t done = 0;
  std::size_t bound = n;  // the end of the block being visited
  constexpr std::size_t sample_size = 1024;
  if (n >= 16 * sample_size && chunk <= n / 16 && w.covered < need) {
    std::array<queue_entry<S>, sample_size> sample{};
    const std::size_t stride = n / sample_size;
    for (std::size_t i = 0; i < sample_size; ++i) sample[i] = entries[i * stride];
    std::sort(sample.begin(), sample.end(), by_rank{});
    const std::size_t depth = std::min(sample_size - 1, (2 * chunk * sample_size) / n + 4);
    const queue_entry<S> pivot = sample[depth];
    const auto mid = std::partition(entries.begin(), entries.end(),
                                    [&](const queue_entry<S>& e) { return !by_rank{}(pivot, e); });
    bound = static_cast<std::size_t>(mid - entries.begin());
  }
  while (done < n && w.covered < need) {
    if (done == bound) bound = n;
    const std::size_t end = chunk >= bound - done ? bound : done + chunk;
    auto first = entries.begin() + static_cast<std::ptrdiff_t>(done);
    auto stop = entries.begin() + static_cast<std::ptrdiff_t>(end);
    if (end < bound) std::nth_element(first, stop, entries.begin() + static_cast<std::ptrdiff_t>(bound), by_rank{});
    std::sort(first, stop, by_rank{});
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

/// One side's ADL queue over caller-owned holders and scratch storage.
template <class Ranking, Number N>
  requires AdlRanking<Ranking, N>
class queue {
 public:
  using score_type = score_t<Ranking, N>;
  using entry = queue_entry<score_type>;

  constexpr queue(std::span<const holder<N>> holders, std::span<entry> scratch, Ranking ranking = {}) noexcept
      : holders_(holders), scratch_(scratch), ranking_(ranking) {}

  /// Scores the side at `mark`, unless nothing the ranking depends on has
  /// changed since the last call (same side, same mark or a mark-free
  /// ranking, holders not invalidated). Returns the number of candidates.
  constexpr result<std::size_t> rank(side s, price<N> mark) noexcept {
    constexpr ranking_traits t = Ranking::traits;
    const bool mark_matters = t.mark_dependent || t.winners_only;
    if (fresh_ && s == side_ && (!mark_matters || mark == mark_) && mark.is_valid()) {
      ++reuses_;
      return scored_.count;
    }
    fresh_ = false;
    auto sc = score_side(ranking_, holders_, s, mark, scratch_);
    if (!sc) return failure{sc.error()};
    scored_ = *sc;
    side_ = s;
    mark_ = mark;
    fresh_ = true;
    ++scorings_;
    return scored_.count;
  }

  /// Ranks side `s` at `mark` and moves the candidates covering `need` to
  /// the front, in rank order (the last may cover only part of its size).
  constexpr result<selection<N>> select(side s, price<N> mark, quantity<N> need) noexcept {
    if (!need.is_valid()) return failure{error_of(need.value())};
    if (need.value() < N{}) return failure{errc::non_positive_quantity};
    const auto n = rank(s, mark);
    if (!n) return failure{n.error()};
    const auto w = walk(candidates(), need, chunk_hint(need, scored_.total, *n),
                        [&](const entry& e, quantity<N> still) -> result<quantity<N>> {
                          const quantity<N> size = holders_[e.index].pos.size;
                          return size < still ? size : still;
                        });
    if (!w) return failure{w.error()};
    last_ = selection<N>{w->visited, w->covered, need - w->covered};
    return last_;
  }

  /// The scored candidates (after select(): the selected ones first, in order).
  [[nodiscard]] constexpr std::span<entry> candidates() noexcept { return scratch_.first(fresh_ ? scored_.count : 0); }
  /// The candidates the last select() chose, in rank order.
  [[nodiscard]] constexpr std::span<const entry> selected() const noexcept { return scratch_.first(last_.count); }
  /// What the last scoring found (count, excluded, total size).
  [[nodiscard]] constexpr const scored<N>& stats() const noexcept { return scored_; }
  /// The holders changed (sizes, balances): the next rank() rescores.
  constexpr void invalidate() noexcept { fresh_ = false; }
  [[nodiscard]] constexpr std::span<const holder<N>> holders() const noexcept { return holders_; }
  [[nodiscard]] constexpr const Ranking& ranking() const noexcept { return ranking_; }
  /// How many times rank() scored every holder, and how many it reused.
  [[nodiscard]] constexpr std::size_t scorings() const noexcept { return scorings_; }
  [[nodiscard]] constexpr std::size_t reuses() const noexcept { return reuses_; }

 private:
  std::span<const holder<N>> holders_;
  std::span<entry> scratch_;
  Ranking ranking_;
  scored<N> scored_{};
  selection<N> last_{};
  side side_ = side::long_;
  price<N> mark_{};
  bool fresh_ = false;
  std::size_t scorings_ = 0;
  std::size_t reuses_ = 0;
};

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_QUEUE_HPP
