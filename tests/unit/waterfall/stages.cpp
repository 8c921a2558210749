// Tests for solvency/waterfall/stages.hpp: trader_margin, fee_pool,
// house_capital (full and partial cover, floors, state after an error) and
// their bad input, case by case; once at compile time, once at run time.
#include <solvency/waterfall/stages.hpp>

#include "check.hpp"

#include <limits>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {

constexpr dec d100 = 100.0_dec;
constexpr dec d30 = 30.0_dec;
constexpr dec d70 = 70.0_dec;
constexpr dec d20 = 20.0_dec;

constexpr loss_event<dec> ev7{.trader = 7, .market = 1, .deficit = money{d100}};

template <class Stage>
constexpr bool covers(Stage s, dec outstanding, dec expect_a, party payer, transfer_reason why) {
  ledger_buffer<dec, 4> buf;
  auto& l = buf.ledger();
  const auto r = s.absorb(ev7, money{outstanding}, l);
  if (!r || *r != money{expect_a}) return false;
  if (expect_a == dec{}) return l.empty();
  return l.size() == 1 && l.entries()[0] == transfer<dec>{payer, party::loss(7), money{expect_a}, why};
}

constexpr bool margin_reduces() {
  trader_margin<dec> m{money{d30}};
  ledger_buffer<dec, 4> buf;
  auto r1 = m.absorb(ev7, money{d20}, buf.ledger());   // pays 20, 10 left
  auto r2 = m.absorb(ev7, money{d100}, buf.ledger());  // pays the last 10
  auto r3 = m.absorb(ev7, money{d100}, buf.ledger());  // nothing left
  return r1 && *r1 == money{d20} && r2 && *r2 == money{10.0_dec} && r3 && *r3 == money<dec>{} &&
         m.available == money<dec>{} && buf.ledger().paid_to(party::loss(7)) == money{d30};
}

constexpr bool fee_pool_floor() {
  fee_pool<dec> p{.id = 3, .balance = money{d100}, .floor = money{d30}};
  ledger_buffer<dec, 4> buf;
  auto r = p.absorb(ev7, money{d100}, buf.ledger());
  return r && *r == money{d70} && p.balance == money{d30} && buf.ledger().paid_by(party::fee_pool(3)) == money{d70};
}

constexpr bool fee_pool_negative_floor() {
  // a negative floor lets the pool go into debt down to it
  fee_pool<dec> p{.id = 3, .balance = money{d20}, .floor = money{-d30}};
  ledger_buffer<dec, 4> buf;
  auto r = p.absorb(ev7, money{d100}, buf.ledger());
  return r && *r == money{50.0_dec} && p.balance == money{-d30};
}

}  // namespace

TEST_CASE("trader_margin pays what the trader has left") {
  SOLVENCY_CHECK_CONSTEXPR(covers(trader_margin<dec>{money{d30}}, d100, d30, party::trader(7), transfer_reason::margin));
  SOLVENCY_CHECK_CONSTEXPR(covers(trader_margin<dec>{money{d100}}, d20, d20, party::trader(7), transfer_reason::margin));
  SOLVENCY_CHECK_CONSTEXPR(covers(trader_margin<dec>{}, d20, dec{}, party::trader(7), transfer_reason::margin));
  SOLVENCY_CHECK_CONSTEXPR(covers(trader_margin<dec>{money{d30}}, dec{}, dec{}, party::trader(7), transfer_reason::margin));
  SOLVENCY_CHECK_CONSTEXPR(margin_reduces());
}

TEST_CASE("fee_pool pays down to its floor") {
  SOLVENCY_CHECK_CONSTEXPR(covers(fee_pool<dec>{.id = 2, .balance = money{d30}}, d100, d30, party::fee_pool(2),
                                  transfer_reason::fee_pool_draw));
  SOLVENCY_CHECK_CONSTEXPR(fee_pool_floor());
  SOLVENCY_CHECK_CONSTEXPR(fee_pool_negative_floor());
  // a balance below a positive floor pays nothing (not an error)
  SOLVENCY_CHECK_CONSTEXPR(covers(fee_pool<dec>{.id = 2, .balance = money{d20}, .floor = money{d30}}, d100, dec{},
                                  party::fee_pool(2), transfer_reason::fee_pool_draw));
}

TEST_CASE("house_capital pays its tranche once") {
  SOLVENCY_CHECK_CONSTEXPR(covers(house_capital<dec>{.id = 1, .balance = money{d70}}, d100, d70,
                                  party::clearing_house(1), transfer_reason::house_capital));
  house_capital<double> h{.id = 1, .balance = money{70.0}};
  ledger_buffer<double, 2> buf;
  auto r = h.absorb(loss_event<double>{.trader = 7}, money{30.0}, buf.ledger());
  REQUIRE(r);
  CHECK(*r == money{30.0});
  CHECK(h.balance == money{40.0});
}

TEST_CASE("bad input: each stage refuses and changes nothing") {
  ledger_buffer<dec, 1> buf;
  auto& l = buf.ledger();
  SUBCASE("negative outstanding") {
    trader_margin<dec> m{money{d30}};
    CHECK(m.absorb(ev7, money{-d20}, l) == failure{errc::negative_amount});
    CHECK(m.available == money{d30});
  }
  SUBCASE("overflowed outstanding") {
    fee_pool<dec> p{.balance = money{d30}};
    CHECK(p.absorb(ev7, money{dec::max() + dec::max()}, l) == failure{errc::overflow});
    CHECK(p.balance == money{d30});
  }
  SUBCASE("negative trader margin") {
    trader_margin<dec> m{money{-d30}};
    CHECK(m.absorb(ev7, money{d20}, l) == failure{errc::negative_amount});
  }
  SUBCASE("negative fee pool with a non-negative floor") {
    fee_pool<dec> p{.balance = money{-d30}};
    CHECK(p.absorb(ev7, money{d20}, l) == failure{errc::negative_amount});
    CHECK(p.balance == money{-d30});
  }
  SUBCASE("fee pool below its negative floor") {
    fee_pool<dec> p{.balance = money{-d70}, .floor = money{-d30}};
    CHECK(p.absorb(ev7, money{d20}, l) == failure{errc::negative_amount});
  }
  SUBCASE("fee pool balance minus floor overflows") {
    fee_pool<dec> p{.balance = money{dec::max()}, .floor = money{-dec::max()}};
    CHECK(p.absorb(ev7, money{d20}, l) == failure{errc::overflow});
  }
  SUBCASE("negative house capital") {
    house_capital<dec> h{.balance = money{-d30}};
    CHECK(h.absorb(ev7, money{d20}, l) == failure{errc::negative_amount});
  }
  SUBCASE("full ledger: nothing paid, nothing changed") {
    (void)l.record({party::trader(1), party::loss(1), money{d20}, transfer_reason::margin});
    house_capital<dec> h{.balance = money{d30}};
    CHECK(h.absorb(ev7, money{d20}, l) == failure{errc::ledger_full});
    CHECK(h.balance == money{d30});
    CHECK(l.size() == 1);
  }
  SUBCASE("NaN balance in double") {
    ledger_buffer<double, 1> b;
    fee_pool<double> p{.balance = money{std::numeric_limits<double>::quiet_NaN()}};
    CHECK(p.absorb(loss_event<double>{}, money{1.0}, b.ledger()) == failure{errc::not_a_number});
    trader_margin<double> m{money{1.0}};
    CHECK(m.absorb(loss_event<double>{}, money{std::numeric_limits<double>::infinity()}, b.ledger()) ==
          failure{errc::infinite});
  }
}
