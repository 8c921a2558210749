// Exact conservation of the waterfall, over 1,000,000 generated scenarios
// (fixed seed): random stage orders (five slots, each any of nine stage
// kinds, so orders and repeats vary at run time through one instantiation),
// random balances, floors (some negative: debt allowed), caps per event and
// per window, ADL triggers (always, Bybit drawdown, OKX decline), member
// stakes, open interest and deficits. For each scenario, in dec:
//   * absorbed + remainder == deficit, and the per-stage amounts sum to it;
//   * the transfers into loss(trader) sum to absorbed; the loss pays nothing;
//   * every payer's ledger outflow equals the fall of its own balance (no
//     party is credited from nowhere, no stage writes money off); only
//     known parties pay, only the loss and the named dust party receive;
//   * the dust is what payers paid beyond the loss, never negative, and
//     within its rounding bound;
//   * funds never fall below their floor, stakes never below zero, caps
//     per event and per window hold.
#include <solvency/waterfall/clearing_house.hpp>
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include "check.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

using namespace solvency;
using namespace solvency::waterfall;

namespace {

constexpr market_id the_market = 1;
constexpr market_id other_market = 2;
constexpr std::uint64_t trader_id = 42;
const party dust_party = party::dust(99);

/// A trigger chosen at run time among the three policies.
struct any_trigger {
  int kind = 0;  // 0 always, 1 Bybit, 2 OKX
  bybit_drawdown_trigger<dec> bybit{};
  okx_decline_trigger<dec> okx{};

  [[nodiscard]] result<money<dec>> payable(const loss_event<dec>& ev, money<dec> b, money<dec> o) const {
    if (kind == 1) return bybit.payable(ev, b, o);
    if (kind == 2) return okx.payable(ev, b, o);
    return always_pay{}.payable(ev, b, o);
  }
  void on_paid(const loss_event<dec>& ev, money<dec> b, money<dec> p) {
    if (kind == 1) bybit.on_paid(ev, b, p);
    if (kind == 2) okx.on_paid(ev, b, p);
  }
};
static_assert(FundTrigger<any_trigger, dec>);

enum class kind : int { margin, fund, fee, house, dfund, assess, gains, index, equity, count };

/// One slot of the chain: any stage kind, chosen per scenario, with its own storage.
struct slot {
  kind k = kind::margin;
  trader_margin<dec> tm{};
  insurance_fund<dec, any_trigger> fund{};
  std::array<market_fund<dec>, 2> iso{};
  std::array<symbol_pnl<dec>, 1> symbols{};
  fee_pool<dec> fee{};
  house_capital<dec> house{};
  std::array<stake<dec>, 4> stakes{};
  std::size_t n = 0;
  std::array<market_index<dec>, 1> mi{};

