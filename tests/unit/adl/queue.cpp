// Tests for solvency/adl/queue.hpp: the selection equals the prefix of a full
// sort (generated books, many needs), only the visited prefix is ordered,
// rescoring happens only when the ranking says so, and bad input.
#include <solvency/adl/execution.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/testing/adl.hpp>

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

namespace {
/// select() on a book of at least 65,536 holders with a BoundedAdlRanking
/// (the lazy path: bounds for everyone, exact scores near the top) against
/// the reference: score_side over everyone and a full sort. Then
/// candidates() (which scores the rest) holds every candidate.
template <class R, class N>
void lazy_equals_full_sort(const std::vector<adl::holder<N>>& v, side sd, price<N> m, N need) {
  CAPTURE(to_double(need));
  std::vector<adl::queue_entry<N>> buf(v.size());
  adl::queue<R, N> q{v, buf};
  const auto sel = q.select(sd, m, quantity<N>{need});
  REQUIRE(sel);
  std::vector<adl::queue_entry<N>> ref(v.size());
  const auto sc = adl::score_side(R{}, std::span<const adl::holder<N>>(v), sd, m, std::span(ref));
  REQUIRE(sc);
  ref.resize(sc->count);
  std::sort(ref.begin(), ref.end(), adl::by_rank{});
  CHECK(q.stats().count == sc->count);
  CHECK(q.stats().excluded == sc->excluded);
  if constexpr (number_traits<N>::exact) {
    CHECK(q.stats().total == sc->total);
  } else {  // summed in another order: the last bits may differ
    CHECK(q.stats().total.value() == doctest::Approx(sc->total.value()).epsilon(1e-12));
  }
  std::size_t k = 0;
  quantity<N> cum{};
  while (k < ref.size() && cum < quantity<N>{need}) cum += v[ref[k++].index].pos.size;
  REQUIRE(sel->count == k);
  bool same = true;
  for (std::size_t i = 0; i < k; ++i) same = same && q.selected()[i].id == ref[i].id && q.selected()[i].score == ref[i].score;
  CHECK(same);
  const quantity<N> want = quantity<N>{need} < sc->total ? quantity<N>{need} : sc->total;
  if constexpr (number_traits<N>::exact) {
    CHECK(sel->covered == want);
    CHECK(sel->remainder == quantity<N>{need} - want);
  } else {
    CHECK(sel->covered.value() == doctest::Approx(want.value()).epsilon(1e-12));
    CHECK(sel->remainder.value() == doctest::Approx((quantity<N>{need} - want).value()).epsilon(1e-12));
  }
  // a second, larger selection at the same mark reuses the ranking
  const auto sel2 = q.select(sd, m, quantity<N>{need + need});
  REQUIRE(sel2);
  CHECK(q.scorings() == 1);
  k = 0;
  cum = quantity<N>{};
  while (k < ref.size() && cum < quantity<N>{need + need}) cum += v[ref[k++].index].pos.size;
  REQUIRE(sel2->count == k);
  for (std::size_t i = 0; i < k; ++i) same = same && q.selected()[i].id == ref[i].id;
  CHECK(same);
  auto all = q.candidates();
  REQUIRE(all.size() == ref.size());
  std::vector<adl::queue_entry<N>> mine(all.begin(), all.end());
  std::sort(mine.begin(), mine.end(), adl::by_rank{});
  for (std::size_t i = 0; i < ref.size(); ++i) same = same && mine[i].id == ref[i].id && mine[i].score == ref[i].score;
  CHECK(same);
}

/// 70,000 holders: an ordinary book and a tenth of edge holders (PnL and
/// equity near zero, tiny and huge positions, inverse contracts).
template <class N>
std::vector<adl::holder<N>> large_book(std::uint64_t seed, side sd) {
  auto v = adl_test::book<N>(seed, 63000, sd, 1000, 20);
  const auto edges = testing::generate_edge_holders<N>(seed, 7000, sd, price<N>{from_int<N>(950)});
  for (const auto& e : edges) {
    v.push_back(e);
    v.back().id = v.size();
  }
  return v;
}
}  // namespace

