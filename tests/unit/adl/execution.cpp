// Tests for solvency/adl/execution.hpp: the money flow on hand-computed
// books (bankruptcy price, mark, previous mark), partial needs, remainders,
// skips, pro rata, atomicity on errors, bad input, and conservation of money
// and quantity over generated books.
#include <solvency/adl/execution.hpp>
#include <solvency/adl/rankings.hpp>

#include "support.hpp"

#include <limits>
#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

namespace {
// A bankrupt long of 10 @ bankruptcy 100, mark 95: each unit closed at 100
// instead of 95 moves 5 from a short counterparty to the loss; deficit 50.
constexpr loss_event<dec> long_event(account_id trader = 77) {
  return {trader, 1, money{50.0_dec}, 0, side::long_, quantity{10.0_dec}, price{100.0_dec}, price{95.0_dec}};
}

// The shorts (mark 95), BitMEX scores by hand:
//   id 1: 4 @120, wallet 100: pnl 100, equity 200, 100*380/(480*200) = 0.3958
//   id 2: 3 @110, wallet 10:  pnl 45,  equity 55,  45*285/(330*55)   = 0.7066
//   id 3: 5 @100, wallet 50:  pnl 25,  equity 75,  25*475/(500*75)   = 0.3167
//   id 4: 6 @96,  wallet 1000: pnl 6, equity 1006                     ~ 0.0006
// Order: 2, 1, 3, 4. A long (id 9) is on the bankrupt side and is ignored.
std::vector<adl::holder<dec>> shorts() {
  return {linear_holder<dec>(1, side::short_, 4.0_dec, 120.0_dec, 100.0_dec),
          linear_holder<dec>(2, side::short_, 3.0_dec, 110.0_dec, 10.0_dec),
          linear_holder<dec>(3, side::short_, 5.0_dec, 100.0_dec, 50.0_dec),
          linear_holder<dec>(4, side::short_, 6.0_dec, 96.0_dec, 1000.0_dec),
          linear_holder<dec>(9, side::long_, 6.0_dec, 96.0_dec, 1000.0_dec)};
}

template <class R, class N>
struct rig {
  std::vector<adl::holder<N>> h;
  std::vector<adl::queue_entry<adl::score_t<R, N>>> buf;
  adl::queue<R, N> q;
  explicit rig(std::vector<adl::holder<N>> v, R r = {}) : h(std::move(v)), buf(h.size()), q(h, buf, r) {}
};

money<dec> paid_by(const ledger<dec>& l, account_id id) { return l.paid_by(party::counterparty(id)); }
}  // namespace

TEST_CASE("execute: bankruptcy price, whole deficit (BitMEX / Binance / Bybit rule)") {
  rig<adl::bitmex_ranking, dec> r{shorts()};
  ledger_buffer<dec, 16> lb;
  auto& l = lb.ledger();
  const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec}, {}, l);
  REQUIRE(rep);
  CHECK(rep->covered == money{50.0_dec});
  CHECK(rep->uncovered == money<dec>{});
  CHECK(rep->needed == quantity{10.0_dec});
  CHECK(rep->closed == quantity{10.0_dec});
  CHECK(rep->unfilled == quantity<dec>{});
  CHECK(rep->counterparties == 3);
  CHECK(rep->at == price{100.0_dec});
  // id 2 closes 3 (15), id 1 closes 4 (20), id 3 closes 3 (15)
  CHECK(paid_by(l, 2) == money{15.0_dec});
  CHECK(paid_by(l, 1) == money{20.0_dec});
  CHECK(paid_by(l, 3) == money{15.0_dec});
  CHECK(paid_by(l, 4) == money<dec>{});
  CHECK(l.paid_to(party::loss(77)) == money{50.0_dec});
  CHECK(l.total(transfer_reason::adl) == money{50.0_dec});
  REQUIRE(l.size() == 3);
  CHECK(l.entries()[0].from == party::counterparty(2));  // rank order
  // holders: sizes fall, equity at the mark falls by exactly the transfer
  CHECK(r.h[1].pos.size == quantity<dec>{});
  CHECK(r.h[1].wallet_balance == money{40.0_dec});  // 10 + 45 realised - 15
  CHECK(r.h[0].pos.size == quantity<dec>{});
  CHECK(r.h[0].wallet_balance == money{180.0_dec});  // 100 + 100 - 20
  CHECK(r.h[2].pos.size == quantity{2.0_dec});
  CHECK(r.h[2].wallet_balance == money{50.0_dec});  // 50 + 15 - 15
  CHECK(adl::equity<round::down>(r.h[2], price{95.0_dec}) == money{60.0_dec});  // 75 - 15
  CHECK(r.h[3].pos.size == quantity{6.0_dec});
  CHECK(r.h[4].pos.size == quantity{6.0_dec});
}

