// Liquidation prices of 1,000,000 isolated positions on a Binance-like
// ten-tier bracket table (tiered_with_deduction over a run-time view), in
// nanoseconds per position, beside in the same run:
//
//   floor      a plain read of the same position array: the memory-bandwidth
//              floor of any function of the positions
//   floor + write  the same read, and one result written per position: the
//              memory traffic of any batch that writes its answers (for
//              reference; the targets are stated against the plain read)
//   floor + streamed write  the same with non-temporal stores (x86-64 only),
//              which skip reading the answers' cache lines before writing
//              them: the least traffic of a batch that writes its answers
//   baseline   what a competent engineer writes by hand: an abstract margin
//              model class (virtual dispatch), double arithmetic, a linear
//              search of the brackets, Binance's formula re-solved until the
//              bracket of the answer is the bracket assumed
//   double     liquidation_prices over margined_position<double>
//   fixed      liquidation_prices over margined_position<dec> (decimal<8>)
//
// and every liquidation price of one cross account of 100 positions
// (cross_liquidation_prices), per account. Each figure is the median of five
// repetitions; the table at the end gives the ratios the targets are stated in.
#include <solvency/liquidation/cross.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>

#include <benchmark/benchmark.h>

#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>
#include <memory>
#include <string>
#include <vector>

namespace {
using namespace solvency;
using namespace solvency::literals;

constexpr std::size_t n_positions = 1'000'000;
constexpr std::size_t n_cross = 100;

// --- the bracket table: Binance BTCUSDT, 2021 (venues.md 1.1) -----------------
constexpr std::array<double, 10> caps{50e3, 250e3, 1e6, 10e6, 20e6, 50e6, 100e6, 200e6, 300e6, 500e6};
constexpr std::array<double, 10> mmrs{0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5};
constexpr std::array<int, 10> levs{125, 100, 50, 20, 10, 5, 4, 3, 2, 1};

template <class N>
N from(double x) {
  if constexpr (std::is_same_v<N, double>)
    return x;
  else
    return N::template from_double<round::nearest_even>(x).value();
}

template <class N>
struct table {
  std::array<tier_row<N>, 10> rows{};
  tiered_with_deduction<N> model{};
  table() {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const N lev = from_int<N>(levs[i]);
      rows[i] = {from<N>(caps[i]), rate<N>{from<N>(mmrs[i])}, rate<N>{div<round::up>(from_int<N>(1), lev)}, rate<N>{lev},
                 {}, false};
    }
    if (!fill_deductions(std::span<tier_row<N>>(rows))) std::abort();
    model = {tier_table_view<N>::make(rows).value(), tier_basis::notional};
  }
};

// --- the positions -------------------------------------------------------------
// BTCUSDT-like: 0.001 BTC lots, entries 20,000-100,000, notionals across the
// first five brackets, leverage 1-100x within the bracket's maximum.
struct raw_position {
  bool is_long;
  double size, entry, margin;
};

std::vector<raw_position> make_raw(std::size_t n, std::uint64_t seed) {
  std::vector<raw_position> out;
  out.reserve(n);
  std::uint64_t s = seed;
  auto next = [&] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return s >> 33;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double entry = 20000.0 + static_cast<double>(next() % 8000000) / 100.0;  // cents
    // notional log-uniform over 1k .. 20M
    const double notional = std::pow(10.0, 3.0 + 4.3 * static_cast<double>(next() % 1000000) / 1e6);
    const double size = std::max(1.0, std::floor(notional / entry * 1000.0)) / 1000.0;
    std::size_t k = 0;
    while (k + 1 < caps.size() && size * entry > caps[k]) ++k;
    const double max_lev = std::min(100.0, static_cast<double>(levs[k]));
    const double lev = 1.0 + std::floor((max_lev - 1.0) * static_cast<double>(next() % 1000) / 1000.0);
    const double margin = std::floor(size * entry / lev * 100.0) / 100.0;
    out.push_back({(next() & 1u) != 0, size, entry, margin});
  }
  return out;
}

template <class N>
std::vector<margined_position<N>> convert(const std::vector<raw_position>& raw) {
  std::vector<margined_position<N>> out;
  out.reserve(raw.size());
  for (const raw_position& r : raw)
    out.push_back({{r.is_long ? side::long_ : side::short_, quantity<N>{from<N>(r.size)}, price<N>{from<N>(r.entry)},
                    linear_contract(from_int<N>(1))},
                   money<N>{from<N>(r.margin)},
                   {}});
  return out;
}

