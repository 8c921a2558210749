// Tests for solvency/adl/stage.hpp: the WaterfallStage contract (returns
// what it covered, transfers to loss(trader) sum to it exactly, state kept on
// error), Bybit's published "users must subsidize 50K" (venues.md 5, BY-ADL1),
// one stage serving both sides, successive events, the venue price rules.
#include <solvency/adl/stage.hpp>

#include "support.hpp"

#include <array>
#include <utility>
#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

static_assert(WaterfallStage<adl::stage<adl::bitmex_ranking, dec>, dec>);
static_assert(WaterfallStage<adl::stage<adl::binance_ranking, double>, double>);
static_assert(WaterfallStage<adl::stage<adl::okx_ranking, dec>, dec>);
static_assert(WaterfallStage<adl::stage<adl::hyperliquid_ranking, dec>, dec>);
static_assert(WaterfallStage<adl::stage<adl::dydx_random, dec>, dec>);
static_assert(WaterfallStage<adl::stage<adl::pro_rata, dec>, dec>);

namespace {
// BY-ADL1 in a constant expression: what the stage covers of the 50K, and
// what the first counterparty pays (see the test case below).
constexpr std::pair<money<dec>, money<dec>> by_adl1() {
  std::array<adl::holder<dec>, 3> book{linear_holder<dec>(11, side::short_, 40.0_dec, 31000.0_dec, 200000.0_dec),
                                       linear_holder<dec>(12, side::short_, 30.0_dec, 30500.0_dec, 40000.0_dec),
                                       linear_holder<dec>(13, side::short_, 50.0_dec, 29000.0_dec, 900000.0_dec)};
  std::array<adl::stage<adl::bitmex_ranking, dec>::entry, 3> scratch{};
  adl::stage<adl::bitmex_ranking, dec> st{book, scratch};
  ledger_buffer<dec, 8> lb;
  const loss_event<dec> ev{7, 1, money{350000.0_dec}, 0, side::long_, quantity{100.0_dec}, price{30000.0_dec},
                           price{26500.0_dec}};
  const auto c = st.absorb(ev, money{50000.0_dec}, lb.ledger());
  return {c.value_or(money<dec>{}), lb.ledger().paid_by(party::counterparty(12))};
}
}  // namespace