TEST_CASE("execute: partial outstanding closes only the quantity needed") {
  rig<adl::bitmex_ranking, dec> r{shorts()};
  ledger_buffer<dec, 16> lb;
  // the fund paid 20: 30 outstanding needs ceil(30 / 5) = 6 units
  const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{30.0_dec}, {}, lb.ledger());
  REQUIRE(rep);
  CHECK(rep->covered == money{30.0_dec});
  CHECK(rep->needed == quantity{6.0_dec});
  CHECK(rep->closed == quantity{6.0_dec});
  CHECK(r.h[1].pos.size == quantity<dec>{});
  CHECK(r.h[0].pos.size == quantity{1.0_dec});
  // 32 outstanding, no lot: 6.4 units; id 1 closes 3.4 and pays 17
  {
    rig<adl::bitmex_ranking, dec> r1{shorts()};
    ledger_buffer<dec, 16> lb1;
    const auto rep1 = adl::execute(r1.q, std::span(r1.h), long_event(), money{32.0_dec}, {}, lb1.ledger());
    REQUIRE(rep1);
    CHECK(rep1->closed == quantity{6.4_dec});
    CHECK(r1.h[0].pos.size == quantity{0.6_dec});
    CHECK(r1.h[0].wallet_balance == money{168.0_dec});  // 100 + (100 - 15) realised - 17
  }
  // 32 outstanding, lot 1: 7 units (35 of give-up); the last counterparty keeps 3
  rig<adl::bitmex_ranking, dec> r2{shorts()};
  ledger_buffer<dec, 16> lb2;
  const auto rep2 = adl::execute(r2.q, std::span(r2.h), long_event(), money{32.0_dec},
                                 {adl::price_rule::bankruptcy, {}, quantity{1.0_dec}}, lb2.ledger());
  REQUIRE(rep2);
  CHECK(rep2->covered == money{32.0_dec});
  CHECK(rep2->closed == quantity{7.0_dec});
  CHECK(paid_by(lb2.ledger(), 1) == money{17.0_dec});  // 4 units = 20 of give-up, 17 needed
  CHECK(r2.h[0].wallet_balance == money{183.0_dec});   // 100 + 100 - 17: keeps 3
}

TEST_CASE("execute: more outstanding than ADL can cover, too little opposing quantity, empty queue") {
  {
    rig<adl::bitmex_ranking, dec> r{shorts()};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{52.0_dec}, {}, lb.ledger());
    REQUIRE(rep);
    CHECK(rep->covered == money{50.0_dec});
    CHECK(rep->uncovered == money{2.0_dec});
    CHECK(rep->closed == quantity{10.0_dec});
  }
  {
    rig<adl::bitmex_ranking, dec> r{{linear_holder<dec>(2, side::short_, 3.0_dec, 110.0_dec, 10.0_dec)}};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec}, {}, lb.ledger());
    REQUIRE(rep);
    CHECK(rep->covered == money{15.0_dec});
    CHECK(rep->uncovered == money{35.0_dec});
    CHECK(rep->closed == quantity{3.0_dec});
    CHECK(rep->unfilled == quantity{7.0_dec});
    CHECK(rep->status == errc{});
  }
  {
    rig<adl::bitmex_ranking, dec> r{{linear_holder<dec>(9, side::long_, 3.0_dec, 110.0_dec, 10.0_dec)}};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec}, {}, lb.ledger());
    REQUIRE(rep);
    CHECK(rep->status == errc::empty_queue);
    CHECK(rep->covered == money<dec>{});
    CHECK(rep->uncovered == money{50.0_dec});
    CHECK(rep->unfilled == quantity{10.0_dec});
    CHECK(lb.ledger().empty());
  }
  {
    // nothing outstanding: nothing happens
    rig<adl::bitmex_ranking, dec> r{shorts()};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money<dec>{}, {}, lb.ledger());
    REQUIRE(rep);
    CHECK(rep->closed == quantity<dec>{});
    CHECK(r.h == shorts());
  }
}