TEST_CASE("queue: lazy scoring (bounds, then exact near the top) selects exactly what a full sort does") {
  for (const std::uint64_t seed : {1u, 2u}) {
    for (const side sd : {side::long_, side::short_}) {
      const auto v = large_book<dec>(seed, sd);
      const auto vd = large_book<double>(seed, sd);
      for (const std::int64_t mark : {950, 1050}) {
        const price<dec> m{from_int<dec>(mark)};
        for (const std::int64_t need : {5, 700, 6000, 60000}) {
          lazy_equals_full_sort<adl::bitmex_ranking, dec>(v, sd, m, from_int<dec>(need));
          lazy_equals_full_sort<adl::bitmex_ranking, double>(vd, sd, price<double>{static_cast<double>(mark)},
                                                             static_cast<double>(need));
        }
        lazy_equals_full_sort<adl::binance_ranking, dec>(v, sd, m, from_int<dec>(3000));
        lazy_equals_full_sort<adl::okx_ranking, dec>(v, sd, m, from_int<dec>(3000));
        lazy_equals_full_sort<adl::highest_leverage, dec>(v, sd, m, from_int<dec>(3000));
        lazy_equals_full_sort<adl::pnl_to_equity, double>(vd, sd, price<double>{static_cast<double>(mark)}, 3000.0);
      }
    }
  }
}

TEST_CASE("queue: lazy scoring falls back when the sample overstates the top") {
  // one holder in each run of 16 (exactly the sampled ones: 65,536 / 4,096
  // runs, lazy_sample_index's) is large and ranks high; the rest are small.
  // The sample puts the threshold so high that the holders at or above it
  // cover a 16th of the need: the walk must score the rest and go on, in the
  // exact order.
  const std::size_t n = 65536;
  std::vector<adl::holder<dec>> v;
  solvency_test::rng r{77};
  for (std::size_t i = 0; i < n; ++i) {
    const bool big = i == adl::detail::lazy_sample_index(i / 16, 16);
    const std::int64_t size = big ? 100 : 1;
    const dec entry = big ? from_int<dec>(1300) - dec::from_raw(static_cast<std::int64_t>(i) * 1000)
                          : from_int<dec>(1000 + static_cast<std::int64_t>(r.below(250)));
    const dec wallet = div<round::down>(mul<round::down>(from_int<dec>(size), entry), from_int<dec>(10));
    v.push_back(linear_holder<dec>(i + 1, side::short_, from_int<dec>(size), entry, wallet));
  }
  const price<dec> m{from_int<dec>(900)};
  const dec big_total = from_int<dec>(100 * static_cast<std::int64_t>(n / 16));
  for (const dec need : {div<round::down>(big_total, from_int<dec>(2)), big_total + from_int<dec>(2000)})
    lazy_equals_full_sort<adl::bitmex_ranking, dec>(v, side::short_, m, need);
}

namespace {
/// BitMEX's ranking without bounds(): a queue over it scores every holder
/// exactly (the full path), the reference for the lazy one.
struct bitmex_scored_fully {
  static constexpr adl::ranking_traits traits = adl::bitmex_ranking::traits;
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const adl::holder<N>& h, price<N> m) const noexcept {
    return adl::bitmex_ranking{}.score(h, m);
  }
};
static_assert(adl::BoundedAdlRanking<adl::bitmex_ranking, dec> && !adl::BoundedAdlRanking<bitmex_scored_fully, dec>);

/// BitMEX's ranking, its bounds and triage included, counting its exact
/// scorings: whether a queue took the lazy path.
struct bitmex_counted : adl::bitmex_ranking {
  std::size_t* calls = nullptr;
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const adl::holder<N>& h, price<N> m) const noexcept {
    ++*calls;
    return adl::bitmex_ranking::score(h, m);
  }
};
static_assert(adl::BoundedAdlRanking<bitmex_counted, dec>);
}  // namespace

