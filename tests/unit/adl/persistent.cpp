// Tests of the persistent ADL queue (adl::refresh::touched_only, queue.hpp
// and execution.hpp): over generated event sequences, a queue that stays
// ranked across events gives exactly the executions, ledger entries and
// holders of a queue ranked from scratch before every event, for several
// rankings and price rules; update() for changes made outside; bad input.
#include <solvency/adl/execution.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/adl/stage.hpp>

#include "support.hpp"

#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

namespace {

template <class R, class N>
struct side_rig {
  std::vector<adl::holder<N>> h;
  std::vector<adl::queue_entry<adl::score_t<R, N>>> buf;
  adl::queue<R, N> q;
  std::vector<transfer<N>> store;
  ledger<N> l;
  side_rig(std::vector<adl::holder<N>> v, R r, adl::refresh m)
      : h(std::move(v)), buf(h.size()), q(h, buf, r, m), store(h.size() + 4), l(std::span<transfer<N>>(store)) {}
};

template <class N>
std::vector<adl::holder<N>> two_sided(std::uint64_t seed, std::size_t n_per_side, std::int64_t mark, std::int64_t max_size) {
  auto v = adl_test::book<N>(seed, n_per_side, side::long_, mark, max_size, 1);
  const auto s = adl_test::book<N>(seed + 1000, n_per_side, side::short_, mark, max_size, 1 + n_per_side);
  v.insert(v.end(), s.begin(), s.end());
  return v;
}

struct tally {
  std::size_t events = 0;
  std::size_t closes = 0;
  std::size_t reused = 0;
  std::size_t updates = 0;
};

template <class N>
void same_report(const adl::execution_report<N>& a, const adl::execution_report<N>& b) {
  CHECK(a.covered == b.covered);
  CHECK(a.uncovered == b.uncovered);
  CHECK(a.needed == b.needed);
  CHECK(a.closed == b.closed);
  CHECK(a.unfilled == b.unfilled);
  CHECK(a.at == b.at);
  CHECK(a.counterparties == b.counterparties);
  CHECK(a.skipped == b.skipped);
  CHECK(a.excluded == b.excluded);
  CHECK(a.status == b.status);
}

/// One generated sequence: `events` loss events on a two-sided book of
/// `n` holders a side; the mark moves every few events; now and then a
/// holder changes outside the queue (reported with update()).
template <class R>
void sequence(std::uint64_t seed, std::size_t n, std::size_t events, R r, adl::price_rule rule, tally& t) {
  using N = dec;
  solvency_test::rng g{seed * 7919 + 3};
  std::int64_t mark_i = 1000;
  side_rig<R, N> a{two_sided<N>(seed, n, mark_i, 12), r, adl::refresh::touched_only};
  side_rig<R, N> b{a.h, r, adl::refresh::every_event};
  price<N> previous{from_int<N>(mark_i)};
  for (std::size_t k = 0; k < events; ++k) {
    if (g.below(8) == 0) {  // the mark moves
      previous = price<N>{from_int<N>(mark_i)};
      mark_i += static_cast<std::int64_t>(g.below(41)) - 20;
    }
    if (g.below(6) == 0) {  // a holder changes outside the queue
      const std::size_t i = g.below(a.h.size());
      const adl::holder<N> before = a.h[i];
      const std::int64_t d = static_cast<std::int64_t>(g.below(4001)) - 2500;  // may wipe its equity out
      a.h[i].wallet_balance += money<N>{from_int<N>(d)};
      if (g.below(3) == 0 && a.h[i].pos.size.value() > N{}) a.h[i].pos.size = quantity<N>{from_int<N>(1)};
      b.h[i] = a.h[i];
      REQUIRE(a.q.update(i, before));
      ++t.updates;
    }
    const price<N> mark{from_int<N>(mark_i)};
    const side bankrupt = g.below(2) == 0 ? side::long_ : side::short_;
    const std::int64_t gap = 1 + static_cast<std::int64_t>(g.below(25));
    const price<N> bp{from_int<N>(bankrupt == side::long_ ? mark_i + gap : mark_i - gap)};
    const std::int64_t size = 1 + static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>(g.below(4) == 0 ? 60 : 8)));
    const money<N> deficit{from_int<N>(size * gap)};
    // sometimes less outstanding than the deficit (an earlier stage paid part)
    const money<N> outstanding =
        g.below(3) == 0 ? money<N>{from_int<N>(static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>(size * gap) + 1)))}
                        : deficit;
    const loss_event<N> ev{5'000'000 + k, 1, deficit, static_cast<std::int64_t>(k), bankrupt, quantity<N>{from_int<N>(size)},
                           bp, mark};
    adl::execution_price<N> how{rule, previous, quantity<N>{}};
    const bool was_ranked = a.q.ranked_now();
    const std::size_t scorings = a.q.scorings();
    a.l.clear();
    b.l.clear();
    b.q.invalidate();  // from scratch before every event
    const auto ra = adl::execute(a.q, std::span(a.h), ev, outstanding, how, a.l);
    const auto rb = adl::execute(b.q, std::span(b.h), ev, outstanding, how, b.l);
    REQUIRE(ra);
    REQUIRE(rb);
    same_report(*ra, *rb);
    REQUIRE(a.l.size() == b.l.size());
    for (std::size_t i = 0; i < a.l.size(); ++i) CHECK(a.l.entries()[i] == b.l.entries()[i]);
    REQUIRE(a.h == b.h);
    if (was_ranked && a.q.scorings() == scorings) ++t.reused;
    // the persistent queue's bookkeeping equals a fresh scoring of its side
    if (a.q.ranked_now() && ra->status != errc::empty_queue && outstanding.value() > N{}) {
      std::vector<adl::queue_entry<adl::score_t<R, N>>> fresh(a.h.size());
      const auto sc = adl::score_side(r, std::span<const adl::holder<N>>(a.h), opposite(bankrupt), mark,
                                      std::span(fresh));
      REQUIRE(sc);
      CHECK(sc->count == a.q.stats().count);
      CHECK(sc->excluded == a.q.stats().excluded);
      CHECK(sc->total == a.q.stats().total);
    }
    ++t.events;
    t.closes += ra->counterparties;
  }
}

