// Tests for solvency/waterfall/insurance_fund.hpp: isolated funds before the
// shared pool, per-event and per-window caps, floors, the venues' ADL
// triggers (Bybit BY-ADL1, OKX's 30% decline within 8 hours and the older
// OKX-3 threshold), and bad input case by case.
#include <solvency/waterfall/insurance_fund.hpp>

#include "check.hpp"

#include <array>
#include <limits>
#include <optional>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {

constexpr std::int64_t hour = 3'600'000;  // ms
constexpr dec k(std::int64_t thousands) { return dec::from_int(thousands * 1000); }
constexpr dec minus_30pct = -0.3_dec;
constexpr dec thirty_pct = 0.3_dec;

constexpr loss_event<dec> at(market_id m, std::int64_t time = 0, std::uint64_t trader = 7) {
  return {.trader = trader, .market = m, .deficit = money<dec>{}, .time = time};
}

constexpr bool shared_only() {
  insurance_fund<dec> f{.shared = {.balance = money{k(1)}}};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(1), money{k(1) - dec::from_int(600)}, buf.ledger());  // 400
  return r && *r == money{dec::from_int(400)} && f.shared.balance == money{dec::from_int(600)} &&
         buf.ledger().size() == 1 &&
         buf.ledger().entries()[0] == transfer<dec>{party::insurance_fund(shared_fund_id), party::loss(7),
                                                    money{dec::from_int(400)}, transfer_reason::fund_draw};
}

constexpr bool isolated_first(bool backs, dec expect) {
  std::array<market_fund<dec>, 2> iso{{{.market = 4, .balance = money{k(5)}}, {.market = 5, .balance = money{dec::from_int(100)}}}};
  insurance_fund<dec> f{.shared = {.id = 99, .balance = money{k(1)}}, .isolated = iso, .shared_backs_isolated = backs};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(5), money{dec::from_int(300)}, buf.ledger());
  if (!r || *r != money{expect}) return false;
  const auto e = buf.ledger().entries();
  if (e[0] != transfer<dec>{party::insurance_fund(5), party::loss(7), money{dec::from_int(100)}, transfer_reason::fund_draw})
    return false;
  if (backs) {
    return e.size() == 2 &&
           e[1] == transfer<dec>{party::insurance_fund(99), party::loss(7), money{dec::from_int(200)},
                                 transfer_reason::fund_draw} &&
           f.shared.balance == money{dec::from_int(800)} && iso[1].balance == money<dec>{} && iso[0].balance == money{k(5)};
  }
  return e.size() == 1 && f.shared.balance == money{k(1)} && iso[1].balance == money<dec>{};
}

constexpr bool per_event_cap() {
  insurance_fund<dec> f{.shared = {.balance = money{k(1000)}}, .per_event_cap = money{k(250)}};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(1), money{k(400)}, buf.ledger());
  return r && *r == money{k(250)} && f.shared.balance == money{k(750)};
}

constexpr bool window_cap() {
  insurance_fund<dec> f{.shared = {.balance = money{k(1000)}}, .window_cap = money{k(500)}, .window_length = 10};
  ledger_buffer<dec, 8> buf;
  auto r1 = f.absorb(at(1, 0), money{k(300)}, buf.ledger());   // window 0: 300
  auto r2 = f.absorb(at(1, 9), money{k(400)}, buf.ledger());   // window 0: 200 left
  auto r3 = f.absorb(at(1, 9), money{k(400)}, buf.ledger());   // window 0: nothing left
  auto r4 = f.absorb(at(1, 10), money{k(400)}, buf.ledger());  // window 1: 400
  return r1 && *r1 == money{k(300)} && r2 && *r2 == money{k(200)} && r3 && *r3 == money<dec>{} && r4 &&
         *r4 == money{k(400)} && f.paid_in_window == money{k(400)} && f.window_index == 1 &&
         f.shared.balance == money{k(100)};
}

constexpr bool negative_times_floor() {
  insurance_fund<dec> f{.shared = {.balance = money{k(1000)}}, .window_cap = money{k(500)}, .window_length = 10};
  ledger_buffer<dec, 8> buf;
  auto r1 = f.absorb(at(1, -1), money{k(300)}, buf.ledger());  // window -1
  auto r2 = f.absorb(at(1, -10), money{k(300)}, buf.ledger()); // still window -1: 200 left
  auto r3 = f.absorb(at(1, 0), money{k(300)}, buf.ledger());   // window 0
  return r1 && *r1 == money{k(300)} && r2 && *r2 == money{k(200)} && r3 && *r3 == money{k(300)};
}

