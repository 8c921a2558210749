// Tests for solvency/sim/index.hpp: the cursor and heap yield exactly the
// crossed entries, in crossing order, against a brute force over generated
// cases.
#include <solvency/sim/index.hpp>

#include "check.hpp"

#include <algorithm>
#include <vector>

using namespace solvency;
using namespace solvency::literals;

namespace {
using N = dec;
using entry = sim::index_entry<N>;

price<N> px(std::int64_t cents) { return price<N>{div<round::down>(from_int<N>(cents), from_int<N>(100))}; }
}  // namespace

TEST_CASE("index: worked example, ties by id") {
  sim::liquidation_index<N> ix;
  ix.assign(side::long_, {{px(9000), 0, 1, 5}, {px(9500), 1, 1, 9}, {px(9500), 2, 1, 2}, {px(8000), 3, 1, 1}});
  CHECK(ix.size(side::long_) == 4);
  CHECK(!ix.next(side::long_, px(9501)));
  auto e = ix.next(side::long_, px(9500));
  REQUIRE(e);
  CHECK(e->id == 2);  // same trigger: lower id first
  ix.pop(side::long_);
  e = ix.next(side::long_, px(9000));
  REQUIRE(e);
  CHECK(e->id == 9);
  ix.pop(side::long_);
  ix.insert(side::long_, {px(9200), 4, 2, 7});
  e = ix.next(side::long_, px(9000));
  REQUIRE(e);
  CHECK(e->id == 7);  // from the heap, before the cursor's 9000
  ix.pop(side::long_);
  e = ix.next(side::long_, px(9000));
  REQUIRE(e);
  CHECK(e->id == 5);
  ix.pop(side::long_);
  CHECK(!ix.next(side::long_, px(8500)));
  CHECK(ix.size(side::long_) == 1);
  ix.pop(side::long_);
  ix.pop(side::long_);  // empty: nothing happens
  CHECK(ix.size(side::long_) == 0);
  // shorts are crossed upward, lowest first
  ix.assign(side::short_, {{px(11000), 0, 1, 3}, {px(10500), 1, 1, 4}});
  CHECK(!ix.next(side::short_, px(10499)));
  e = ix.next(side::short_, px(20000));
  REQUIRE(e);
  CHECK(e->id == 4);
}

TEST_CASE("index: yields exactly the crossed entries in order (generated)") {
  solvency_test::rng r{2024};
  for (int round_no = 0; round_no < 60; ++round_no) {
    const side s = r.below(2) == 0 ? side::long_ : side::short_;
    std::vector<entry> all;
    const std::size_t n = 1 + r.below(300);
    for (std::uint32_t i = 0; i < n; ++i)
      all.push_back({px(9000 + static_cast<std::int64_t>(r.below(200))), i, 0, (i * 7919u) % 100003u});
    sim::liquidation_index<N> ix;
    const std::size_t initial = n - r.below(n / 2 + 1);
    ix.assign(s, std::vector<entry>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(initial)));
    std::vector<entry> alive(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(initial));
    std::size_t next_insert = initial;
    // the mark moves toward the side's triggers in random steps; entries are
    // inserted on the way; each step must yield exactly the brute force
    std::int64_t mark = s == side::long_ ? 11100 : 8900;
    bool ok = true;
    for (int stepno = 0; stepno < 40; ++stepno) {
      mark += (s == side::long_ ? -1 : 1) * static_cast<std::int64_t>(r.below(80));
      if (next_insert < n && r.below(2) == 0) {
        ix.insert(s, all[next_insert]);
        alive.push_back(all[next_insert]);
        ++next_insert;
      }
      std::vector<entry> expect;
      for (const auto& e : alive)
        if (sim::liquidation_index<N>::crossed(s, e, px(mark))) expect.push_back(e);
      std::sort(expect.begin(), expect.end(),
                [s](const entry& a, const entry& b) { return sim::liquidation_index<N>::before(s, a, b); });
      std::vector<entry> got;
      while (auto e = ix.next(s, px(mark))) {
        got.push_back(*e);
        ix.pop(s);
      }
      if (got.size() != expect.size()) ok = false;
      for (std::size_t i = 0; ok && i < got.size(); ++i)
        if (got[i].slot != expect[i].slot) ok = false;
      std::erase_if(alive, [&](const entry& e) { return sim::liquidation_index<N>::crossed(s, e, px(mark)); });
      if (ix.size(s) != alive.size()) ok = false;
    }
    CHECK(ok);
  }
}