template <class R>
tally run_many(R r, adl::price_rule rule, std::uint64_t seeds, std::size_t n, std::size_t events) {
  tally t;
  for (std::uint64_t s = 1; s <= seeds; ++s) sequence(s, n, events, r, rule, t);
  return t;
}
}  // namespace

TEST_CASE("persistent queue: the same executions as ranking from scratch (>= 10,000 events, several rankings)") {
  std::size_t total = 0;
  const auto check_tally = [&](const tally& t) {
    MESSAGE(t.events << " events, " << t.closes << " closes, " << t.reused << " reused, " << t.updates << " updates");
    CHECK(t.closes > t.events / 2);  // the sequences do close counterparties
    CHECK(t.reused > t.events / 4);  // and the persistent queue did stay ranked
    CHECK(t.updates > 0);
    total += t.events;
  };
  check_tally(run_many(adl::bitmex_ranking{}, adl::price_rule::bankruptcy, 24, 100, 120));
  check_tally(run_many(adl::binance_ranking{}, adl::price_rule::bankruptcy, 16, 100, 120));
  check_tally(run_many(adl::largest_profit{}, adl::price_rule::bankruptcy, 12, 100, 120));
  check_tally(run_many(adl::highest_leverage{}, adl::price_rule::bankruptcy, 12, 100, 120));
  check_tally(run_many(adl::dydx_random{42}, adl::price_rule::bankruptcy, 12, 100, 120));
  check_tally(run_many(adl::hyperliquid_ranking{}, adl::price_rule::previous_mark, 8, 100, 120));
  check_tally(run_many(adl::okx_ranking{}, adl::price_rule::mark, 8, 100, 120));
  CHECK(total >= 10'000);
}

TEST_CASE("persistent queue: pro rata still rescores and matches") {
  tally t = run_many(adl::pro_rata{}, adl::price_rule::bankruptcy, 3, 40, 150);
  CHECK(t.events == 450);
  CHECK(t.closes > 0);
}

TEST_CASE("persistent queue: large books (the sampled pivot over the unordered rest)") {
  tally t;
  sequence(77, 20'000, 40, adl::bitmex_ranking{}, adl::price_rule::bankruptcy, t);
  CHECK(t.events == 40);
  CHECK(t.reused > 10);
}

TEST_CASE("persistent queue: one scoring serves many events at one mark; a mark change rescores") {
  auto v = adl_test::book<dec>(3, 500, side::short_, 1000);
  std::vector<adl::queue_entry<dec>> buf(v.size());
  adl::queue<adl::bitmex_ranking, dec> q{v, buf, adl::bitmex_ranking{}, adl::refresh::touched_only};
  ledger_buffer<dec, 64> lb;
  const price<dec> mark{1000.0_dec};
  for (int k = 0; k < 20; ++k) {
    lb.ledger().clear();
    const loss_event<dec> ev{9000u + static_cast<account_id>(k), 1, money{30.0_dec}, 0, side::long_, quantity{3.0_dec},
                             price{1010.0_dec}, mark};
    const auto rep = adl::execute(q, std::span(v), ev, money{30.0_dec}, {}, lb.ledger());
    REQUIRE(rep);
    CHECK(rep->covered == money{30.0_dec});
  }
  CHECK(q.scorings() == 1);
  CHECK(q.reuses() == 19);
  CHECK(q.rescored() > 0);
  CHECK(q.rescored() < 100);  // only the closed counterparties, not 20 x 500
  const loss_event<dec> moved{9999, 1, money{30.0_dec}, 0, side::long_, quantity{3.0_dec}, price{1011.0_dec},
                              price{1001.0_dec}};
  REQUIRE(adl::execute(q, std::span(v), moved, money{30.0_dec}, {}, lb.ledger()));
  CHECK(q.scorings() == 2);
  // every_event (the default) rescores every time, as before
  auto w = adl_test::book<dec>(3, 500, side::short_, 1000);
  std::vector<adl::queue_entry<dec>> wbuf(w.size());
  adl::queue<adl::bitmex_ranking, dec> wq{w, wbuf};
  CHECK(wq.mode() == adl::refresh::every_event);
  for (int k = 0; k < 3; ++k) {
    const loss_event<dec> ev{9000u + static_cast<account_id>(k), 1, money{30.0_dec}, 0, side::long_, quantity{3.0_dec},
                             price{1010.0_dec}, mark};
    REQUIRE(adl::execute(wq, std::span(w), ev, money{30.0_dec}, {}, lb.ledger()));
  }
  CHECK(wq.scorings() == 3);
}

TEST_CASE("persistent queue: update() bad input and inconsistent reports") {
  auto v = adl_test::book<dec>(4, 50, side::short_, 1000);
  std::vector<adl::queue_entry<dec>> buf(v.size());
  adl::queue<adl::bitmex_ranking, dec> q{v, buf, adl::bitmex_ranking{}, adl::refresh::touched_only};
  // not ranked yet: nothing to do
  CHECK(q.update(3, v[3]));
  CHECK(q.update(50, v[3]).error() == errc::invalid_argument);  // out of range
  REQUIRE(q.rank(side::short_, price{1000.0_dec}));
  CHECK(q.update(50, v[3]).error() == errc::invalid_argument);
  // a `before` that was a candidate but is not in the queue (wrong index): invalidated
  adl::holder<dec> ghost = v[3];
  ghost.pos.side = side::short_;
  CHECK(q.update(3, ghost));  // the same holder: found, rescored in place
  CHECK(q.ranked_now());
  adl::holder<dec> other = linear_holder<dec>(999, side::short_, 2.0_dec, 1100.0_dec, 500.0_dec);
  std::vector<adl::holder<dec>> one{other};
  std::vector<adl::queue_entry<dec>> one_buf(1);
  adl::queue<adl::bitmex_ranking, dec> q1{one, one_buf, adl::bitmex_ranking{}, adl::refresh::touched_only};
  REQUIRE(q1.rank(side::short_, price{1000.0_dec}));
  // claims index 0 was a long candidate: it was not scored as one, so it is appended; no room: size_mismatch
  adl::holder<dec> claim = other;
  claim.pos.side = side::long_;
  CHECK(q1.update(0, claim).error() == errc::size_mismatch);
  CHECK_FALSE(q1.ranked_now());
  // a holder changed into bad input: the update stops with its error and invalidates
  REQUIRE(q.rank(side::short_, price{1000.0_dec}));
  const adl::holder<dec> before = v[5];
  v[5].wallet_balance = money<dec>{dec::max()} + money<dec>{dec::max()};  // overflow: an error value
  const auto bad = q.update(5, before);
  CHECK_FALSE(bad);
  CHECK_FALSE(q.ranked_now());
  // an invalid size stops the settling too
  v[5] = before;
  REQUIRE(q.rank(side::short_, price{1000.0_dec}));
  const adl::holder<dec> b6 = v[6];
  v[6].pos.size = quantity<dec>{dec::max()} + quantity<dec>{dec::max()};
  CHECK_FALSE(q.update(6, b6));
  CHECK_FALSE(q.ranked_now());
}

TEST_CASE("persistent stage: set_refresh and update pass through") {
  std::vector<adl::holder<dec>> book{linear_holder<dec>(1, side::short_, 5.0_dec, 110.0_dec, 100.0_dec),
                                     linear_holder<dec>(2, side::long_, 5.0_dec, 80.0_dec, 100.0_dec),
                                     linear_holder<dec>(3, side::short_, 5.0_dec, 105.0_dec, 100.0_dec)};
  std::vector<adl::stage<adl::largest_profit, dec>::entry> scratch(book.size());
  adl::stage<adl::largest_profit, dec> st{book, scratch};
  st.set_refresh(adl::refresh::touched_only);
  CHECK(st.ranked_queue().mode() == adl::refresh::touched_only);
  ledger_buffer<dec, 16> lb;
  auto& l = lb.ledger();
  const loss_event<dec> e1{50, 1, money{30.0_dec}, 0, side::long_, quantity{6.0_dec}, price{100.0_dec}, price{95.0_dec}};
  REQUIRE(st.absorb(e1, money{30.0_dec}, l));
  CHECK(l.paid_by(party::counterparty(1)) == money{25.0_dec});
  CHECK(l.paid_by(party::counterparty(3)) == money{5.0_dec});
  // id 3 (4 left @105, profit 40 at 95) gets a bigger position outside the stage: reported
  const adl::holder<dec> before = book[2];
  book[2].pos.size = quantity{8.0_dec};
  REQUIRE(st.update(2, before));
  const loss_event<dec> e2{51, 1, money{10.0_dec}, 0, side::long_, quantity{2.0_dec}, price{100.0_dec}, price{95.0_dec}};
  REQUIRE(st.absorb(e2, money{10.0_dec}, l));
  CHECK(l.paid_by(party::counterparty(3)) == money{15.0_dec});
  CHECK(book[2].pos.size == quantity{6.0_dec});
  CHECK(st.ranked_queue().scorings() == 1);
}

TEST_CASE("persistent queue: pin() ranks at a fixed mark whatever the event's mark") {
  auto v = adl_test::book<dec>(12, 300, side::short_, 1000);
  auto w = v;
  std::vector<adl::queue_entry<dec>> bv(v.size()), bw(w.size());
  adl::queue<adl::bitmex_ranking, dec> qv{v, bv, adl::bitmex_ranking{}, adl::refresh::touched_only};
  adl::queue<adl::bitmex_ranking, dec> qw{w, bw, adl::bitmex_ranking{}, adl::refresh::every_event};
  qv.pin(price{1000.0_dec});
  qw.pin(price{1000.0_dec});
  std::vector<transfer<dec>> sv(64), sw(64);
  for (int k = 0; k < 30; ++k) {
    const dec mark = from_int<dec>(1000 - k);  // the mark moves; the ranking stays at 1000
    const loss_event<dec> ev{7000u + static_cast<account_id>(k), 1, money{20.0_dec}, 0, side::long_, quantity{2.0_dec},
                             price{mark + 10.0_dec}, price{mark}};
    ledger<dec> lv{std::span<transfer<dec>>(sv)}, lw{std::span<transfer<dec>>(sw)};
    const auto a = adl::execute(qv, std::span(v), ev, money{20.0_dec}, {}, lv);
    const auto b = adl::execute(qw, std::span(w), ev, money{20.0_dec}, {}, lw);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->covered == b->covered);
    REQUIRE(lv.size() == lw.size());
    for (std::size_t i = 0; i < lv.size(); ++i) CHECK(lv.entries()[i] == lw.entries()[i]);
    CHECK(v == w);
  }
  CHECK(qv.scorings() == 1);
  CHECK(qv.ranked_at() == price{1000.0_dec});
  CHECK(qw.scorings() == 30);
  qv.unpin();
  REQUIRE(qv.rank(side::short_, price{990.0_dec}));
  CHECK(qv.scorings() == 2);
  CHECK(qv.ranked_at() == price{990.0_dec});
}

TEST_CASE("persistent queue: on_close reports every close, in ledger order") {
  auto v = adl_test::book<dec>(13, 200, side::short_, 1000);
  const auto before = v;
  std::vector<adl::queue_entry<dec>> buf(v.size());
  adl::queue<adl::bitmex_ranking, dec> q{v, buf, adl::bitmex_ranking{}, adl::refresh::touched_only};
  ledger_buffer<dec, 256> lb;
  std::vector<std::size_t> idx;
  quantity<dec> closed{};
  money<dec> paid{};
  const loss_event<dec> ev{1, 1, money{400.0_dec}, 0, side::long_, quantity{40.0_dec}, price{1010.0_dec}, price{1000.0_dec}};
  const auto rep = adl::execute(q, std::span(v), ev, money{400.0_dec}, {}, lb.ledger(),
                                [&](std::size_t i, quantity<dec> c, money<dec> t) {
                                  idx.push_back(i);
                                  closed += c;
                                  paid += t;
                                  CHECK(before[i].pos.size - v[i].pos.size == c);
                                });
  REQUIRE(rep);
  CHECK(idx.size() == rep->counterparties);
  CHECK(closed == rep->closed);
  CHECK(paid == rep->covered);
  REQUIRE(lb.ledger().size() == idx.size());
  for (std::size_t k = 0; k < idx.size(); ++k) CHECK(lb.ledger().entries()[k].from == party::counterparty(v[idx[k]].id));
}