  result<money<dec>> absorb(const loss_event<dec>& ev, money<dec> o, ledger<dec>& l) {
    const std::span<stake<dec>> s(stakes.data(), n);
    switch (k) {
      case kind::margin: return tm.absorb(ev, o, l);
      case kind::fund: return fund.absorb(ev, o, l);
      case kind::fee: return fee.absorb(ev, o, l);
      case kind::house: return house.absorb(ev, o, l);
      case kind::dfund: return default_fund<dec>{s, dust_party}.absorb(ev, o, l);
      case kind::assess: return assessments<dec>{s, dust_party}.absorb(ev, o, l);
      case kind::gains: return pro_rata_gains_haircut<dec>{s, dust_party}.absorb(ev, o, l);
      case kind::equity: return equity_haircut<dec>{s, dust_party}.absorb(ev, o, l);
      case kind::index: return funding_index_charge<dec>{mi, dust_party}.absorb(ev, o, l);
      case kind::count: break;
    }
    return failure{errc::invalid_argument};
  }
};

/// The chain holds references, so the slots (and the spans into them) stay put.
struct slot_ref {
  slot* s = nullptr;
  result<money<dec>> absorb(const loss_event<dec>& ev, money<dec> o, ledger<dec>& l) { return s->absorb(ev, o, l); }
};
static_assert(WaterfallStage<slot_ref, dec>);

struct generator {
  solvency_test::rng r;
  /// A non-negative amount of random magnitude (raw units up to 2^44), sometimes 0.
  dec amount() {
    if (r.below(8) == 0) return dec{};
    const int bits = static_cast<int>(r.below(44)) + 1;
    return dec::from_raw(static_cast<std::int64_t>(r.next() & ((std::uint64_t{1} << bits) - 1)));
  }
  money<dec> money_() { return money<dec>{amount()}; }
  bool coin() { return (r.next() & 1u) != 0; }
};

struct expected_payer {
  party p;
  money<dec> amount;
};

void add(std::vector<expected_payer>& v, party p, money<dec> m) {
  for (auto& e : v)
    if (e.p == p) {
      e.amount += m;
      return;
    }
  v.push_back({p, m});
}

void fill(slot& s, std::size_t index, generator& g, const loss_event<dec>& ev) {
  s = slot{};
  s.k = static_cast<kind>(g.r.below(static_cast<std::uint64_t>(kind::count)));
  const std::uint64_t id = 1000 + index;
  switch (s.k) {
    case kind::margin: s.tm.available = g.money_(); break;
    case kind::fund: {
      auto& f = s.fund;
      f.shared = {.id = id, .balance = g.money_(), .floor = {}};
      switch (g.r.below(4)) {
        case 0: f.shared.floor = g.money_(); break;                 // a reserve, maybe above the balance
        case 1: f.shared.floor = money<dec>{-g.amount()}; break;    // debt allowed down to it
        default: break;
      }
      const std::size_t niso = g.r.below(3);
      for (std::size_t i = 0; i < niso; ++i)
        s.iso[i] = {.market = i == 0 ? (g.coin() ? the_market : other_market) : other_market,
                    .balance = g.money_(), .floor = g.coin() ? money<dec>{} : money<dec>{-g.amount()}};
      f.isolated = std::span<market_fund<dec>>(s.iso.data(), niso);
      f.shared_backs_isolated = g.coin();
      if (g.coin()) f.per_event_cap = g.money_();
      if (g.coin()) {
        f.window_cap = g.money_();
        f.window_length = static_cast<std::int64_t>(g.r.below(100)) + 1;
        const std::int64_t idx = ev.time / f.window_length;
        f.window_index = g.coin() ? idx : idx - 1;
        f.paid_in_window = g.coin() ? money<dec>{dec::from_raw(f.window_cap->value().raw() / 2)} : money<dec>{};
      }
      f.trigger.kind = static_cast<int>(g.r.below(3));
      if (f.trigger.kind == 1) {
        const dec cur = g.amount();
        s.symbols[0] = {.market = the_market, .current = money<dec>{cur}, .max_8h = money<dec>{cur + g.amount()}};
        f.trigger.bybit = {.insurance_pnl_ratio = rate<dec>{dec::from_raw(-static_cast<std::int64_t>(g.r.below(60'000'000)))},
                           .adl_trigger_threshold = g.money_(),
                           .pool_max_balance_8h = money<dec>{g.amount() + dec::epsilon()},
                           .symbols = s.symbols};
      } else if (f.trigger.kind == 2) {
        f.trigger.okx = {.decline = rate<dec>{dec::from_raw(static_cast<std::int64_t>(g.r.below(100'000'001)))},
                         .min_decline = g.money_(), .window = static_cast<std::int64_t>(g.r.below(500)) + 1,
                         .peak = g.money_(), .peak_time = ev.time - static_cast<std::int64_t>(g.r.below(1000))};
      }
      break;
    }
    case kind::fee:
      s.fee = {.id = id, .balance = g.money_(), .floor = g.coin() ? money<dec>{} : money<dec>{-g.amount()}};
      break;
    case kind::house: s.house = {.id = id, .balance = g.money_()}; break;
    case kind::dfund:
    case kind::assess:
    case kind::gains:
    case kind::equity:
      s.n = g.r.below(5);
      for (std::size_t i = 0; i < s.n; ++i) s.stakes[i] = {id * 10 + i, g.money_()};
      break;
    case kind::index:
      s.mi[0] = {.market = g.coin() ? the_market : other_market,
                 .open_interest = quantity<dec>{g.r.below(8) == 0 ? dec{} : g.amount() + dec::from_int(1)},
                 .cumulative = price_delta<dec>{g.amount()}};
      break;
    case kind::count: break;
  }
}

}  // namespace