TEST_CASE("queue: lazy scoring of a book whose sides alternate samples both sides") {
  // Shorts at even indices, longs at odd ones, 65,536 and 131,072 holders:
  // runs of 16 and 32 holders per sampled holder. A sample at each run's
  // start would see the shorts only, count each for a run of which half are
  // shorts, put the threshold at the need instead of twice it, and fall back
  // to scoring the whole side exactly. The exact scorings stay few.
  for (const std::size_t n : {std::size_t{65536}, std::size_t{131072}}) {
    const auto shorts = adl_test::book<dec>(11, n / 2, side::short_, 1000, 20, 1);
    const auto longs = adl_test::book<dec>(12, n / 2, side::long_, 1000, 20, 1 + n / 2);
    std::vector<adl::holder<dec>> v;
    for (std::size_t i = 0; i < n / 2; ++i) {
      v.push_back(shorts[i]);
      v.push_back(longs[i]);
    }
    for (const side sd : {side::short_, side::long_}) {
      const price<dec> m{from_int<dec>(sd == side::short_ ? 950 : 1050)};  // the side in profit
      quantity<dec> total{};
      for (const auto& h : v)
        if (h.pos.side == sd) total += h.pos.size;
      const quantity<dec> need{div<round::up>(total.value(), from_int<dec>(100))};  // 1% of the side's OI
      std::size_t calls = 0;
      bitmex_counted counted{};
      counted.calls = &calls;
      std::vector<adl::queue_entry<dec>> scratch(n);
      adl::queue<bitmex_counted, dec> q{v, scratch, counted};
      REQUIRE(q.select(sd, m, need));
      CHECK(calls < n / 8);  // (a fallback scores the side's n / 2)
      lazy_equals_full_sort<adl::bitmex_ranking, dec>(v, sd, m, need.value());
    }
  }
}

TEST_CASE("queue: an execution after a lazy select equals one on a fresh queue") {
  // one contract spec throughout: an execution closes like against like
  auto a = adl_test::book<dec>(5, 70000, side::short_, 1000, 20);
  auto b = a;
  std::vector<adl::queue_entry<dec>> ba(a.size()), bb(b.size());
  adl::queue<adl::bitmex_ranking, dec> qa{a, ba};
  adl::queue<bitmex_scored_fully, dec> qb{b, bb};  // every holder scored exactly
  const price<dec> m{from_int<dec>(950)};
  REQUIRE(qa.select(side::short_, m, quantity<dec>{from_int<dec>(40)}));
  const loss_event<dec> ev{1, 1, money<dec>{from_int<dec>(500)}, 0, side::long_, quantity<dec>{from_int<dec>(25)},
                           price<dec>{from_int<dec>(970)}, m};
  std::vector<transfer<dec>> sa(64), sb(64);
  ledger<dec> la{std::span(sa)}, lb{std::span(sb)};
  const auto ra = adl::execute(qa, std::span(a), ev, ev.deficit, {}, la);
  const auto rb = adl::execute(qb, std::span(b), ev, ev.deficit, {}, lb);
  REQUIRE(ra);
  REQUIRE(rb);
  CHECK(ra->covered == rb->covered);
  CHECK(ra->closed == rb->closed);
  REQUIRE(la.size() == lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) CHECK(la.entries()[i] == lb.entries()[i]);
  CHECK(a == b);
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

namespace {
/// walk_from over entries whose first `ordered` are the best ones in order
/// and the rest shuffled (scores drawn by `draw`): it visits in full-sort
/// order and reports the ordered prefix it leaves. With `spare`, a chunk of
/// keyed scores is sorted by radix (sort_by_rank).
template <class S, class Draw>
void check_walk_from(solvency_test::rng& g, std::size_t n, std::size_t max_chunk, bool with_spare, Draw draw) {
  std::vector<adl::queue_entry<S>> e(n);
  for (std::size_t i = 0; i < n; ++i) e[i] = {draw(g), static_cast<account_id>(i + 1), static_cast<std::uint32_t>(i)};
  auto sorted = e;
  std::sort(sorted.begin(), sorted.end(), adl::by_rank{});
  const std::size_t ordered = g.below(n / 2);
  std::vector<adl::queue_entry<S>> in(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(ordered));
  std::vector<adl::queue_entry<S>> rest(sorted.begin() + static_cast<std::ptrdiff_t>(ordered), sorted.end());
  for (std::size_t i = rest.size(); i > 1; --i) std::swap(rest[i - 1], rest[g.below(i)]);
  in.insert(in.end(), rest.begin(), rest.end());
  std::vector<adl::queue_entry<S>> spare(with_spare ? n : 0);
  const quantity<dec> need{from_int<dec>(static_cast<std::int64_t>(1 + g.below(n)))};
  std::vector<account_id> seen;
  const auto w = adl::walk_from(std::span<adl::queue_entry<S>>(in), ordered, need, 1 + g.below(max_chunk),
                                [&](const adl::queue_entry<S>& x, quantity<dec>) -> result<quantity<dec>> {
                                  seen.push_back(x.id);
                                  return quantity<dec>{from_int<dec>(1)};
                                },
                                std::span<adl::queue_entry<S>>(spare));
  REQUIRE(w);
  CHECK(w->visited == seen.size());
  CHECK(w->ordered >= w->visited);
  bool same = true;
  for (std::size_t i = 0; i < seen.size(); ++i) same = same && seen[i] == sorted[i].id;
  CHECK(same);
  for (std::size_t i = 0; i < w->ordered; ++i) same = same && in[i].id == sorted[i].id;  // the prefix it reports
  CHECK(same);
}
}  // namespace

TEST_CASE("walk_from: an ordered prefix is visited as it is, the rest in full-sort order") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    solvency_test::rng g{seed};
    check_walk_from<int>(g, 50 + g.below(3000), 40, false, [](solvency_test::rng& r) { return static_cast<int>(r.below(200)); });
  }
}

