// Tests for solvency/adl/queue.hpp: the selection equals the prefix of a full
// sort (generated books, many needs), only the visited prefix is ordered,
// rescoring happens only when the ranking says so, and bad input.
#include <solvency/adl/queue.hpp>
#include <solvency/adl/rankings.hpp>

#include "support.hpp"

#include <algorithm>
#include <limits>
#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

namespace {
template <class R, class N>
void check_against_full_sort(std::uint64_t seed, std::size_t n, N need_units) {
  const auto v = adl_test::book<N>(seed, n, side::short_, 1000);
  std::vector<adl::queue_entry<adl::score_t<R, N>>> buf(v.size());
  adl::queue<R, N> q{v, buf};
  const price<N> m{from_int<N>(900)};
  const auto sel = q.select(side::short_, m, quantity<N>{need_units});
  REQUIRE(sel);
  // the reference: score everyone, sort everyone
  std::vector<adl::queue_entry<adl::score_t<R, N>>> all;
  quantity<N> total{};
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!adl::candidate<R>(v[i], m)) continue;
    const auto s = R{}.score(v[i], m);
    if (!s) continue;
    all.push_back({*s, v[i].id, static_cast<std::uint32_t>(i)});
    total += v[i].pos.size;
  }
  std::sort(all.begin(), all.end(), adl::by_rank{});
  std::size_t k = 0;
  quantity<N> cum{};
  while (k < all.size() && cum < quantity<N>{need_units}) cum += v[all[k++].index].pos.size;
  REQUIRE(sel->count == k);
  const auto chosen = q.selected();
  for (std::size_t i = 0; i < k; ++i) CHECK(chosen[i].id == all[i].id);
  const quantity<N> want = quantity<N>{need_units} < total ? quantity<N>{need_units} : total;
  CHECK(sel->covered == want);
  CHECK(sel->remainder == quantity<N>{need_units} - want);
}
}  // namespace

TEST_CASE("queue: selection is the prefix of the full sort (generated books)") {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const auto n = static_cast<std::size_t>(50 + seed * 37);
    for (const std::int64_t need : {1, 7, 40, 300, 100000}) {
      check_against_full_sort<adl::bitmex_ranking, dec>(seed, n, from_int<dec>(need));
      check_against_full_sort<adl::binance_ranking, double>(seed, n, static_cast<double>(need));
    }
    check_against_full_sort<adl::hyperliquid_ranking, dec>(seed, n, from_int<dec>(25));
    check_against_full_sort<adl::dydx_random, dec>(seed, n, from_int<dec>(25));
    check_against_full_sort<adl::highest_leverage, dec>(seed, n, from_int<dec>(25));
  }
}

TEST_CASE("queue: the sampled-pivot path on large books equals the full sort") {
  // >= 16,384 candidates and a need far below the total: walk partitions
  // around a sampled pivot first; needs on both sides of the pivot's block
  for (std::uint64_t seed = 1; seed <= 3; ++seed)
    for (const std::int64_t need : {3, 100, 2000, 20000})
      check_against_full_sort<adl::binance_ranking, double>(seed, 40000, static_cast<double>(need));
  check_against_full_sort<adl::bitmex_ranking, dec>(9, 30000, from_int<dec>(500));
  // many equal scores around the pivot: ties resolved by id in both
  check_against_full_sort<adl::pro_rata, dec>(4, 30000, from_int<dec>(700));
  check_against_full_sort<adl::funding_paid, dec>(5, 30000, from_int<dec>(700));
}

TEST_CASE("queue: ties broken by the lower account id") {
  std::vector<adl::holder<dec>> v;
  for (account_id id : {9u, 3u, 7u, 1u, 5u}) v.push_back(linear_holder<dec>(id, side::short_, 1.0_dec, 100.0_dec, 50.0_dec));
  std::vector<adl::queue_entry<dec>> buf(v.size());
  adl::queue<adl::bitmex_ranking, dec> q{v, buf};
  const auto sel = q.select(side::short_, price{90.0_dec}, quantity{3.0_dec});
  REQUIRE(sel);
  REQUIRE(sel->count == 3);
  CHECK(q.selected()[0].id == 1);
  CHECK(q.selected()[1].id == 3);
  CHECK(q.selected()[2].id == 5);
}