constexpr bool floor_kept() {
  insurance_fund<dec> f{.shared = {.balance = money{k(1000)}, .floor = money{k(900)}}};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(1), money{k(400)}, buf.ledger());
  return r && *r == money{k(100)} && f.shared.balance == money{k(900)};
}

// --- Bybit BY-ADL1 ---------------------------------------------------------
// Shared pool A/B/C, pool 8h max balance 1M USDT, symbol A loses 350K;
// adlTriggerThreshold 1, insurancePnlRatio -0.3. pnlRatio = -350K / 1M =
// -0.35 < -0.30: ADL. The fund covers down to -30% (300K); 350K - 0.3 x 1M =
// 50K is left for ADL ("users must subsidize 50K").
constexpr bybit_drawdown_trigger<dec> bybit(std::span<symbol_pnl<dec>> s) {
  return {.insurance_pnl_ratio = rate{minus_30pct}, .adl_trigger_threshold = money{dec::from_int(1)},
          .pool_max_balance_8h = money{k(1000)}, .symbols = s};
}

constexpr bool by_adl1_ratio() {
  const auto r = bybit_drawdown_trigger<dec>::pnl_ratio(money{-k(350)}, money<dec>{}, money{k(1000)});
  std::array<symbol_pnl<dec>, 1> s{{{.market = 1}}};
  const auto t = bybit(s).triggered(money{k(1000)}, money{-k(350)}, money<dec>{});
  const auto not_t = bybit(s).triggered(money{k(1000)}, money{-k(250)}, money<dec>{});
  return r && *r == rate{-0.35_dec} && t && *t && not_t && !*not_t;
}

constexpr bool by_adl1_split() {
  std::array<symbol_pnl<dec>, 3> s{{{.market = 1}, {.market = 2}, {.market = 3}}};  // A, B, C at their 8h max
  insurance_fund<dec, bybit_drawdown_trigger<dec>> f{.shared = {.balance = money{k(1000)}}, .trigger = bybit(s)};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(1), money{k(350)}, buf.ledger());
  auto again = f.absorb(at(1), money{k(10)}, buf.ledger());  // symbol A is at -30%: nothing more
  auto other = f.absorb(at(2), money{k(10)}, buf.ledger());  // symbol B has its own room
  return r && *r == money{k(300)} && k(350) - k(300) == k(50) && s[0].current == money{-k(300)} && again &&
         *again == money<dec>{} && other && *other == money{k(10)} && f.shared.balance == money{k(690)};
}

constexpr bool bybit_below_threshold_pays() {
  // balance at or below adlTriggerThreshold: the drawdown rule is off, the fund pays to its floor
  std::array<symbol_pnl<dec>, 1> s{{{.market = 1}}};
  auto t = bybit(s);
  t.adl_trigger_threshold = money{k(2000)};
  insurance_fund<dec, bybit_drawdown_trigger<dec>> f{.shared = {.balance = money{k(1000)}}, .trigger = t};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(1), money{k(1350)}, buf.ledger());
  return r && *r == money{k(1000)};
}

// --- OKX: 30% straight-line decline from the 8h peak ----------------------
constexpr okx_decline_trigger<dec> okx(dec peak, std::int64_t peak_time = 0, dec min_decline = dec{}) {
  return {.decline = rate{thirty_pct}, .min_decline = money{min_decline}, .window = 8 * hour, .peak = money{peak},
          .peak_time = peak_time};
}