namespace {
/// sort_by_rank against std::sort by by_rank: the same order, id for id.
template <class S>
void check_sort_by_rank(std::vector<adl::queue_entry<S>> e, bool with_spare) {
  auto want = e;
  std::sort(want.begin(), want.end(), adl::by_rank{});
  std::vector<adl::queue_entry<S>> spare(with_spare ? e.size() : 0);
  adl::detail::sort_by_rank(std::span<adl::queue_entry<S>>(e), std::span<adl::queue_entry<S>>(spare));
  bool same = e.size() == want.size();
  for (std::size_t i = 0; same && i < e.size(); ++i) same = e[i].id == want[i].id && e[i].index == want[i].index;
  CHECK(same);
}
}  // namespace

TEST_CASE("sort_by_rank: the radix sort orders as std::sort does (signs, ties, -0.0, extremes)") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    solvency_test::rng g{seed};
    const std::size_t n = 200 + g.below(6000);  // both sides of the radix path's 256 floor
    std::vector<adl::queue_entry<double>> d(n);
    std::vector<adl::queue_entry<dec>> x(n);
    for (std::size_t i = 0; i < n; ++i) {
      // few distinct values when seed is even: long runs of equal scores
      const std::int64_t raw = seed % 2 == 0 ? static_cast<std::int64_t>(g.below(9)) - 4 : g.any_magnitude(63);
      double v = static_cast<double>(raw) * 1e-3;
      if (g.below(50) == 0) v = -0.0;
      if (g.below(50) == 0) v = g.below(2) == 0 ? std::numeric_limits<double>::max() : -std::numeric_limits<double>::max();
      const auto id = static_cast<account_id>(g.below(4) == 0 ? g.below(n) : i + 1);  // repeated ids too
      d[i] = {v, id, static_cast<std::uint32_t>(i)};
      const dec r = dec::from_raw(raw == std::numeric_limits<std::int64_t>::min() ? 0 : raw);
      x[i] = {r, id, static_cast<std::uint32_t>(i)};
    }
    // repeated ids with equal scores are not ordered by by_rank: keep ids unique
    // per score by making the id the index where they collide
    for (std::size_t i = 0; i < n; ++i) d[i].id = x[i].id = d[i].id * 100000 + i;
    for (const bool spare : {true, false}) {
      check_sort_by_rank(d, spare);
      check_sort_by_rank(x, spare);
    }
  }
  // every key shares its top bytes (skipped digits) but one
  std::vector<adl::queue_entry<dec>> close;
  for (std::uint32_t i = 0; i < 1000; ++i) close.push_back({dec::from_raw(1000000 + (i * 7919) % 256), i, i});
  check_sort_by_rank(close, true);
}

