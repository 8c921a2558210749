// Absorbing 1,000,000 deficits through a five-stage waterfall, in
// nanoseconds per deficit, beside in the same run a hand-written baseline:
//
//   baseline   a loop over an array of pointers to virtual stage objects
//              (the shape a hand-written engine takes), each doing the same
//              arithmetic on the same decimal type and recording the same
//              transfers into the same ledger
//   chain      waterfall::chain<trader_margin, insurance_fund (an isolated
//              fund then the shared pool, a cap per event), fee_pool,
//              house_capital, funding_index_charge>, dec
//   chain, double  the same chain over double
//
// The deficits are generated once (fixed seed); for each, the host sets the
// trader's remaining margin, clears the ledger and absorbs. Stage balances
// are large enough that every stage is reached for a share of the deficits.
// A check before timing runs both implementations over every deficit and
// requires identical ledgers. Each figure is the median of five repetitions.
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include <benchmark/benchmark.h>

#include "support.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {
using namespace solvency;
using namespace solvency::waterfall;

constexpr std::size_t n_deficits = 1'000'000;

template <class N>
N num(std::int64_t raw_e8) {
  if constexpr (std::is_same_v<N, double>)
    return static_cast<double>(raw_e8) / 1e8;
  else
    return N::from_raw(raw_e8);
}

struct raw_event {
  std::int64_t deficit, margin;  // 1e-8 units
};

