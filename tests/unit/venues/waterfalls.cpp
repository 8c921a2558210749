// Tests for solvency/venues/waterfalls.hpp: each venue's waterfall on a fixed
// scenario, its ledger checked line by line. The amounts are worked out by
// hand in the comments.
//
// Common scenario: trader 7 holds a bankrupt long of 10 units (linear,
// multiplier 1) in market 1, bankruptcy price 100, mark 90. The book: holder
// 21 short 5 @ 120 (PnL at the mark 5 x 30 = 150), wallet 1,000; holder 22
// long 3 @ 80 (the bankrupt side: never closed). ADL at the bankruptcy price
// costs a short 100 - 90 = 10 per unit closed.
#include <solvency/venues/waterfalls.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {

constexpr dec d(std::int64_t v) { return dec::from_int(v); }
constexpr std::int64_t hour = 3'600'000;

std::array<adl::holder<dec>, 2> book() {
  return {{{21, position<dec>{side::short_, quantity{d(5)}, price{d(120)}, linear_contract(d(1))}, money{d(1000)}, {}, {}},
           {22, position<dec>{side::long_, quantity{d(3)}, price{d(80)}, linear_contract(d(1))}, money{d(1000)}, {}, {}}}};
}

loss_event<dec> event(std::int64_t deficit, std::int64_t time = 0, std::uint64_t trader = 7) {
  return {.trader = trader, .market = 1, .deficit = money{d(deficit)}, .time = time, .bankrupt_side = side::long_,
          .size = quantity{d(10)}, .bankruptcy = price{d(100)}, .mark = price{d(90)}};
}

transfer<dec> line(party from, std::uint64_t trader, std::int64_t amount, transfer_reason why) {
  return {from, party::loss(trader), money{d(amount)}, why};
}

}  // namespace

TEST_CASE("Binance USD-M / COIN-M: margin, shared fund (market 1 has no own fund), ADL") {
  // deficit 300: margin 50 -> 250; shared fund 200 -> 50 (market 2's own
  // fund is not touched); ADL: ceil(50 / 10) = 5 units of holder 21 -> 50.
  auto h = book();
  std::array<adl::stage<adl::binance_ranking, dec>::entry, 2> scratch{};
  std::array<market_fund<dec>, 1> iso{{{.market = 2, .balance = money{d(1000)}}}};
  auto wf = venues::make_binance_usdm_waterfall<dec>({.id = 100, .balance = money{d(200)}}, iso, h, scratch);
  wf.stage<0>().available = money{d(50)};
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(300), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(300)});
  CHECK(r->remainder == money<dec>{});
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 3);
  CHECK(e[0] == line(party::trader(7), 7, 50, transfer_reason::margin));
  CHECK(e[1] == line(party::insurance_fund(100), 7, 200, transfer_reason::fund_draw));
  CHECK(e[2] == line(party::counterparty(21), 7, 50, transfer_reason::adl));
  CHECK(iso[0].balance == money{d(1000)});
  CHECK(h[0].pos.size == quantity<dec>{});
  // its wallet takes the realised 150 less the 50 given up
  CHECK(h[0].wallet_balance == money{d(1100)});
  CHECK(h[1].pos.size == quantity{d(3)});
  static_assert(std::is_same_v<venues::binance_coinm_waterfall<dec>, venues::binance_usdm_waterfall<dec>>);
}