TEST_CASE("walk_from with spare storage visits in full-sort order") {
  // large inputs (the sampled pivot, chunks of thousands: the radix path)
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    solvency_test::rng g{seed};
    check_walk_from<dec>(g, 20000 + g.below(20000), 3000, true, [](solvency_test::rng& r) {
      return dec::from_raw(static_cast<std::int64_t>(r.below(5000)) - 1000);
    });
  }
}

namespace {
/// One execution on a queue scored lazily (BitMEX's bounds, a book of at
/// least 65,536 holders) and on one scoring everyone: the same report, the
/// same ledger, the same closes in the same order, the same holders after.
struct executed {
  errc error{};
  std::size_t closed = 0;  ///< counterparties closed
  std::size_t exact = 0;   ///< exact scorings by the queue over bounds
};
template <class N>
executed execute_lazy_equals_full(std::vector<adl::holder<N>> a, const loss_event<N>& ev,
                                  const adl::execution_price<N>& how) {
  auto b = a;
  std::vector<adl::queue_entry<N>> ba(a.size()), bb(b.size());
  std::size_t calls = 0;
  bitmex_counted counted{};
  counted.calls = &calls;
  adl::queue<bitmex_counted, N> qa{a, ba, counted};
  adl::queue<bitmex_scored_fully, N> qb{b, bb};
  std::vector<transfer<N>> sa(a.size()), sb(b.size());
  ledger<N> la{std::span(sa)}, lb{std::span(sb)};
  std::vector<std::size_t> ca, cb;
  const auto ra = adl::execute(qa, std::span(a), ev, ev.deficit, how, la,
                               [&](std::size_t i, quantity<N>, money<N>) { ca.push_back(i); });
  const auto rb = adl::execute(qb, std::span(b), ev, ev.deficit, how, lb,
                               [&](std::size_t i, quantity<N>, money<N>) { cb.push_back(i); });
  REQUIRE(ra.has_value() == rb.has_value());
  CHECK(a == b);
  if (!ra) {
    CHECK(ra.error() == rb.error());
    return {ra.error(), 0, calls};
  }
  CHECK(ra->covered == rb->covered);
  CHECK(ra->uncovered == rb->uncovered);
  CHECK(ra->needed == rb->needed);
  CHECK(ra->closed == rb->closed);
  CHECK(ra->unfilled == rb->unfilled);
  CHECK(ra->at == rb->at);
  CHECK(ra->counterparties == rb->counterparties);
  CHECK(ra->skipped == rb->skipped);
  CHECK(ra->excluded == rb->excluded);
  CHECK(ra->status == rb->status);
  CHECK(ca == cb);
  REQUIRE(la.size() == lb.size());
  bool same = true;
  for (std::size_t i = 0; i < la.size(); ++i) same = same && la.entries()[i] == lb.entries()[i];
  CHECK(same);
  CHECK(qa.scorings() == 1);
  return {errc{}, ra->counterparties, calls};
}
}  // namespace