TEST_CASE("queue: rescoring only when the ranking depends on what changed") {
  const auto v = adl_test::book<dec>(5, 200, side::long_, 1000);
  std::vector<adl::queue_entry<std::uint64_t>> rbuf(v.size());
  adl::queue<adl::dydx_random, dec> rq{v, rbuf, adl::dydx_random{7}};
  REQUIRE(rq.select(side::long_, price{1100.0_dec}, quantity{10.0_dec}));
  REQUIRE(rq.select(side::long_, price{1200.0_dec}, quantity{10.0_dec}));  // mark-free: reused
  CHECK(rq.scorings() == 1);
  CHECK(rq.reuses() == 1);
  REQUIRE(rq.select(side::short_, price{1200.0_dec}, quantity{10.0_dec}));  // other side: rescored
  CHECK(rq.scorings() == 2);
  rq.invalidate();
  REQUIRE(rq.select(side::short_, price{1200.0_dec}, quantity{10.0_dec}));
  CHECK(rq.scorings() == 3);

  std::vector<adl::queue_entry<dec>> bbuf(v.size());
  adl::queue<adl::bitmex_ranking, dec> bq{v, bbuf};
  REQUIRE(bq.select(side::long_, price{1100.0_dec}, quantity{10.0_dec}));
  REQUIRE(bq.select(side::long_, price{1100.0_dec}, quantity{20.0_dec}));  // same mark: reused
  CHECK(bq.scorings() == 1);
  REQUIRE(bq.select(side::long_, price{1150.0_dec}, quantity{10.0_dec}));  // the mark moved
  CHECK(bq.scorings() == 2);
}

TEST_CASE("queue: empty side, exclusions, not enough quantity") {
  std::vector<adl::holder<dec>> v{linear_holder<dec>(1, side::long_, 2.0_dec, 100.0_dec, 50.0_dec),
                                  linear_holder<dec>(2, side::long_, 3.0_dec, 140.0_dec, 10.0_dec),  // equity < 0 at 100
                                  linear_holder<dec>(3, side::short_, 4.0_dec, 100.0_dec, 50.0_dec)};
  std::vector<adl::queue_entry<dec>> buf(v.size());
  adl::queue<adl::bitmex_ranking, dec> q{v, buf};
  const auto sel = q.select(side::long_, price{100.0_dec}, quantity{5.0_dec});
  REQUIRE(sel);
  CHECK(sel->count == 1);
  CHECK(q.stats().excluded == 1);
  CHECK(sel->covered == quantity{2.0_dec});
  CHECK(sel->remainder == quantity{3.0_dec});
  const std::vector<adl::holder<dec>> none;
  std::vector<adl::queue_entry<dec>> nb;
  adl::queue<adl::bitmex_ranking, dec> e{none, nb};
  const auto s0 = e.select(side::long_, price{100.0_dec}, quantity{5.0_dec});
  REQUIRE(s0);
  CHECK(s0->count == 0);
  CHECK(s0->remainder == quantity{5.0_dec});
  // need zero: nothing selected
  const auto s1 = q.select(side::long_, price{100.0_dec}, quantity<dec>{});
  REQUIRE(s1);
  CHECK(s1->count == 0);
}

TEST_CASE("queue: bad input") {
  std::vector<adl::holder<double>> v{linear_holder<double>(1, side::long_, 2.0, 100.0, 50.0),
                                     linear_holder<double>(2, side::long_, 1.0, 100.0, 50.0)};
  std::vector<adl::queue_entry<double>> small(1), buf(2);
  adl::queue<adl::bitmex_ranking, double> qs{v, small};
  CHECK(qs.select(side::long_, price{100.0}, quantity{1.0}).error() == errc::size_mismatch);
  adl::queue<adl::bitmex_ranking, double> q{v, buf};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(q.select(side::long_, price{nan}, quantity{1.0}).error() == errc::not_a_number);
  CHECK(q.select(side::long_, price{0.0}, quantity{1.0}).error() == errc::non_positive_price);
  CHECK(q.select(side::long_, price{100.0}, quantity{nan}).error() == errc::not_a_number);
  CHECK(q.select(side::long_, price{100.0}, quantity{-1.0}).error() == errc::non_positive_quantity);
  CHECK(q.select(static_cast<side>(0), price{100.0}, quantity{1.0}).error() == errc::invalid_argument);
  v[1].wallet_balance = money{std::numeric_limits<double>::infinity()};
  q.invalidate();
  CHECK(q.select(side::long_, price{100.0}, quantity{1.0}).error() == errc::infinite);
  v[1].wallet_balance = money{50.0};
  v[1].pos.size = quantity{nan};
  CHECK(q.select(side::long_, price{100.0}, quantity{1.0}).error() == errc::not_a_number);
}

