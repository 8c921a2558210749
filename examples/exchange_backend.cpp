// A minimal exchange backend loop: isolated BTCUSDT accounts in memory, a
// stream of mark prices, and the Binance USD-M preset deciding, planning and
// settling liquidations; each deficit goes down Binance's waterfall preset
// (the trader's free balance, the insurance fund, then ADL against
// profitable shorts).
// Every movement of money is a transfer in one ledger, printed at the end;
// the program checks its own books and exits non-zero if money was created
// or lost.
#include <solvency/venues/binance_usdm.hpp>
#include <solvency/venues/processes.hpp>
#include <solvency/venues/waterfalls.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {
using namespace solvency;
using namespace solvency::literals;

constexpr market_id btcusdt = 1;
constexpr quantity<dec> lot{0.001_dec};
constexpr rate<dec> clearance_rate{0.003_dec};  // Binance's 2019-2020 BTCUSDT rate (venues.md 1.3)
constexpr rate<dec> impact_per_btc{0.0001_dec};  // the book: each BTC sold moves the fill 1 bp below the mark
constexpr money<dec> initial_fund{500.0_dec};

struct account {
  account_id id = 0;
  margined_position<dec> mp{};  ///< the isolated position and its margin
  money<dec> free{};            ///< wallet balance outside the position (the waterfall's first stage)
  bool open = true;
};

position<dec> btc_long(dec size) { return {side::long_, quantity{size}, price{20000.0_dec}, linear_contract(1.0_dec)}; }

std::string str(money<dec> m) { return m.value().to_string(); }
std::string str(price<dec> p) { return p.value().to_string(); }
std::string str(quantity<dec> q) { return q.value().to_string(); }
std::string str(party p) { return std::string(name(p.kind)) + "(" + std::to_string(p.id) + ")"; }

/// Where selling `q` into the book fills: the mark less 1 bp per BTC.
price<dec> market_fill(price<dec> mark, quantity<dec> q) {
  const rate<dec> impact{mul<round::up>(q.value(), impact_per_btc.value())};
  return mark - mul<round::up>(mark, impact);
}

int failures = 0;
void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("INVARIANT BROKEN: %s\n", what);
    ++failures;
  }
}
}  // namespace