TEST_CASE("execute: a queue that scores only the top (bounds) executes as one that scores everyone") {
  std::size_t closed = 0, past_the_top = 0;
  for (const std::uint64_t seed : {3u, 4u}) {
    const auto v = adl_test::book<dec>(seed, 70000, side::short_, 1000, 20);
    const price<dec> m{from_int<dec>(950)};
    for (const std::int64_t size : {1, 25, 3000}) {
      // at the bankruptcy price just beyond the mark; at the mark; and far
      // beyond it, where the close would make the most leveraged winners
      // bankrupt: they are skipped and the walk runs past the holders the
      // bounds put at the top, into the ones they left out
      for (const std::int64_t bankruptcy : {970, 1400}) {
        const loss_event<dec> ev{1, 1, money<dec>{from_int<dec>(size * 40)}, 0, side::long_,
                                 quantity<dec>{from_int<dec>(size)}, price<dec>{from_int<dec>(bankruptcy)}, m};
        for (const adl::execution_price<dec> how : {adl::execution_price<dec>{}, {adl::price_rule::mark, {}}}) {
          const executed e = execute_lazy_equals_full(v, ev, how);
          closed += e.closed;
          if (size < 3000) CHECK(e.exact < 20000);  // the lazy path: a few thousand exact scores, not 70,000
          past_the_top += e.exact > 70000;          // the walk scored the rest too
        }
      }
    }
  }
  CHECK(closed > 1000);
  CHECK(past_the_top > 0);
  // double
  {
    const auto v = adl_test::book<double>(7, 70000, side::short_, 1000, 20);
    const loss_event<double> ev{1, 1, money<double>{1000.0}, 0, side::long_, quantity<double>{25.0}, price<double>{970.0},
                                price<double>{950.0}};
    const executed e = execute_lazy_equals_full(v, ev, {});
    CHECK(e.closed > 0);
    CHECK(e.exact < 20000);
  }
  // a book with edge holders, inverse contracts among them: the counterparty
  // on another contract than the first candidate's is an error either way
  for (const std::uint64_t seed : {1u, 2u}) {
    const auto v = large_book<dec>(seed, side::short_);
    const price<dec> m{from_int<dec>(950)};
    const loss_event<dec> ev{1, 1, money<dec>{from_int<dec>(20000)}, 0, side::long_, quantity<dec>{from_int<dec>(500)},
                             price<dec>{from_int<dec>(970)}, m};
    execute_lazy_equals_full(v, ev, {});
  }
  // the first candidate in holder order on another contract (a quanto of
  // multiplier one, which the bounds cover), ranked low and left out by
  // them: every counterparty the execution visits is on another contract
  // than the first candidate's, an error either way
  const loss_event<dec> ev{1, 1, money<dec>{from_int<dec>(400)}, 0, side::long_, quantity<dec>{from_int<dec>(10)},
                           price<dec>{from_int<dec>(970)}, price<dec>{from_int<dec>(950)}};
  auto w = adl_test::book<dec>(6, 70000, side::short_, 1000, 20);
  w[0].pos.spec = contract<dec>{contract_kind::quanto, from_int<dec>(1)};
  w[0].pos.entry = price<dec>{from_int<dec>(700)};  // a short losing at 950, still solvent: ranked low
  w[0].wallet_balance = money<dec>{from_int<dec>(1000000)};
  const executed e1 = execute_lazy_equals_full(w, ev, {});
  CHECK(e1.error == errc::invalid_argument);
  CHECK(e1.exact < 20000);  // lazy: holder 0 was left out
  // a book the bounds cannot cover (multiplier 2: nobody left out, but the
  // scratch partitioned around the sampled threshold), holder 0 again on
  // another contract
  auto x = adl_test::book<dec>(8, 70000, side::short_, 1000, 20);
  for (auto& h : x) h.pos.spec = linear_contract(from_int<dec>(2));
  x[0].pos.spec = linear_contract(from_int<dec>(3));
  x[0].pos.entry = price<dec>{from_int<dec>(700)};
  x[0].wallet_balance = money<dec>{from_int<dec>(1000000)};
  const executed e2 = execute_lazy_equals_full(x, ev, {});
  CHECK(e2.error == errc::invalid_argument);
}

TEST_CASE("queue: a scratch reused by a queue over fewer holders selects as a fresh one") {
  // the entries past the new queue's candidates still hold the old queue's
  // (indexes up to 999): the walk must neither use nor follow them
  const auto big = adl_test::book<dec>(11, 1000, side::short_, 1000, 20);
  const std::vector<adl::holder<dec>> small(big.begin(), big.begin() + 100);
  std::vector<adl::queue_entry<dec>> shared(big.size()), fresh(small.size());
  const price<dec> m{from_int<dec>(950)};
  adl::queue<adl::bitmex_ranking, dec> q1{big, shared};
  REQUIRE(q1.select(side::short_, m, quantity<dec>{from_int<dec>(5000)}));
  adl::queue<adl::bitmex_ranking, dec> q2{small, shared}, q3{small, fresh};
  const auto a = q2.select(side::short_, m, quantity<dec>{from_int<dec>(100)});
  const auto b = q3.select(side::short_, m, quantity<dec>{from_int<dec>(100)});
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(a->count == b->count);
  CHECK(a->covered == b->covered);
  for (std::size_t i = 0; i < a->count; ++i) CHECK(q2.selected()[i].id == q3.selected()[i].id);
}