TEST_CASE("execute: a counterparty the close would make bankrupt is skipped (dYdX)") {
  auto v = shorts();
  // id 5: 5 @99, wallet 1: pnl 20, equity 21, BitMEX score 20*475/(495*21) = 0.914, first;
  // closing 5 at 100 costs 25 > 21: skipped whole.
  v.push_back(linear_holder<dec>(5, side::short_, 5.0_dec, 99.0_dec, 1.0_dec));
  rig<adl::bitmex_ranking, dec> r{v};
  ledger_buffer<dec, 16> lb;
  const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec}, {}, lb.ledger());
  REQUIRE(rep);
  CHECK(rep->skipped == 1);
  CHECK(rep->covered == money{50.0_dec});
  CHECK(paid_by(lb.ledger(), 5) == money<dec>{});
  CHECK(r.h[5].pos.size == quantity{5.0_dec});
  // dydx_random scores bankrupt holders too; execution skips them the same way
  auto d = shorts();
  d.push_back(linear_holder<dec>(6, side::short_, 2.0_dec, 90.0_dec, 1.0_dec));  // equity 1 - 10 < 0
  rig<adl::dydx_random, dec> rd{d, adl::dydx_random{3}};
  ledger_buffer<dec, 16> lbd;
  const auto repd = adl::execute(rd.q, std::span(rd.h), long_event(), money{50.0_dec}, {}, lbd.ledger());
  REQUIRE(repd);
  CHECK(repd->covered == money{50.0_dec});
  CHECK(paid_by(lbd.ledger(), 6) == money<dec>{});
}

TEST_CASE("execute: at the mark (OKX) closes the size and covers nothing; previous mark (Hyperliquid)") {
  {
    rig<adl::okx_ranking, dec> r{shorts()};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec},
                                  adl::default_execution_price<adl::okx_ranking, dec>(), lb.ledger());
    REQUIRE(rep);
    CHECK(rep->at == price{95.0_dec});
    CHECK(rep->covered == money<dec>{});
    CHECK(rep->closed == quantity{10.0_dec});
    CHECK(lb.ledger().empty());
    // equity unchanged: realised at the mark
    CHECK(adl::equity<round::down>(r.h[1], price{95.0_dec}) == money{55.0_dec});
  }
  {
    rig<adl::hyperliquid_ranking, dec> r{shorts()};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec},
                                  adl::default_execution_price<adl::hyperliquid_ranking, dec>(price{97.0_dec}), lb.ledger());
    REQUIRE(rep);
    CHECK(rep->at == price{97.0_dec});
    CHECK(rep->covered == money{20.0_dec});  // 10 units x (97 - 95)
    CHECK(rep->closed == quantity{10.0_dec});
    CHECK(rep->uncovered == money{30.0_dec});
  }
  {
    // a previous mark beyond the mark in the counterparties' favour: clamped
    rig<adl::hyperliquid_ranking, dec> r{shorts()};
    ledger_buffer<dec, 16> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec},
                                  {adl::price_rule::previous_mark, price{94.0_dec}}, lb.ledger());
    REQUIRE(rep);
    CHECK(rep->at == price{95.0_dec});
    CHECK(rep->covered == money<dec>{});
  }
}

TEST_CASE("execute: a bankrupt short against longs, inverse contracts") {
  // Bankrupt short 1000 USD face, bankruptcy 10,000, mark 10,500 (the price
  // rose). Longs closed at 10,000 instead of 10,500 give up per contract
  // 1/10,000 - 1/10,500 = 0.0000047619 XBT.
  std::vector<adl::holder<dec>> v{adl_test::inverse_holder<dec>(1, side::long_, 600.0_dec, 9000.0_dec, 0.05_dec),
                                  adl_test::inverse_holder<dec>(2, side::long_, 600.0_dec, 9500.0_dec, 0.05_dec)};
  rig<adl::bitmex_ranking, dec> r{v};
  ledger_buffer<dec, 16> lb;
  const loss_event<dec> ev{5, 1, money{0.00476190_dec}, 0, side::short_, quantity{1000.0_dec}, price{10000.0_dec},
                           price{10500.0_dec}};
  const auto rep = adl::execute(r.q, std::span(r.h), ev, ev.deficit, {}, lb.ledger());
  REQUIRE(rep);
  CHECK(rep->closed == quantity{1000.0_dec});
  CHECK(rep->covered == ev.deficit);
  CHECK(lb.ledger().paid_to(party::loss(5)) == ev.deficit);
  CHECK(r.h[0].pos.size + r.h[1].pos.size == quantity{200.0_dec});
  const double per = 1.0 / 10000 - 1.0 / 10500;
  CHECK(std::abs(to_double(rep->covered.value()) - 1000 * per) < 1e-8);
}