int main() {
  const auto proc =
      venues::binance_usdm_process(venues::binance_usdm::btcusdt<dec>(), lot, clearance_rate);

  std::vector<account> accounts{
      {1, {btc_long(30.0_dec), money{7000.0_dec}, {}}, money{0.0_dec}},   // large: partial liquidation
      {2, {btc_long(3.0_dec), money{1200.0_dec}, {}}, money{0.0_dec}},    // 50x
      {3, {btc_long(10.0_dec), money{10000.0_dec}, {}}, money{0.0_dec}},  // 20x
      {4, {btc_long(2.0_dec), money{400.0_dec}, {}}, money{100.0_dec}},   // 100x, 100 USDT free
  };
  // profitable shorts: the ADL queue
  std::vector<adl::holder<dec>> shorts{
      {101, {side::short_, quantity{20.0_dec}, price{20500.0_dec}, linear_contract(1.0_dec)}, money{20000.0_dec}, {}, {}},
      {102, {side::short_, quantity{15.0_dec}, price{20200.0_dec}, linear_contract(1.0_dec)}, money{5000.0_dec}, {}, {}},
  };
  std::vector<adl::stage<adl::binance_ranking, dec>::entry> scratch(shorts.size());

  // Binance's waterfall: the trader's free balance, the shared insurance
  // fund, then ADL ("counterparty liquidation") by Binance's ranking
  auto wf = venues::make_binance_usdm_waterfall<dec>({.balance = initial_fund}, {}, shorts, scratch);
  const party fund = party::insurance_fund(waterfall::shared_fund_id);

  std::vector<transfer<dec>> storage(256);
  ledger<dec> book{storage};

  money<dec> deficits{}, absorbed{}, unabsorbed{}, fund_inflow{};
  const std::array marks{20000.0_dec, 19950.0_dec, 19900.0_dec, 19800.0_dec, 19700.0_dec,
                         19500.0_dec, 19200.0_dec, 18600.0_dec, 18500.0_dec};

  for (std::size_t t = 0; t < marks.size(); ++t) {
    const price<dec> mark{marks[t]};
    std::printf("-- t=%zu mark %s\n", t, str(mark).c_str());
    for (auto& a : accounts) {
      if (!a.open) continue;
      venues::process_context<dec> ctx;
      ctx.now = static_cast<std::int64_t>(t);
      const auto p = venues::plan_liquidation(proc, a.mp, mark, ctx);
      if (!p) {
        std::printf("account %llu: %s\n", static_cast<unsigned long long>(a.id), p.message().data());
        return 1;
      }
      if (!p->decision.liquidating()) continue;
      std::printf("account %llu: equity %s < maintenance %s, bankruptcy %s\n", static_cast<unsigned long long>(a.id),
                  str(p->decision.equity).c_str(), str(p->decision.maintenance).c_str(), str(p->bankruptcy).c_str());
      for (const auto& s : p->plan.steps()) {
        if (s.kind == step_kind::cancel_orders) {
          std::printf("  cancel orders\n");
          continue;
        }
        // an IOC reduce that the book cannot fill at its limit becomes a
        // takeover of the whole position (Binance: "if still deficient, the
        // insurance fund takes over at the bankruptcy price")
        quantity<dec> q = s.size;
        price<dec> fill = market_fill(mark, q);
        if (s.kind == step_kind::reduce && fill < s.limit) {
          std::printf("  reduce %s at %s: the book offers %s, not filled -> takeover\n", str(q).c_str(),
                      str(s.limit).c_str(), str(fill).c_str());
          q = a.mp.pos.size;
          fill = market_fill(mark, q);
        }
        settlement_input<dec> in;
        in.pos = a.mp.pos;
        in.margin = venues::margin_share(a.mp, q).value();
        in.fill = {q, fill};
        in.bankruptcy = p->bankruptcy;
        in.trader = party::trader(a.id);
        in.fund = fund;
        in.fee_payee = fund;
        const auto st = venues::settle_fill(proc, in, book);
        if (!st) {
          std::printf("  settlement: %s\n", st.message().data());
          return 1;
        }
        expect(st->net() == in.margin + st->close_pnl, "fee + surplus + residual - deficit == margin + close PnL");
        std::printf("  %s %s at %s: fee %s, to fund %s, kept %s, deficit %s\n",
                    s.kind == step_kind::reduce ? "reduce" : "takeover", str(q).c_str(), str(fill).c_str(),
                    str(st->liquidation_fee).c_str(), str(st->to_fund).c_str(), str(st->residual).c_str(),
                    str(st->deficit).c_str());
        wf.stage<1>().shared.balance += st->liquidation_fee + st->to_fund;
        fund_inflow += st->liquidation_fee + st->to_fund;
        a.mp.pos.size -= q;
        a.mp.margin -= in.margin;
        if (a.mp.pos.size.value() > dec{})
          a.mp.margin += st->residual;  // isolated: what the closed part left stays in the position
        else {
          a.free += st->residual;
          a.open = false;
        }
        if (st->deficit.value() > dec{}) {
          deficits += st->deficit;
          wf.stage<0>().available = a.free;
          const std::size_t before = book.size();
          const auto ab = wf.absorb(venues::loss_event_of(*st, in, btcusdt, ctx.now, mark), book);
          if (!ab) {
            std::printf("  waterfall: %s\n", ab.message().data());
            return 1;
          }
          a.free = wf.stage<0>().available;
          money<dec> into_loss{};
          for (std::size_t i = before; i < book.size(); ++i)
            if (book.entries()[i].to == party::loss(a.id)) into_loss += book.entries()[i].amount;
          expect(into_loss == ab->absorbed, "the waterfall's transfers into the loss sum to what it absorbed");
          expect(ab->absorbed + ab->remainder == st->deficit, "absorbed + remainder == deficit");
          absorbed += ab->absorbed;
          unabsorbed += ab->remainder;
          std::printf("  waterfall: trader %s, fund %s, ADL %s, left %s\n", str(ab->by_stage[0]).c_str(),
                      str(ab->by_stage[1]).c_str(), str(ab->by_stage[2]).c_str(), str(ab->remainder).c_str());
        }
        if (!a.open) break;
      }
    }
  }

  std::printf("\n== ledger (%zu transfers) ==\n", book.size());
  for (const auto& e : book.entries())
    std::printf("%-26s -> %-26s %14s  %s\n", str(e.from).c_str(), str(e.to).c_str(), str(e.amount).c_str(),
                std::string(name(e.reason)).c_str());

  // -- the books must balance -------------------------------------------------
  std::vector<party> parties;
  for (const auto& e : book.entries())
    for (const party p : {e.from, e.to})
      if (std::find(parties.begin(), parties.end(), p) == parties.end()) parties.push_back(p);
  money<dec> sum{};
  for (const party p : parties) sum += book.net(p);
  expect(sum == money<dec>{}, "the ledger nets to zero over every party");
  expect(book.paid_to(party_kind::loss) == absorbed, "every absorbed unit is a transfer into a loss");
  expect(deficits == absorbed + unabsorbed, "every deficit is absorbed or reported");
  expect(wf.stage<1>().shared.balance == initial_fund + book.net(fund), "the fund's balance matches the ledger");
  expect(book.total(transfer_reason::liquidation_fee) + book.total(transfer_reason::surplus) == fund_inflow,
         "fees and surpluses recorded are what the fund received");
  for (const auto& a : accounts)
    if (a.open) {
      const auto d = venues::assess(proc, a.mp, price{marks.back()});
      expect(d && !d->liquidating(), "no open position is left liquidatable");
    }

  std::printf("\ndeficits %s = absorbed %s + unabsorbed %s; fund %s -> %s\n", str(deficits).c_str(),
              str(absorbed).c_str(), str(unabsorbed).c_str(), str(initial_fund).c_str(),
              str(wf.stage<1>().shared.balance).c_str());
  std::printf(failures == 0 ? "books balance\n" : "BOOKS DO NOT BALANCE\n");
  return failures == 0 ? 0 : 1;
}
