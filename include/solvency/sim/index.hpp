// solvency/sim/index.hpp: positions indexed by liquidation price.
//
// Types in this header:
//
//   index_entry<N>        a trigger price, the account's slot and id, and the
//                         version of the account's position it was computed for
//   liquidation_index<N>  per side, the entries sorted in the order they are
//                         crossed (longs by trigger price descending, shorts
//                         ascending, ties by account id), read by a cursor;
//                         entries re-solved later (after a partial
//                         liquidation, a margin change) go to a heap with the
//                         same order, and the two are merged as they are read
//
// As the mark falls, longs whose trigger is at or above it are crossed; as
// it rises, shorts whose trigger is at or below it. `next(side, mark)` yields
// the first crossed entry in that order or nothing, in O(log n); so a step
// costs O(log n + crossed), never a scan of the population. The simulator
// drops stale entries (an older version of the account) as they come out.
//
//   sim::liquidation_index<dec> ix;
//   ix.assign(side::long_, std::move(long_entries));   // O(n log n), once
//   while (auto e = ix.next(side::long_, mark)) { ix.pop(side::long_); ... }
//   ix.insert(side::long_, {new_trigger, slot, id, version});   // O(log n)
#ifndef SOLVENCY_SIM_INDEX_HPP
#define SOLVENCY_SIM_INDEX_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/numeric/number.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace solvency::inline v1::sim {

template <Number N>
struct index_entry {
  price<N> trigger{};          ///< the liquidation price (crossed at or beyond it)
  std::uint32_t slot = 0;      ///< the account's place in the simulator's arrays
  std::uint32_t version = 0;   ///< the account's position version it was solved for
  account_id id = 0;           ///< the tie-break: a total order
};

template <Number N>
class liquidation_index {
 public:
  /// True when `a` is crossed before `b` on side `s`: a long's higher
  /// trigger first (the mark falls onto it first), a short's lower; ties by id.
  [[nodiscard]] static bool before(side s, const index_entry<N>& a, const index_entry<N>& b) noexcept {
    if (!(a.trigger == b.trigger)) return s == side::long_ ? a.trigger > b.trigger : a.trigger < b.trigger;
    return a.id < b.id;
  }
  /// Whether an entry on side `s` is crossed at `mark`.
  [[nodiscard]] static bool crossed(side s, const index_entry<N>& e, price<N> mark) noexcept {
    return s == side::long_ ? !(mark > e.trigger) : !(mark < e.trigger);
  }

  /// Replaces side s with `entries`, sorted (O(n log n)).
  void assign(side s, std::vector<index_entry<N>> entries) {
    book& b = of(s);
    b.sorted = std::move(entries);
    std::sort(b.sorted.begin(), b.sorted.end(), [s](const auto& x, const auto& y) { return before(s, x, y); });
    b.cursor = 0;
    b.heap.clear();
  }
  /// Adds an entry (a re-solved trigger) in O(log n).
  void insert(side s, const index_entry<N>& e) {
    book& b = of(s);
    b.heap.push_back(e);
    std::push_heap(b.heap.begin(), b.heap.end(), heap_order{s});
  }
  /// The first entry of side s in crossing order, crossed at `mark`, or nothing.
  [[nodiscard]] std::optional<index_entry<N>> next(side s, price<N> mark) const noexcept {
    const book& b = of(s);
    const index_entry<N>* e = first(s, b);
    if (e == nullptr || !crossed(s, *e, mark)) return std::nullopt;
    return *e;
  }
  /// Removes the first entry of side s (the one next() gave).
  void pop(side s) {
    book& b = of(s);
    const index_entry<N>* e = first(s, b);
    if (e == nullptr) return;
    if (!b.heap.empty() && e == &b.heap.front()) {
      std::pop_heap(b.heap.begin(), b.heap.end(), heap_order{s});
      b.heap.pop_back();
    } else {
      ++b.cursor;
    }
  }
  /// Entries left on side s (stale ones included).
  [[nodiscard]] std::size_t size(side s) const noexcept {
    const book& b = of(s);
    return b.sorted.size() - b.cursor + b.heap.size();
  }

 private:
  struct heap_order {
    side s;
    // std heaps keep the greatest on top: "greatest" = crossed first.
    bool operator()(const index_entry<N>& a, const index_entry<N>& b) const noexcept { return before(s, b, a); }
  };
  struct book {
    std::vector<index_entry<N>> sorted{};
    std::size_t cursor = 0;
    std::vector<index_entry<N>> heap{};
  };
  [[nodiscard]] static const index_entry<N>* first(side s, const book& b) noexcept {
    const index_entry<N>* a = b.cursor < b.sorted.size() ? &b.sorted[b.cursor] : nullptr;
    const index_entry<N>* h = b.heap.empty() ? nullptr : &b.heap.front();
    if (a == nullptr) return h;
    if (h == nullptr) return a;
    return before(s, *h, *a) ? h : a;
  }
  [[nodiscard]] book& of(side s) noexcept { return s == side::long_ ? longs_ : shorts_; }
  [[nodiscard]] const book& of(side s) const noexcept { return s == side::long_ ? longs_ : shorts_; }

  book longs_{};
  book shorts_{};
};

}  // namespace solvency::inline v1::sim

#endif  // SOLVENCY_SIM_INDEX_HPP