template <class N>
struct fixture {
  table<N> t;
  std::vector<margined_position<N>> positions;
  std::vector<result<solved_price<N>>> out;
  fixture() : positions(convert<N>(make_raw(n_positions, 0x5eed))), out(n_positions, solved_price<N>{}) {}
};
template <class N>
fixture<N>& data() {
  static fixture<N> f;
  return f;
}

// --- the hand-written baseline ---------------------------------------------------
struct bracket {
  double cap, mmr, cum;
};
class margin_model {  // what a hand-written engine would have: an interface per model kind
 public:
  virtual ~margin_model() = default;
  [[nodiscard]] virtual const bracket& bracket_for(double notional) const = 0;
};
class bracket_table final : public margin_model {
 public:
  explicit bracket_table(std::vector<bracket> b) : b_(std::move(b)) {}
  [[nodiscard]] const bracket& bracket_for(double notional) const override {
    for (const bracket& b : b_)
      if (notional <= b.cap) return b;
    return b_.back();
  }

 private:
  std::vector<bracket> b_;
};
std::unique_ptr<margin_model> make_baseline_model() {
  std::vector<bracket> b;
  double cum = 0;
  for (std::size_t i = 0; i < caps.size(); ++i) {
    if (i > 0) cum += caps[i - 1] * (mmrs[i] - mmrs[i - 1]);
    b.push_back({caps[i], mmrs[i], cum});
  }
  b.back().cap = 1e300;
  return std::make_unique<bracket_table>(std::move(b));
}
/// Binance's formula, re-solved in the bracket of the answer until it holds.
double hand_written_lp(const margin_model& m, const margined_position<double>& mp, double tick) {
  const double s = mp.pos.side == side::long_ ? 1.0 : -1.0;
  const double q = mp.pos.size.value() * mp.pos.spec.multiplier, e = mp.pos.entry.value(), wb = mp.margin.value();
  const bracket* b = &m.bracket_for(q * e);
  double lp = 0;
  for (int it = 0; it < 10; ++it) {
    lp = (wb + b->cum - s * q * e) / (q * b->mmr - s * q);
    const bracket* at = &m.bracket_for(q * std::max(lp, 0.0));
    if (at == b) break;
    b = at;
  }
  if (lp <= 0) return 0;
  return s > 0 ? std::ceil(lp / tick) * tick : std::floor(lp / tick) * tick;
}

// --- benchmarks ----------------------------------------------------------------
void floor_read(benchmark::State& st) {
  const auto& f = data<double>();
  for (auto _ : st) {
    double acc = 0;
    for (const auto& mp : f.positions)
      acc += mp.pos.size.value() + mp.pos.entry.value() + mp.margin.value() + mp.pos.spec.multiplier +
             static_cast<double>(mp.pos.side);
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_positions));
}

/// The floor's read, and a result per position written to the output array.
void floor_read_write(benchmark::State& st) {
  auto& f = data<double>();
  for (auto _ : st) {
    for (std::size_t i = 0; i < n_positions; ++i) {
      const auto& mp = f.positions[i];
      f.out[i] = solved_price<double>{price_state::at_price,
                                      price<double>{mp.pos.size.value() + mp.pos.entry.value() + mp.margin.value() +
                                                    mp.pos.spec.multiplier + static_cast<double>(mp.pos.side)}};
    }
    benchmark::DoNotOptimize(f.out.data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_positions));
}

#if defined(__SSE2__) && defined(__x86_64__)
/// The read and write of floor_read_write, the answers stored around the
/// cache (three 8-byte non-temporal stores per 24-byte answer).
void floor_read_stream(benchmark::State& st) {
  auto& f = data<double>();
  // the answer's bytes: a solved price, whose price word is then replaced
  static_assert(sizeof(result<solved_price<double>>) == 24);
  const result<solved_price<double>> shape = solved_price<double>{price_state::at_price, price<double>{1.5}};
  std::array<long long, 3> words{};
  std::memcpy(words.data(), &shape, sizeof shape);
  std::size_t at = 0;  // the word holding the price
  while (at < 3 && words[at] != std::bit_cast<long long>(1.5)) ++at;
  for (auto _ : st) {
    for (std::size_t i = 0; i < n_positions; ++i) {
      const auto& mp = f.positions[i];
      const double v = mp.pos.size.value() + mp.pos.entry.value() + mp.margin.value() + mp.pos.spec.multiplier +
                       static_cast<double>(mp.pos.side);
      auto* dst = reinterpret_cast<long long*>(&f.out[i]);
      for (std::size_t w = 0; w < 3; ++w) _mm_stream_si64(dst + w, w == at ? std::bit_cast<long long>(v) : words[w]);
    }
    _mm_sfence();
    benchmark::DoNotOptimize(f.out.data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_positions));
}
#endif