TEST_CASE("Bybit: the drawdown trigger hands 50K to ADL (BY-ADL1 shape)") {
  // pool 8h max 1,000,000, balance 1,000,000, symbol 1 at its 8h max PnL.
  // deficit 350,050: margin 50 -> 350,000; the fund pays down to a -30%
  // drawdown: 0.3 x 1,000,000 = 300,000 -> 50,000; ADL: holder 21 has only 5
  // units, 5 x 10 = 50 -> 49,950 remains (Bybit has no socialisation stage).
  auto h = book();
  std::array<adl::stage<adl::bitmex_ranking, dec>::entry, 2> scratch{};
  std::array<symbol_pnl<dec>, 1> symbols{{{.market = 1}}};
  auto wf = venues::make_bybit_waterfall<dec>({.id = 100, .balance = money{d(1'000'000)}}, {},
                                              venues::bybit_published_trigger<dec>(money{d(1'000'000)}, symbols), h,
                                              scratch);
  CHECK(wf.stage<1>().trigger.insurance_pnl_ratio == rate{-0.3_dec});
  CHECK(wf.stage<1>().trigger.adl_trigger_threshold == money{d(10'000)});
  wf.stage<0>().available = money{d(50)};
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(350'050), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(300'100)});
  CHECK(r->remainder == money{d(49'950)});
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 3);
  CHECK(e[0] == line(party::trader(7), 7, 50, transfer_reason::margin));
  CHECK(e[1] == line(party::insurance_fund(100), 7, 300'000, transfer_reason::fund_draw));
  CHECK(e[2] == line(party::counterparty(21), 7, 50, transfer_reason::adl));
  CHECK(symbols[0].current == money{d(-300'000)});
  CHECK(wf.stage<1>().shared.balance == money{d(700'000)});
}

TEST_CASE("OKX: the 30% decline trigger, then ADL at the bankruptcy price") {
  // peak 1,000 at t = 0, balance 1,000; at 1h a deficit of 450: margin 50 ->
  // 400; the fund pays down to 700: 300 -> 100; ADL: 5 units x 10 = 50 -> 50
  // remains (OKX does not socialise after ADL).
  auto h = book();
  std::array<adl::stage<adl::okx_ranking, dec>::entry, 2> scratch{};
  auto wf = venues::make_okx_waterfall<dec>({.id = 100, .balance = money{d(1000)}}, {},
                                            venues::okx_published_trigger<dec>(8 * hour, money{d(1000)}, 0), h, scratch);
  wf.stage<0>().available = money{d(50)};
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(450, hour), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(400)});
  CHECK(r->remainder == money{d(50)});
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 3);
  CHECK(e[0] == line(party::trader(7), 7, 50, transfer_reason::margin));
  CHECK(e[1] == line(party::insurance_fund(100), 7, 300, transfer_reason::fund_draw));
  CHECK(e[2] == line(party::counterparty(21), 7, 50, transfer_reason::adl));
  CHECK(wf.stage<2>().execution().rule == adl::price_rule::bankruptcy);
}

TEST_CASE("BitMEX: the contract's own fund, then the shared one; ADL not reached") {
  // no margin left; deficit 130: market 1's fund 100, the shared fund 30.
  auto h = book();
  std::array<adl::stage<adl::bitmex_ranking, dec>::entry, 2> scratch{};
  std::array<market_fund<dec>, 1> iso{{{.market = 1, .balance = money{d(100)}}}};
  auto wf = venues::make_bitmex_waterfall<dec>({.id = 100, .balance = money{d(1000)}}, iso, h, scratch);
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(130), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(130)});
  CHECK(r->stages_run == 2);
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 2);
  CHECK(e[0] == line(party::insurance_fund(1), 7, 100, transfer_reason::fund_draw));
  CHECK(e[1] == line(party::insurance_fund(100), 7, 30, transfer_reason::fund_draw));
  CHECK(h[0].pos.size == quantity{d(5)});
}

TEST_CASE("Hyperliquid: margin, then ADL at the previous mark") {
  // previous mark 95: a short gives up 95 - 90 = 5 per unit. deficit 40:
  // margin 20 -> 20; ADL: ceil(20 / 5) = 4 units of holder 21 -> 20.
  auto h = book();
  std::array<adl::stage<adl::hyperliquid_ranking, dec>::entry, 2> scratch{};
  auto wf = venues::make_hyperliquid_waterfall<dec>(h, scratch, price{d(95)});
  wf.stage<0>().available = money{d(20)};
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(40), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(40)});
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 2);
  CHECK(e[0] == line(party::trader(7), 7, 20, transfer_reason::margin));
  CHECK(e[1] == line(party::counterparty(21), 7, 20, transfer_reason::adl));
  CHECK(h[0].pos.size == quantity{d(1)});
  // realised PnL of 4 units at the mark 4 x 30 = 120, less 20 given up
  CHECK(h[0].wallet_balance == money{d(1100)});
}

TEST_CASE("dYdX: the fund pays at most 1,000,000 per block, then deleveraging") {
  // block 10, deficit 1,000,030: the fund pays 1,000,000 (the block's cap)
  // -> 30; deleveraging: 3 units x 10 = 30. A second deficit of 5 in the same
  // block: the fund pays nothing; 5 / 10 = 0.5 unit of holder 21 (no lot:
  // every digit of the size) gives up 5.
  auto h = book();
  std::array<adl::stage<adl::dydx_random, dec>::entry, 2> scratch{};
  auto wf = venues::make_dydx_waterfall<dec>({.id = 100, .balance = money{d(1'500'000)}}, {}, h, scratch, 42);
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(1'000'030, 10), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(1'000'030)});
  auto e = buf.ledger().entries();
  REQUIRE(e.size() == 2);
  CHECK(e[0] == line(party::insurance_fund(100), 7, 1'000'000, transfer_reason::fund_draw));
  CHECK(e[1] == line(party::counterparty(21), 7, 30, transfer_reason::adl));
  buf.ledger().clear();
  auto r2 = wf.absorb(event(5, 10, 8), buf.ledger());
  REQUIRE(r2);
  CHECK(r2->absorbed == money{d(5)});
  e = buf.ledger().entries();
  REQUIRE(e.size() == 1);
  CHECK(e[0] == line(party::counterparty(21), 8, 5, transfer_reason::adl));
  CHECK(h[0].pos.size == quantity{1.5_dec});
  CHECK(wf.stage<1>().shared.balance == money{d(500'000)});
}

TEST_CASE("Deribit: the fund, then the day's winners pro rata; no ADL") {
  // deficit 150: margin 10 -> 140; fund 100 -> 40; winners 31 (gain 300) and
  // 32 (gain 100): 40 x 300/400 = 30 and 40 x 100/400 = 10.
  std::array<stake<dec>, 2> winners{{{31, money{d(300)}}, {32, money{d(100)}}}};
  auto wf = venues::make_deribit_waterfall<dec>({.id = 100, .balance = money{d(100)}}, winners);
  wf.stage<0>().available = money{d(10)};
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(150), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(150)});
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 4);
  CHECK(e[0] == line(party::trader(7), 7, 10, transfer_reason::margin));
  CHECK(e[1] == line(party::insurance_fund(100), 7, 100, transfer_reason::fund_draw));
  CHECK(e[2] == line(party::counterparty(31), 7, 30, transfer_reason::socialized_loss));
  CHECK(e[3] == line(party::counterparty(32), 7, 10, transfer_reason::socialized_loss));
  CHECK(winners[0].amount == money{d(270)});
  CHECK(winners[1].amount == money{d(90)});
}

TEST_CASE("Kraken: the liquidity pool, then the unwind (pro rata by default)") {
  // deficit 80: pool 50 -> 30; unwind: 3 units of holder 21 (the only
  // opposite winner: its pro-rata share of 3 is 3) -> 30.
  auto h = book();
  std::array<adl::stage<adl::pro_rata, dec>::entry, 2> scratch{};
  auto wf = venues::make_kraken_waterfall<dec>({.id = 100, .balance = money{d(50)}}, h, scratch);
  ledger_buffer<dec, 16> buf;
  auto r = wf.absorb(event(80), buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(80)});
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 2);
  CHECK(e[0] == line(party::insurance_fund(100), 7, 50, transfer_reason::fund_draw));
  CHECK(e[1] == line(party::counterparty(21), 7, 30, transfer_reason::adl));
  CHECK(h[0].pos.size == quantity{d(2)});
}