TEST_CASE("conservation over 1,000,000 generated scenarios") {
  generator g{{0x5eed'0f'1055ull}};
  std::array<slot, 5> slots{};
  chain<slot_ref, slot_ref, slot_ref, slot_ref, slot_ref> wf{slot_ref{&slots[0]}, slot_ref{&slots[1]},
                                                             slot_ref{&slots[2]}, slot_ref{&slots[3]},
                                                             slot_ref{&slots[4]}};
  ledger_buffer<dec, 64> buf;
  auto& l = buf.ledger();
  std::vector<expected_payer> payers;
  payers.reserve(32);
  const dec ulp = dec::epsilon();
  long failures = 0;
  long covered = 0;
  long with_dust = 0;
  std::array<long, static_cast<int>(kind::count)> seen{};

  constexpr long scenarios = 1'000'000;
  for (long sc = 0; sc < scenarios && failures < 10; ++sc) {
    loss_event<dec> ev{.trader = trader_id, .market = the_market,
                       .deficit = money<dec>{g.r.below(4) == 0 ? g.amount() + g.amount() + g.amount() : g.amount()},
                       .time = static_cast<std::int64_t>(g.r.below(100'000))};
    for (std::size_t i = 0; i < slots.size(); ++i) fill(slots[i], i, g, ev);
    const std::array<slot, 5> before = slots;
    l.clear();
    const auto r = wf.absorb(ev, l);
    bool ok = r.has_value();
    if (!ok) {
      ++failures;
      FAIL_CHECK("scenario " << sc << " failed: " << r.message());
      continue;
    }
    const auto& a = *r;
    ok = ok && a.absorbed + a.remainder == ev.deficit;
    money<dec> stage_sum{};
    for (const auto& x : a.by_stage) stage_sum += x;
    ok = ok && stage_sum == a.absorbed;
    ok = ok && l.paid_to(party::loss(trader_id)) == a.absorbed && l.paid_by(party_kind::loss) == money<dec>{};
    ok = ok && (a.remainder == money<dec>{} || a.stages_run == 5);

    // what each payer's own state says it paid
    payers.clear();
    dec dust_bound{};
    for (std::size_t i = 0; i < slots.size(); ++i) {
      const slot& s = slots[i];
      const slot& b = before[i];
      ++seen[static_cast<std::size_t>(s.k)];
      switch (s.k) {
        case kind::margin:
          add(payers, party::trader(trader_id), b.tm.available - s.tm.available);
          ok = ok && s.tm.available.value() >= dec{};
          break;
        case kind::fund: {
          const money<dec> d_shared = b.fund.shared.balance - s.fund.shared.balance;
          add(payers, party::insurance_fund(s.fund.shared.id), d_shared);
          money<dec> paid = d_shared;
          const bool above = b.fund.shared.balance.value() >= b.fund.shared.floor.value();
          ok = ok && (above ? s.fund.shared.balance.value() >= s.fund.shared.floor.value() : d_shared == money<dec>{});
          ok = ok && (s.fund.shared.floor.value() < dec{} || s.fund.shared.balance.value() >= dec{});
          for (std::size_t j = 0; j < s.fund.isolated.size(); ++j) {
            const money<dec> d_iso = b.iso[j].balance - s.iso[j].balance;
            add(payers, party::insurance_fund(s.iso[j].market), d_iso);
            paid += d_iso;
            ok = ok && d_iso.value() >= dec{};
            ok = ok && (s.iso[j].balance.value() >= s.iso[j].floor.value() || d_iso == money<dec>{});
          }
          ok = ok && d_shared.value() >= dec{};
          if (s.fund.per_event_cap) ok = ok && paid.value() <= s.fund.per_event_cap->value();
          if (s.fund.window_cap) ok = ok && s.fund.paid_in_window.value() <= s.fund.window_cap->value();
          break;
        }
        case kind::fee:
          add(payers, party::fee_pool(s.fee.id), b.fee.balance - s.fee.balance);
          ok = ok && (s.fee.balance.value() >= s.fee.floor.value() || s.fee.balance == b.fee.balance);
          break;
        case kind::house:
          add(payers, party::clearing_house(s.house.id), b.house.balance - s.house.balance);
          ok = ok && s.house.balance.value() >= dec{};
          break;
        case kind::dfund:
        case kind::assess:
        case kind::gains:
        case kind::equity: {
          const auto pk = (s.k == kind::dfund || s.k == kind::assess) ? party_kind::member : party_kind::counterparty;
          for (std::size_t j = 0; j < s.n; ++j) {
            add(payers, party{pk, s.stakes[j].id}, b.stakes[j].amount - s.stakes[j].amount);
            ok = ok && s.stakes[j].amount.value() >= dec{} && s.stakes[j].amount.value() <= b.stakes[j].amount.value();
          }
          dust_bound = dust_bound + dec::from_raw(static_cast<std::int64_t>(s.n));  // one unit per payer
          break;
        }
        case kind::index: {
          add(payers, party::open_interest(s.mi[0].market), s.mi[0].charged - b.mi[0].charged);
          // the step is ceil(loss / OI): the charged total exceeds the loss by at most OI x 1 unit + 1 unit
          dust_bound = dust_bound + mul<round::up>(s.mi[0].open_interest.value(), ulp) + ulp + ulp;
          ok = ok && s.mi[0].cumulative.value() >= b.mi[0].cumulative.value();
          break;
        }
        case kind::count: break;
      }
    }
    // every payer's ledger outflow equals the fall of its balance; nobody else pays
    // (one pass over the ledger: this loop is most of the test's time in Debug)
    std::array<money<dec>, 64> outflow{};
    money<dec> paid_total{};
    for (const auto& t : l.entries()) {
      std::size_t j = 0;
      while (j < payers.size() && !(payers[j].p == t.from)) ++j;
      ok = ok && j < payers.size() && (t.to == party::loss(trader_id) || t.to == dust_party);
      ok = ok && t.amount.value() > dec{};
      if (j < payers.size()) outflow[j] += t.amount;
    }
    for (std::size_t j = 0; j < payers.size(); ++j) {
      ok = ok && outflow[j] == payers[j].amount && payers[j].amount.value() >= dec{};
      paid_total += payers[j].amount;
    }
    const money<dec> dust = l.paid_to(dust_party);
    ok = ok && paid_total == a.absorbed + dust && dust.value() >= dec{} && dust.value() <= dust_bound;
    if (a.remainder == money<dec>{}) ++covered;
    if (dust.value() > dec{}) ++with_dust;
    if (!ok) {
      ++failures;
      FAIL_CHECK("conservation broken in scenario " << sc);
    }
  }
  CHECK(failures == 0);
  // the generator reaches every case that matters
  MESSAGE("covered " << covered << ", with dust " << with_dust);
  CHECK(covered > 100'000);
  CHECK(covered < 900'000);
  CHECK(with_dust > 10'000);
  for (long n : seen) CHECK(n > 100'000);
}