void baseline(benchmark::State& st) {
  auto& f = data<double>();
  const std::unique_ptr<margin_model> m = make_baseline_model();
  const margin_model* model = m.get();
  benchmark::DoNotOptimize(model);  // the engine knows its model only by its interface
  std::vector<double> out(n_positions);
  for (auto _ : st) {
    for (std::size_t i = 0; i < n_positions; ++i) out[i] = hand_written_lp(*model, f.positions[i], 0.1);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_positions));
}

template <class N>
void isolated(benchmark::State& st) {
  auto& f = data<N>();
  const liquidation_convention<N> conv{};
  const price_delta<N> tick{from<N>(0.1)};
  for (auto _ : st) {
    const auto r = liquidation_prices(f.positions, f.t.model, conv, tick, f.out);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(f.out.data());
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_positions));
}

template <class N>
struct cross_fixture {
  table<N> t;
  std::vector<position<N>> positions;
  std::vector<price<N>> marks;
  std::vector<tiered_with_deduction<N>> models;
  std::vector<result<solved_price<N>>> out;
  money<N> wallet{};
  cross_fixture() : out(n_cross, solved_price<N>{}) {
    const auto raw = make_raw(n_cross, 0xc055);
    double total = 0;
    for (const raw_position& r : raw) {
      positions.push_back({r.is_long ? side::long_ : side::short_, quantity<N>{from<N>(r.size)}, price<N>{from<N>(r.entry)},
                           linear_contract(from_int<N>(1))});
      marks.push_back(price<N>{from<N>(std::floor(r.entry * 1.01 * 100.0) / 100.0)});
      models.push_back(t.model);
      total += r.margin;
    }
    wallet = money<N>{from<N>(std::floor(total * 100.0) / 100.0)};
  }
};

/// OneModel: the account's positions share one model (read once); else a
/// model per position (per_position), each asked for every position.
template <class N, bool OneModel>
void cross(benchmark::State& st) {
  static cross_fixture<N> f;
  const account_view<N> acct{1, f.wallet, f.positions};
  const liquidation_convention<N> conv{};
  const price_delta<N> tick{from<N>(0.1)};
  for (auto _ : st) {
    result<void> r;
    if constexpr (OneModel)
      r = cross_liquidation_prices(acct, f.marks, f.t.model, conv, tick, f.out);
    else
      r = cross_liquidation_prices(acct, f.marks, per_position(std::span<const tiered_with_deduction<N>>(f.models)), conv,
                                   tick, f.out);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(f.out.data());
    benchmark::ClobberMemory();
  }
}

/// Checks, once, that the three solvers agree (so the race is fair).
void agree() {
  auto& fd = data<double>();
  auto& fx = data<dec>();
  const auto m = make_baseline_model();
  if (!liquidation_prices(fd.positions, fd.t.model, liquidation_convention<double>{}, price_delta{0.1}, fd.out) ||
      !liquidation_prices(fx.positions, fx.t.model, liquidation_convention<dec>{}, price_delta{0.1_dec}, fx.out))
    std::abort();
  std::size_t differ = 0, crossed = 0;
  for (std::size_t i = 0; i < n_positions; ++i) {
    const double hand = hand_written_lp(*m, fd.positions[i], 0.1);
    const double d = fd.out[i]->has_price() ? fd.out[i]->value.value() : 0.0;
    const double x = fx.out[i]->has_price() ? fx.out[i]->value.value().to_double() : 0.0;
    if (std::abs(hand - d) > 0.1001 || std::abs(x - d) > 0.1001) ++differ;
    const double q = fd.positions[i].pos.size.value();
    if (d > 0 && &m->bracket_for(q * fd.positions[i].pos.entry.value()) != &m->bracket_for(q * d)) ++crossed;
  }
  std::printf("positions: %zu, answers in another bracket than the entry's: %zu, disagreeing by more than a tick: %zu\n",
              n_positions, crossed, differ);
}