TEST_CASE("execute: pro rata shares the quantity by size") {
  // all four shorts are winners at 95: sizes 4, 3, 5, 6 (18); 10 needed
  auto v = shorts();
  v.pop_back();
  rig<adl::pro_rata, dec> r{v};
  ledger_buffer<dec, 16> lb;
  const auto rep = adl::execute(r.q, std::span(r.h), long_event(), money{50.0_dec}, {}, lb.ledger());
  REQUIRE(rep);
  CHECK(rep->closed == quantity{10.0_dec});
  CHECK(rep->counterparties == 4);
  const dec sizes[] = {4.0_dec, 3.0_dec, 5.0_dec, 6.0_dec};
  for (std::size_t i = 0; i < 4; ++i) {
    const double took = to_double((quantity{sizes[i]} - r.h[i].pos.size).value());
    CHECK(std::abs(took - 10.0 * to_double(sizes[i]) / 18.0) < 1e-7);
  }
  CHECK(std::abs(to_double(rep->covered.value()) - 50.0) < 1e-6);
  CHECK(lb.ledger().paid_to(party::loss(77)) == rep->covered);
  CHECK(lb.ledger().size() == 4);
}

TEST_CASE("execute: errors change nothing") {
  const auto ev = long_event();
  {
    rig<adl::bitmex_ranking, dec> r{shorts()};
    ledger_buffer<dec, 2> lb;  // three transfers needed
    REQUIRE(lb.ledger().record({party::insurance_fund(0), party::loss(1), money{1.0_dec}, transfer_reason::fund_draw}));
    const auto rep = adl::execute(r.q, std::span(r.h), ev, money{50.0_dec}, {}, lb.ledger());
    CHECK(rep.error() == errc::ledger_full);
    CHECK(lb.ledger().size() == 1);
    CHECK(r.h == shorts());
  }
  rig<adl::bitmex_ranking, dec> r{shorts()};
  ledger_buffer<dec, 16> lb;
  auto& l = lb.ledger();
  auto e = ev;
  e.size = quantity<dec>{};
  CHECK(adl::execute(r.q, std::span(r.h), e, money{50.0_dec}, {}, l).error() == errc::non_positive_quantity);
  e = ev;
  e.bankruptcy = price<dec>{};
  CHECK(adl::execute(r.q, std::span(r.h), e, money{50.0_dec}, {}, l).error() == errc::non_positive_price);
  e = ev;
  e.mark = price{-1.0_dec};
  CHECK(adl::execute(r.q, std::span(r.h), e, money{50.0_dec}, {}, l).error() == errc::non_positive_price);
  e = ev;
  e.bankrupt_side = static_cast<side>(3);
  CHECK(adl::execute(r.q, std::span(r.h), e, money{50.0_dec}, {}, l).error() == errc::invalid_argument);
  CHECK(adl::execute(r.q, std::span(r.h), ev, money{-1.0_dec}, {}, l).error() == errc::negative_amount);
  CHECK(adl::execute(r.q, std::span(r.h), ev, money{dec::error_value(errc::overflow)}, {}, l).error() == errc::overflow);
  CHECK(adl::execute(r.q, std::span(r.h), ev, money{50.0_dec}, {adl::price_rule::previous_mark, {}}, l).error() ==
        errc::invalid_argument);
  CHECK(adl::execute(r.q, std::span(r.h), ev, money{50.0_dec}, {static_cast<adl::price_rule>(9), {}}, l).error() ==
        errc::invalid_argument);
  CHECK(adl::execute(r.q, std::span(r.h), ev, money{50.0_dec}, {adl::price_rule::bankruptcy, {}, quantity{-1.0_dec}}, l)
            .error() == errc::non_positive_quantity);
  auto other = shorts();
  CHECK(adl::execute(r.q, std::span(other), ev, money{50.0_dec}, {}, l).error() == errc::size_mismatch);
  // a counterparty on another contract
  r.h[0].pos.spec.multiplier = 2.0_dec;
  r.q.invalidate();
  CHECK(adl::execute(r.q, std::span(r.h), ev, money{50.0_dec}, {}, l).error() == errc::invalid_argument);
  CHECK(l.empty());
  // NaN doubles
  std::vector<adl::holder<double>> hd{linear_holder<double>(1, side::short_, 2.0, 110.0, 50.0)};
  std::vector<adl::queue_entry<double>> bd(1);
  adl::queue<adl::bitmex_ranking, double> qd{hd, bd};
  ledger_buffer<double, 4> ld;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  loss_event<double> evd{1, 1, money{5.0}, 0, side::long_, quantity{1.0}, price{100.0}, price{nan}};
  CHECK(adl::execute(qd, std::span(hd), evd, money{5.0}, {}, ld.ledger()).error() == errc::not_a_number);
  evd.mark = price{95.0};
  CHECK(adl::execute(qd, std::span(hd), evd, money{std::numeric_limits<double>::infinity()}, {}, ld.ledger()).error() ==
        errc::infinite);
  hd[0].other_pnl = money{nan};
  qd.invalidate();
  CHECK(adl::execute(qd, std::span(hd), evd, money{5.0}, {}, ld.ledger()).error() == errc::not_a_number);
}