constexpr bool okx_decline() {
  // peak 1M at t = 0; a 400K loss at 1h: the fund pays down to 700K (300K), 100K goes to ADL
  insurance_fund<dec, okx_decline_trigger<dec>> f{.shared = {.balance = money{k(1000)}}, .trigger = okx(k(1000))};
  ledger_buffer<dec, 4> buf;
  auto r1 = f.absorb(at(1, hour), money{k(400)}, buf.ledger());
  auto r2 = f.absorb(at(1, 2 * hour), money{k(50)}, buf.ledger());  // at 700K within 8h: nothing
  // the first draw saw the 1M balance again at 1h; 10h is more than 8h after
  // that: the peak restarts at 700K, ADL at 490K: 210K room
  auto r3 = f.absorb(at(1, 10 * hour), money{k(400)}, buf.ledger());
  return r1 && *r1 == money{k(300)} && r2 && *r2 == money{dec{}} && r3 && *r3 == money{k(210)} &&
         f.shared.balance == money{k(490)} && f.trigger.peak == money{k(700)} && f.trigger.peak_time == 10 * hour;
}

constexpr bool okx_observe() {
  auto t = okx(k(1000));
  t.observe(hour, money{k(900)});       // lower and within the window: peak stays
  const bool kept = t.peak == money{k(1000)} && t.peak_time == 0;
  t.observe(2 * hour, money{k(1200)});  // higher: new peak
  const bool raised = t.peak == money{k(1200)} && t.peak_time == 2 * hour;
  t.observe(11 * hour, money{k(800)});  // the old peak is out of the window
  return kept && raised && t.peak == money{k(800)} && t.threshold(money{k(1000)}) == money{k(700)};
}

constexpr bool okx3() {
  // OKX-3 (third-party rewrite): 8h average 400K, reserve 200K, threshold
  // 400K - max(30% x 400K, 50K) = 280K; the reserve is below it: ADL, the fund pays nothing
  const auto t = okx(k(400), 0, k(50));
  insurance_fund<dec, okx_decline_trigger<dec>> f{.shared = {.balance = money{k(200)}}, .trigger = t};
  ledger_buffer<dec, 4> buf;
  auto r = f.absorb(at(1, hour), money{k(10)}, buf.ledger());
  // min_decline dominates when 30% of the peak is smaller: peak 100K -> 100K - 50K
  return t.threshold(money{k(400)}) == money{k(280)} && t.threshold(money{k(100)}) == money{k(50)} && r &&
         *r == money<dec>{} && buf.ledger().empty();
}

}  // namespace