const std::vector<raw_event>& events() {
  static const std::vector<raw_event> v = [] {
    std::vector<raw_event> out(n_deficits);
    std::uint64_t s = 0x5eedull;
    const auto next = [&s] {
      std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return z ^ (z >> 31);
    };
    for (auto& e : out) {
      e.deficit = static_cast<std::int64_t>(next() % 200'000'000'000ull);  // up to 2,000
      e.margin = static_cast<std::int64_t>(next() % 50'000'000'000ull);    // up to 500
    }
    return out;
  }();
  return v;
}

// --- the chain -----------------------------------------------------------------
template <class N>
struct chain_fixture {
  std::array<market_fund<N>, 1> iso{{{.market = 1, .balance = money<N>{}, .floor = money<N>{}}}};
  std::array<market_index<N>, 1> idx{{{.market = 1, .open_interest = quantity<N>{num<N>(123'456'700'000'000)}}}};
  using chain_t = chain<trader_margin<N>, insurance_fund<N>, fee_pool<N>, house_capital<N>, funding_index_charge<N>>;
  chain_t wf{};
  void reset() {
    iso[0].balance = money<N>{num<N>(20'000'000'000'000'000)};  // 200M
    idx[0].cumulative = price_delta<N>{};
    idx[0].charged = money<N>{};
    wf = chain_t{trader_margin<N>{},
                 insurance_fund<N>{.shared = {.id = shared_fund_id, .balance = money<N>{num<N>(30'000'000'000'000'000)}},
                                   .isolated = iso,
                                   .per_event_cap = money<N>{num<N>(150'000'000'000)}},  // 1,500
                 fee_pool<N>{.id = 1, .balance = money<N>{num<N>(10'000'000'000'000'000)}},
                 house_capital<N>{.id = 1, .balance = money<N>{num<N>(10'000'000'000'000'000)}},
                 funding_index_charge<N>{idx, party::dust(0)}};
  }
};

template <class N>
void run_chain(chain_fixture<N>& f, ledger<N>& l, money<N>& sink) {
  for (const auto& e : events()) {
    f.wf.template stage<0>().available = money<N>{num<N>(e.margin)};
    l.clear();
    const auto r = f.wf.absorb(loss_event<N>{.trader = 7, .market = 1, .deficit = money<N>{num<N>(e.deficit)}}, l);
    if (!r) std::abort();
    sink += r->remainder;
  }
}

// --- the baseline: virtual stage objects -----------------------------------------
struct vstage {
  vstage() = default;
  vstage(const vstage&) = default;
  vstage& operator=(const vstage&) = default;
  virtual ~vstage() = default;
  virtual bool absorb(std::uint64_t trader, market_id m, money<dec>& outstanding, ledger<dec>& l) = 0;
};
inline money<dec> min_m(money<dec> a, money<dec> b) { return b < a ? b : a; }
inline bool pay(party from, std::uint64_t trader, money<dec> a, transfer_reason why, money<dec>& outstanding,
                ledger<dec>& l) {
  if (!l.record({from, party::loss(trader), a, why})) return false;
  outstanding -= a;
  return true;
}
struct v_margin final : vstage {
  money<dec> available{};
  bool absorb(std::uint64_t t, market_id, money<dec>& o, ledger<dec>& l) override {
    const auto a = min_m(available, o);
    available -= a;
    return pay(party::trader(t), t, a, transfer_reason::margin, o, l);
  }
};
struct v_fund final : vstage {
  market_id iso_market = 1;
  money<dec> iso{}, shared{}, cap{};
  bool absorb(std::uint64_t t, market_id m, money<dec>& o, ledger<dec>& l) override {
    money<dec> limit = min_m(o, cap);
    const auto a = m == iso_market ? min_m(limit, iso) : money<dec>{};
    limit -= a;
    const auto b = min_m(limit, shared);
    iso -= a;
    shared -= b;
    if (m == iso_market && !pay(party::insurance_fund(m), t, a, transfer_reason::fund_draw, o, l)) return false;
    return pay(party::insurance_fund(shared_fund_id), t, b, transfer_reason::fund_draw, o, l);
  }
};
struct v_pool final : vstage {
  party who{};
  transfer_reason why{};
  money<dec> balance{};
  bool absorb(std::uint64_t t, market_id, money<dec>& o, ledger<dec>& l) override {
    const auto a = min_m(balance, o);
    balance -= a;
    return pay(who, t, a, why, o, l);
  }
};
struct v_index final : vstage {
  quantity<dec> oi{};
  price_delta<dec> cumulative{};
  money<dec> charged{};
  bool absorb(std::uint64_t t, market_id m, money<dec>& o, ledger<dec>& l) override {
    const auto step = div<round::up>(o, oi);
    const auto c = mul<round::up>(oi, step);
    cumulative += step;
    charged += c;
    const auto dust = c - o;
    if (!l.record({party::open_interest(m), party::loss(t), o, transfer_reason::socialized_loss})) return false;
    if (!l.record({party::open_interest(m), party::dust(0), dust, transfer_reason::rounding_dust})) return false;
    o = money<dec>{};
    return true;
  }
};

struct baseline_fixture {
  v_margin margin;
  v_fund fund;
  v_pool fee, house;
  v_index index;
  std::array<vstage*, 5> stages{&margin, &fund, &fee, &house, &index};
  void reset() {
    fund.iso = money<dec>{dec::from_raw(20'000'000'000'000'000)};
    fund.shared = money<dec>{dec::from_raw(30'000'000'000'000'000)};
    fund.cap = money<dec>{dec::from_raw(150'000'000'000)};
    fee = {};
    fee.who = party::fee_pool(1);
    fee.why = transfer_reason::fee_pool_draw;
    fee.balance = money<dec>{dec::from_raw(10'000'000'000'000'000)};
    house.who = party::clearing_house(1);
    house.why = transfer_reason::house_capital;
    house.balance = money<dec>{dec::from_raw(10'000'000'000'000'000)};
    index.oi = quantity<dec>{dec::from_raw(123'456'700'000'000)};
    index.cumulative = {};
    index.charged = {};
  }
};

void run_baseline(baseline_fixture& f, ledger<dec>& l, money<dec>& sink) {
  for (const auto& e : events()) {
    f.margin.available = money<dec>{dec::from_raw(e.margin)};
    l.clear();
    money<dec> o{dec::from_raw(e.deficit)};
    for (vstage* s : f.stages) {
      if (!(dec{} < o.value())) break;
      if (!s->absorb(7, 1, o, l)) std::abort();
    }
    sink += o;
  }
}

template <class N>
void bench_chain(benchmark::State& st) {
  chain_fixture<N> f;
  ledger_buffer<N, 16> buf;
  for (auto _ : st) {
    st.PauseTiming();
    f.reset();
    st.ResumeTiming();
    money<N> sink{};
    run_chain(f, buf.ledger(), sink);
    benchmark::DoNotOptimize(sink);
  }
}

void bench_baseline(benchmark::State& st) {
  baseline_fixture f;
  ledger_buffer<dec, 16> buf;
  for (auto _ : st) {
    st.PauseTiming();
    f.reset();
    st.ResumeTiming();
    money<dec> sink{};
    run_baseline(f, buf.ledger(), sink);
    benchmark::DoNotOptimize(sink);
  }
}

/// Both implementations, deficit by deficit: identical ledgers, or abort.
void agree() {
  chain_fixture<dec> c;
  baseline_fixture b;
  c.reset();
  b.reset();
  ledger_buffer<dec, 16> lc, lb;
  std::array<std::size_t, 6> reached{};
  for (const auto& e : events()) {
    c.wf.stage<0>().available = money<dec>{dec::from_raw(e.margin)};
    b.margin.available = money<dec>{dec::from_raw(e.margin)};
    lc.ledger().clear();
    lb.ledger().clear();
    const auto r = c.wf.absorb(loss_event<dec>{.trader = 7, .market = 1, .deficit = money<dec>{dec::from_raw(e.deficit)}},
                               lc.ledger());
    money<dec> o{dec::from_raw(e.deficit)};
    for (vstage* s : b.stages) {
      if (!(dec{} < o.value())) break;
      if (!s->absorb(7, 1, o, lb.ledger())) std::abort();
    }
    if (!r || r->remainder != o) std::abort();
    const auto x = lc.ledger().entries(), y = lb.ledger().entries();
    if (x.size() != y.size()) std::abort();
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!(x[i] == y[i])) std::abort();
    ++reached[r->stages_run];
  }
  std::printf("deficits: %zu; last stage reached 1..5: %zu %zu %zu %zu %zu; ledgers identical\n", n_deficits,
              reached[1], reached[2], reached[3], reached[4], reached[5]);
}

void reg(const char* name, void (*fn)(benchmark::State&)) { solvency_bench::reg(name, fn, benchmark::kMillisecond); }
}  // namespace

int main(int argc, char** argv) {
  agree();
  reg("baseline_virtual_fixed", bench_baseline);
  reg("chain_fixed", bench_chain<dec>);
  reg("chain_double", bench_chain<double>);
  benchmark::Initialize(&argc, argv);
  solvency_bench::median_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  const auto ns = [&](const char* name) {
    return rep.ns.count(name) != 0 ? rep.ns[name] * 1e6 / static_cast<double>(n_deficits) : -1.0;
  };  // ms per 1M -> ns per deficit
  const double base = ns("baseline_virtual_fixed"), fix = ns("chain_fixed"), dbl = ns("chain_double");
  std::printf("\n== summary ==\n%-44s %12s %14s\n", "1,000,000 deficits, five stages (median)", "ns/deficit",
              "baseline / x");
  const std::pair<const char*, double> rows[] = {{"baseline: virtual stages, fixed point", base},
                                                 {"solvency chain, fixed point (dec)", fix},
                                                 {"solvency chain, double", dbl}};
  for (const auto& [name, v] : rows)
    if (v >= 0) std::printf("%-44s %12.2f %14.2f\n", name, v, v > 0 ? base / v : 0.0);
  std::printf("\ntarget: fixed point <= 50 ns/deficit: %s\n",
              fix < 0 ? "not measured" : (fix <= 50 ? "met" : "NOT met"));
  benchmark::Shutdown();
  return 0;
}