TEST_CASE("execute: conservation over generated books (money exact in dec, quantity, OI)") {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    solvency_test::rng g{seed * 31};
    const side bankrupt = (seed & 1) ? side::long_ : side::short_;
    auto book = adl_test::book<dec>(seed, 80, opposite(bankrupt), 1000);
    const auto before = book;
    rig<adl::bitmex_ranking, dec> r{book};
    const std::int64_t size = 1 + static_cast<std::int64_t>(g.below(400));
    const dec bp = from_int<dec>(900 + static_cast<std::int64_t>(g.below(200)));
    const dec gap = from_int<dec>(1 + static_cast<std::int64_t>(g.below(30)));
    const dec mark = bankrupt == side::long_ ? bp - gap : bp + gap;
    const money<dec> deficit{mul<round::up>(from_int<dec>(size), gap)};
    const money<dec> outstanding{div<round::down>(mul<round::down>(deficit.value(), from_int<dec>(static_cast<std::int64_t>(20 + g.below(81)))), from_int<dec>(100))};
    const loss_event<dec> ev{999, 1, deficit, 0, bankrupt, quantity{from_int<dec>(size)}, price{bp}, price{mark}};
    ledger_buffer<dec, 256> lb;
    const auto rep = adl::execute(r.q, std::span(r.h), ev, outstanding, {}, lb.ledger());
    REQUIRE(rep);
    const auto& l = lb.ledger();
    CHECK(l.paid_to(party::loss(999)) == rep->covered);
    CHECK(rep->covered + rep->uncovered == outstanding);
    CHECK_FALSE(outstanding < rep->covered);
    quantity<dec> reduced{};
    for (std::size_t i = 0; i < book.size(); ++i) {
      const quantity<dec> took = before[i].pos.size - r.h[i].pos.size;
      CHECK_FALSE(took < quantity<dec>{});
      reduced += took;
      const money<dec> paid = l.paid_by(party::counterparty(r.h[i].id));
      const money<dec> eq0 = adl::equity<round::down>(before[i], price{mark});
      const money<dec> eq1 = adl::equity<round::down>(r.h[i], price{mark});
      CHECK(eq0 - eq1 == paid);                                          // exact
      CHECK_FALSE(paid > adl::give_up(before[i].pos, took, price{bp}, price{mark}));  // never more than its give-up
      if (took.value() > dec{}) CHECK_FALSE(eq1 < money<dec>{});         // never made bankrupt
    }
    CHECK(reduced == rep->closed);  // long OI and short OI fall by the same quantity
    CHECK(rep->closed + rep->unfilled == rep->needed);
    CHECK_FALSE(ev.size < rep->closed);
  }
}