TEST_CASE("walk: visits only a prefix, in order, and stops on an error") {
  std::vector<adl::queue_entry<int>> e;
  for (int i = 0; i < 1000; ++i) e.push_back({(i * 7919) % 1000, static_cast<account_id>(i), static_cast<std::uint32_t>(i)});
  int visits = 0;
  int last = 1000000;
  const auto w = adl::walk(std::span<adl::queue_entry<int>>(e), quantity<dec>{5.0_dec}, 2,
                           [&](const adl::queue_entry<int>& x, quantity<dec>) -> result<quantity<dec>> {
                             ++visits;
                             CHECK(x.score < last);
                             last = x.score;
                             return quantity<dec>{1.0_dec};
                           });
  REQUIRE(w);
  CHECK(visits == 5);
  CHECK(w->visited == 5);
  CHECK(e[0].score == 999);
  CHECK(e[4].score == 995);
  const auto bad = adl::walk(std::span<adl::queue_entry<int>>(e), quantity<dec>{5.0_dec}, 2,
                             [&](const adl::queue_entry<int>&, quantity<dec>) -> result<quantity<dec>> {
                               return failure{errc::ledger_full};
                             });
  CHECK(bad.error() == errc::ledger_full);
  // a large input with a bad first guess: the sampled pivot's block runs out
  // and the walk continues in order into the rest
  std::vector<adl::queue_entry<int>> big;
  for (int i = 0; i < 40000; ++i)
    big.push_back({static_cast<int>((static_cast<std::uint64_t>(i) * 2654435761u) % 40000), static_cast<account_id>(i),
                   static_cast<std::uint32_t>(i)});
  int expect = 39999;
  bool in_order = true;
  const auto w2 = adl::walk(std::span<adl::queue_entry<int>>(big), quantity<dec>{5000.0_dec}, 1,
                            [&](const adl::queue_entry<int>& x, quantity<dec>) -> result<quantity<dec>> {
                              in_order = in_order && x.score == expect--;
                              return quantity<dec>{1.0_dec};
                            });
  REQUIRE(w2);
  CHECK(w2->visited == 5000);
  CHECK(in_order);
}

TEST_CASE("walk_from: an ordered prefix is visited as it is, the rest in full-sort order") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    solvency_test::rng g{seed};
    const std::size_t n = 50 + g.below(3000);
    std::vector<adl::queue_entry<int>> e(n);
    for (std::size_t i = 0; i < n; ++i)
      e[i] = {static_cast<int>(g.below(200)), static_cast<account_id>(i + 1), static_cast<std::uint32_t>(i)};
    auto sorted = e;
    std::sort(sorted.begin(), sorted.end(), adl::by_rank{});
    // the first `ordered` of the input are the best ones, in order
    const std::size_t ordered = g.below(n / 2);
    std::vector<adl::queue_entry<int>> in(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(ordered));
    std::vector<adl::queue_entry<int>> rest(sorted.begin() + static_cast<std::ptrdiff_t>(ordered), sorted.end());
    for (std::size_t i = rest.size(); i > 1; --i) std::swap(rest[i - 1], rest[g.below(i)]);
    in.insert(in.end(), rest.begin(), rest.end());
    const quantity<dec> need{from_int<dec>(static_cast<std::int64_t>(1 + g.below(n)))};
    std::vector<account_id> seen;
    const auto w = adl::walk_from(std::span<adl::queue_entry<int>>(in), ordered, need, 1 + g.below(40),
                                  [&](const adl::queue_entry<int>& x, quantity<dec>) -> result<quantity<dec>> {
                                    seen.push_back(x.id);
                                    return quantity<dec>{from_int<dec>(1)};
                                  });
    REQUIRE(w);
    CHECK(w->visited == seen.size());
    CHECK(w->ordered >= w->visited);
    bool same = true;
    for (std::size_t i = 0; i < seen.size(); ++i) same = same && seen[i] == sorted[i].id;
    CHECK(same);
    for (std::size_t i = 0; i < w->ordered; ++i) same = same && in[i].id == sorted[i].id;  // the prefix it reports
    CHECK(same);
  }
}