TEST_CASE("shared pool, isolated funds first") {
  SOLVENCY_CHECK_CONSTEXPR(shared_only());
  SOLVENCY_CHECK_CONSTEXPR(isolated_first(true, 300.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(isolated_first(false, 100.0_dec));
}

TEST_CASE("caps per event and per window, floors") {
  SOLVENCY_CHECK_CONSTEXPR(per_event_cap());
  SOLVENCY_CHECK_CONSTEXPR(window_cap());
  SOLVENCY_CHECK_CONSTEXPR(negative_times_floor());
  SOLVENCY_CHECK_CONSTEXPR(floor_kept());
}

TEST_CASE("Bybit BY-ADL1: pnlRatio -35% < -30% triggers; 350K - 0.3 x 1M = 50K to ADL") {
  SOLVENCY_CHECK_CONSTEXPR(by_adl1_ratio());
  SOLVENCY_CHECK_CONSTEXPR(by_adl1_split());
  SOLVENCY_CHECK_CONSTEXPR(bybit_below_threshold_pays());
  // double
  std::array<symbol_pnl<double>, 1> s{{{.market = 1}}};
  insurance_fund<double, bybit_drawdown_trigger<double>> f{
      .shared = {.balance = money{1e6}},
      .trigger = {.insurance_pnl_ratio = rate{-0.3}, .adl_trigger_threshold = money{1.0},
                  .pool_max_balance_8h = money{1e6}, .symbols = s}};
  ledger_buffer<double, 2> buf;
  auto r = f.absorb(loss_event<double>{.trader = 1, .market = 1}, money{350e3}, buf.ledger());
  REQUIRE(r);
  CHECK(r->value() == doctest::Approx(300e3));
}

TEST_CASE("OKX: 30% decline from the peak within 8 hours") {
  SOLVENCY_CHECK_CONSTEXPR(okx_decline());
  SOLVENCY_CHECK_CONSTEXPR(okx_observe());
  SOLVENCY_CHECK_CONSTEXPR(okx3());
}

TEST_CASE("bad input: error values naming the problem, nothing changed") {
  ledger_buffer<dec, 1> buf;
  auto& l = buf.ledger();
  const money<dec> m100{dec::from_int(100)};
  SUBCASE("negative outstanding") {
    insurance_fund<dec> f{.shared = {.balance = m100}};
    CHECK(f.absorb(at(1), money{-1.0_dec}, l) == failure{errc::negative_amount});
  }
  SUBCASE("negative per-event cap") {
    insurance_fund<dec> f{.shared = {.balance = m100}, .per_event_cap = money{-1.0_dec}};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::negative_amount});
  }
  SUBCASE("negative window cap") {
    insurance_fund<dec> f{.shared = {.balance = m100}, .window_cap = money{-1.0_dec}, .window_length = 5};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::negative_amount});
  }
  SUBCASE("window cap without a window length") {
    insurance_fund<dec> f{.shared = {.balance = m100}, .window_cap = m100};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::invalid_argument});
  }
  SUBCASE("time going back to an earlier window") {
    insurance_fund<dec> f{.shared = {.balance = m100}, .window_cap = m100, .window_length = 5};
    CHECK(f.absorb(at(1, 10), money{1.0_dec}, l));
    CHECK(f.absorb(at(1, 4), money{1.0_dec}, l) == failure{errc::invalid_argument});
    CHECK(f.shared.balance == money{99.0_dec});
  }
  SUBCASE("negative shared balance") {
    insurance_fund<dec> f{.shared = {.balance = -m100}};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::negative_amount});
  }
  SUBCASE("negative isolated balance") {
    std::array<market_fund<dec>, 1> iso{{{.market = 1, .balance = -m100}}};
    insurance_fund<dec> f{.shared = {.balance = m100}, .isolated = iso};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::negative_amount});
  }
  SUBCASE("balances whose sum overflows") {
    // (only a trigger reads the sum: always_pay never adds the balances)
    std::array<market_fund<dec>, 1> iso{{{.market = 1, .balance = money{dec::max()}}}};
    insurance_fund<dec, okx_decline_trigger<dec>> f{.shared = {.balance = money{dec::max()}}, .isolated = iso,
                                                    .trigger = okx(k(1))};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::overflow});
  }
  SUBCASE("full ledger after the isolated draw: both undone") {
    std::array<market_fund<dec>, 1> iso{{{.market = 1, .balance = money{10.0_dec}}}};
    insurance_fund<dec> f{.shared = {.balance = m100}, .isolated = iso};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::ledger_full});
    CHECK(l.empty());
    CHECK(iso[0].balance == money{10.0_dec});
    CHECK(f.shared.balance == m100);
  }
  SUBCASE("Bybit: a positive insurancePnlRatio, a negative threshold, a zero pool maximum") {
    std::array<symbol_pnl<dec>, 1> s{{{.market = 1}}};
    auto t = bybit(s);
    t.insurance_pnl_ratio = rate{0.1_dec};
    insurance_fund<dec, bybit_drawdown_trigger<dec>> f{.shared = {.balance = m100}, .trigger = t};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::invalid_argument});
    f.trigger = bybit(s);
    f.trigger.adl_trigger_threshold = money{-1.0_dec};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::negative_amount});
    CHECK(bybit_drawdown_trigger<dec>::pnl_ratio(m100, m100, money<dec>{}) == failure{errc::invalid_argument});
    CHECK(f.shared.balance == m100);
  }
  SUBCASE("OKX: a decline above 100%, a zero window, a negative minimum decline") {
    insurance_fund<dec, okx_decline_trigger<dec>> f{.shared = {.balance = m100}, .trigger = okx(k(1))};
    f.trigger.decline = rate{1.5_dec};
    CHECK(f.absorb(at(1), m100, l) == failure{errc::invalid_argument});
    f.trigger = okx(k(1));
    f.trigger.window = 0;
    CHECK(f.absorb(at(1), m100, l) == failure{errc::invalid_argument});
    f.trigger = okx(k(1), 0, -1.0_dec);
    CHECK(f.absorb(at(1), m100, l) == failure{errc::negative_amount});
    CHECK(f.shared.balance == m100);
  }
  SUBCASE("double NaN balance") {
    ledger_buffer<double, 1> b;
    insurance_fund<double> f{.shared = {.balance = money{std::numeric_limits<double>::quiet_NaN()}}};
    CHECK(f.absorb(loss_event<double>{}, money{1.0}, b.ledger()) == failure{errc::not_a_number});
  }
}