TEST_CASE("stage: BY-ADL1 at compile time") {
  SOLVENCY_CHECK_CONSTEXPR(by_adl1().first == money{50000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(by_adl1().second == money{50000.0_dec});
}

TEST_CASE("stage: Bybit BY-ADL1, the 50K the fund cannot pay is covered by ADL") {
  // venues.md 5, BY-ADL1: symbol A loses 350K against a pool whose 8h max
  // balance is 1M; the fund pays down to the -30% drawdown (300K) and "users
  // must subsidize 50K". A bankrupt long of 100 @ bankruptcy 30,000, mark
  // 26,500: 100 x 3,500 = 350K of deficit.
  std::vector<adl::holder<dec>> book{
      linear_holder<dec>(11, side::short_, 40.0_dec, 31000.0_dec, 200000.0_dec),
      linear_holder<dec>(12, side::short_, 30.0_dec, 30500.0_dec, 40000.0_dec),
      linear_holder<dec>(13, side::short_, 50.0_dec, 29000.0_dec, 900000.0_dec),
      linear_holder<dec>(14, side::long_, 50.0_dec, 25000.0_dec, 900000.0_dec)};
  std::vector<adl::stage<adl::bitmex_ranking, dec>::entry> scratch(book.size());
  adl::stage<adl::bitmex_ranking, dec> st{book, scratch};
  ledger_buffer<dec, 16> lb;
  auto& l = lb.ledger();
  const loss_event<dec> ev{7, 1, money{350000.0_dec}, 0, side::long_, quantity{100.0_dec}, price{30000.0_dec},
                           price{26500.0_dec}};
  REQUIRE(l.record({party::insurance_fund(1), party::loss(7), money{300000.0_dec}, transfer_reason::fund_draw}));
  const auto covered = st.absorb(ev, money{50000.0_dec}, l);
  REQUIRE(covered);
  CHECK(*covered == money{50000.0_dec});
  CHECK(l.paid_to(party::loss(7)) == money{350000.0_dec});
  CHECK(l.total(transfer_reason::adl) == money{50000.0_dec});
  // 50,000 / 3,500 = 14.28571429 contracts (rounded up), from the top of the queue
  CHECK(st.last_report().closed == quantity{14.28571429_dec});
  // id 12 ranks first (highest PnL% x leverage): it alone covers it
  CHECK(l.paid_by(party::counterparty(12)) == money{50000.0_dec});
  CHECK(book[1].pos.size == quantity{30.0_dec} - quantity{14.28571429_dec});
  CHECK(book[3].pos.size == quantity{50.0_dec});  // the bankrupt side is not touched
}

TEST_CASE("stage: one stage serves both sides and successive events") {
  std::vector<adl::holder<dec>> book{linear_holder<dec>(1, side::short_, 5.0_dec, 110.0_dec, 100.0_dec),
                                     linear_holder<dec>(2, side::long_, 5.0_dec, 80.0_dec, 100.0_dec),
                                     linear_holder<dec>(3, side::short_, 5.0_dec, 105.0_dec, 100.0_dec)};
  std::vector<adl::stage<adl::largest_profit, dec>::entry> scratch(book.size());
  adl::stage<adl::largest_profit, dec> st{book, scratch};
  ledger_buffer<dec, 16> lb;
  auto& l = lb.ledger();
  // a bankrupt long: shorts pay. Largest profit at 95: id 1 (75), then id 3 (50).
  const loss_event<dec> e1{50, 1, money{30.0_dec}, 0, side::long_, quantity{6.0_dec}, price{100.0_dec}, price{95.0_dec}};
  REQUIRE(st.absorb(e1, money{30.0_dec}, l));
  CHECK(l.paid_by(party::counterparty(1)) == money{25.0_dec});
  CHECK(l.paid_by(party::counterparty(3)) == money{5.0_dec});
  CHECK(book[0].pos.size == quantity<dec>{});
  CHECK(book[2].pos.size == quantity{4.0_dec});
  // a second bankrupt long at the same mark: the stage rescored the changed holders
  const loss_event<dec> e2{51, 1, money{10.0_dec}, 0, side::long_, quantity{2.0_dec}, price{100.0_dec}, price{95.0_dec}};
  REQUIRE(st.absorb(e2, money{10.0_dec}, l));
  CHECK(l.paid_by(party::counterparty(3)) == money{15.0_dec});
  CHECK(book[2].pos.size == quantity{2.0_dec});
  // a bankrupt short: the long pays (bankruptcy 90, mark 95)
  const loss_event<dec> e3{52, 1, money{10.0_dec}, 0, side::short_, quantity{2.0_dec}, price{90.0_dec}, price{95.0_dec}};
  const auto c3 = st.absorb(e3, money{10.0_dec}, l);
  REQUIRE(c3);
  CHECK(*c3 == money{10.0_dec});
  CHECK(l.paid_by(party::counterparty(2)) == money{10.0_dec});
  CHECK(l.paid_to(party::loss(52)) == money{10.0_dec});
  // not enough quantity left on the short side: the remainder is reported
  const loss_event<dec> e4{53, 1, money{50.0_dec}, 0, side::long_, quantity{10.0_dec}, price{100.0_dec}, price{95.0_dec}};
  const auto c4 = st.absorb(e4, money{50.0_dec}, l);
  REQUIRE(c4);
  CHECK(*c4 == money{10.0_dec});
  CHECK(st.last_report().unfilled == quantity{8.0_dec});
  CHECK(st.last_report().uncovered == money{40.0_dec});
  // and then the side is empty: nothing covered, status empty_queue, not an error
  const auto c5 = st.absorb(e4, money{50.0_dec}, l);
  REQUIRE(c5);
  CHECK(*c5 == money<dec>{});
  CHECK(st.last_report().status == errc::empty_queue);
}

TEST_CASE("stage: venue price rules, and errors keep the state") {
  std::vector<adl::holder<dec>> book{linear_holder<dec>(1, side::short_, 5.0_dec, 110.0_dec, 100.0_dec)};
  std::vector<adl::stage<adl::hyperliquid_ranking, dec>::entry> scratch(book.size());
  adl::stage<adl::hyperliquid_ranking, dec> st{book, scratch};
  CHECK(st.execution().rule == adl::price_rule::previous_mark);
  ledger_buffer<dec, 16> lb;
  auto& l = lb.ledger();
  const loss_event<dec> ev{50, 1, money{30.0_dec}, 0, side::long_, quantity{3.0_dec}, price{100.0_dec}, price{95.0_dec}};
  // no previous mark yet: an error, nothing changes
  CHECK(st.absorb(ev, money{30.0_dec}, l).error() == errc::invalid_argument);
  CHECK(l.empty());
  CHECK(book[0].pos.size == quantity{5.0_dec});
  st.set_previous_mark(price{97.0_dec});
  const auto c = st.absorb(ev, money{30.0_dec}, l);
  REQUIRE(c);
  CHECK(*c == money{6.0_dec});  // 3 x (97 - 95)
  CHECK(l.paid_to(party::loss(50)) == money{6.0_dec});
  // scratch too small
  std::vector<adl::stage<adl::hyperliquid_ranking, dec>::entry> none;
  adl::stage<adl::hyperliquid_ranking, dec> bad{book, none, {}, {adl::price_rule::previous_mark, price{97.0_dec}, {}}};
  CHECK(bad.absorb(ev, money{30.0_dec}, l).error() == errc::size_mismatch);
}