class median_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns;  // median real time per iteration
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        ns[r.run_name.function_name] = r.GetAdjustedRealTime();
    ConsoleReporter::ReportRuns(runs);
  }
};

void reg(const char* name, void (*fn)(benchmark::State&)) {
  benchmark::RegisterBenchmark(name, fn)->Repetitions(5)->ReportAggregatesOnly(true)->Unit(benchmark::kNanosecond);
}
}  // namespace

int main(int argc, char** argv) {
  agree();
  reg("floor_read", floor_read);
  reg("floor_read_write", floor_read_write);
#if defined(__SSE2__) && defined(__x86_64__)
  reg("floor_read_stream", floor_read_stream);
#endif
  reg("baseline_virtual_double", baseline);
  reg("solvency_double", isolated<double>);
  reg("solvency_fixed", isolated<dec>);
  reg("cross100_one_model_double", cross<double, true>);
  reg("cross100_one_model_fixed", cross<dec, true>);
  reg("cross100_model_each_double", cross<double, false>);
  reg("cross100_model_each_fixed", cross<dec, false>);
  benchmark::Initialize(&argc, argv);
  median_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);

  const auto ns = [&](const char* name) { return rep.ns.count(name) != 0 ? rep.ns[name] : -1.0; };
  const double per = static_cast<double>(n_positions);
  const double floor_ns = ns("floor_read") / per, base_ns = ns("baseline_virtual_double") / per;
  const double dbl_ns = ns("solvency_double") / per, fix_ns = ns("solvency_fixed") / per;
  std::printf("\n== summary ==\n%-36s %12s %10s %14s\n", "isolated, 1M positions (median)", "ns/position", "x floor", "baseline / x");
  const std::pair<const char*, double> rows[] = {{"floor: plain read", floor_ns},
                                                 {"floor + a result written", ns("floor_read_write") / per},
                                                 {"floor + a result streamed", ns("floor_read_stream") / per},
                                                 {"baseline: virtual model, double", base_ns},
                                                 {"solvency, double", dbl_ns},
                                                 {"solvency, fixed point (dec)", fix_ns}};
  for (const auto& [name, v] : rows)
    if (v >= 0) std::printf("%-36s %12.2f %10.2f %14.2f\n", name, v, floor_ns > 0 ? v / floor_ns : 0.0, v > 0 ? base_ns / v : 0.0);
  std::printf("\n%-36s %12s\n", "cross account, 100 positions (median)", "us/account");
  const std::pair<const char*, const char*> cross_rows[] = {
      {"one model, double", "cross100_one_model_double"}, {"one model, fixed point (dec)", "cross100_one_model_fixed"},
      {"a model each, double", "cross100_model_each_double"}, {"a model each, fixed point (dec)", "cross100_model_each_fixed"}};
  for (const auto& [label, name] : cross_rows)
    if (ns(name) >= 0) std::printf("%-36s %12.3f\n", label, ns(name) / 1000.0);
  const auto verdict = [](double v, bool met) { return v < 0 ? "not measured" : (met ? "met" : "NOT met"); };
  std::printf("\ntargets: fixed <= 15 ns/position: %s; double <= 1.5 x floor: %s; double >= 2 x faster than baseline: %s\n",
              verdict(fix_ns, fix_ns <= 15), verdict(dbl_ns, dbl_ns <= 1.5 * floor_ns), verdict(dbl_ns, base_ns >= 2 * dbl_ns));
  std::printf("cross(100) < 2 us: one model double %s, fixed %s; a model each double %s, fixed %s\n",
              verdict(ns("cross100_one_model_double"), ns("cross100_one_model_double") < 2000),
              verdict(ns("cross100_one_model_fixed"), ns("cross100_one_model_fixed") < 2000),
              verdict(ns("cross100_model_each_double"), ns("cross100_model_each_double") < 2000),
              verdict(ns("cross100_model_each_fixed"), ns("cross100_model_each_fixed") < 2000));
  benchmark::Shutdown();
  return 0;
}
