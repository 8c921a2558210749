// Fixed-point multiply and divide in every rounding mode, beside double and
// the raw int64 operation each one wraps, measured in the same run.
//
//   raw mul:  a * b / 10^8 on int64 (the fixed-point product, unchecked, unrounded)
//   raw div:  a * 10^8 / b on int64
//
//   raw int128: the same through the compiler's __int128 (truncating, unchecked)
//
// Operands are small enough that the raw int64 versions cannot overflow, so
// every variant computes the same values. fixed_mul_wide and fixed_muldiv2
// use operands of real positions' size instead (products past 2^64, a
// 192-bit numerator); their ratios are to the same raw baselines. Each figure is the median of five
// repetitions; the table at the end divides each by its raw baseline.
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/number.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {
using solvency::dec;
namespace round = solvency::round;

constexpr std::size_t n_ops = 4096;

struct operands {
  std::vector<std::int64_t> a, b;
  std::vector<dec> da, db;
  std::vector<double> fa, fb;
  operands() {
    std::uint64_t s = 0x1234567;
    auto next = [&] {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      return s >> 33;  // 31 random bits
    };
    for (std::size_t i = 0; i < n_ops; ++i) {
      const auto x = static_cast<std::int64_t>(next()) - (1ll << 30);
      const auto y = static_cast<std::int64_t>(next() | 1);
      a.push_back(x);
      b.push_back(y);
      da.push_back(dec::from_raw(x));
      db.push_back(dec::from_raw(y));
      fa.push_back(static_cast<double>(x) / 1e8);
      fb.push_back(static_cast<double>(y) / 1e8);
    }
  }
};
const operands& ops() {
  static const operands o;
  return o;
}

void raw_mul(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i) acc += o.a[i] * o.b[i] / 100'000'000;
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
void raw_div(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i) acc += o.a[i] * 100'000'000 / o.b[i];
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
__extension__ typedef __int128 i128;
// The same product through the compiler's 128-bit integers: truncating, and
// unchecked, but safe from overflow like the fixed-point type.
void raw_i128_mul(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i)
      acc += static_cast<std::int64_t>(static_cast<i128>(o.a[i]) * o.b[i] / 100'000'000);
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
void raw_i128_div(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i)
      acc += static_cast<std::int64_t>(static_cast<i128>(o.a[i]) * 100'000'000 / o.b[i]);
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
void double_mul(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    double acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i) acc += o.fa[i] * o.fb[i];
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
void double_div(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    double acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i) acc += o.fa[i] / o.fb[i];
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
template <class R>
void fixed_mul(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    std::int64_t acc = 0;  // summed as raw int64, like the baseline: this times mul alone
    for (std::size_t i = 0; i < n_ops; ++i) acc += solvency::mul<R>(o.da[i], o.db[i]).raw();
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
template <class R>
void fixed_div(benchmark::State& st) {
  const auto& o = ops();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i) acc += solvency::div<R>(o.da[i], o.db[i]).raw();
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}

// Operands of the size real positions have (an ADL score): a size of up to
// 50 BTC and prices near 30,000 on 8 decimals, so products pass 2^64 and
// mul takes its 128-bit path, and muldiv2 divides a 150-bit numerator by a
// divisor of about 80 bits: PnL * value / (entry value * equity).
struct wide_operands {
  std::vector<dec> size, price, pnl, value, entry_value, equity;
  wide_operands() {
    std::uint64_t s = 0x7654321;
    auto next = [&] {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      return s >> 33;
    };
    for (std::size_t i = 0; i < n_ops; ++i) {
      size.push_back(dec::from_raw(static_cast<std::int64_t>(next() % 5'000'000'000 + 100'000)));
      price.push_back(dec::from_raw(static_cast<std::int64_t>(2'400'000'000'000 + next() % 1'200'000'000'000)));
      pnl.push_back(dec::from_raw(static_cast<std::int64_t>(next() % 10'000'000'000'000) - 5'000'000'000'000));
      value.push_back(dec::from_raw(static_cast<std::int64_t>(next() % 15'000'000'000'000 + 1'000'000)));
      entry_value.push_back(dec::from_raw(static_cast<std::int64_t>(next() % 15'000'000'000'000 + 1'000'000)));
      equity.push_back(dec::from_raw(static_cast<std::int64_t>(next() % 1'000'000'000'000 + 1'000'000)));
    }
  }
};
const wide_operands& wide() {
  static const wide_operands o;
  return o;
}
template <class R>
void fixed_mul_wide(benchmark::State& st) {
  const auto& o = wide();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i) acc += solvency::mul<R>(o.size[i], o.price[i]).raw();
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}
template <class R>
void fixed_muldiv2(benchmark::State& st) {
  const auto& o = wide();
  for (auto _ : st) {
    std::int64_t acc = 0;
    for (std::size_t i = 0; i < n_ops; ++i)
      acc += solvency::muldiv2<R>(o.pnl[i], o.value[i], o.entry_value[i], o.equity[i]).raw();
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(n_ops));
}

/// Prints the usual console output and keeps each benchmark's median.
class median_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns_per_op;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        ns_per_op[r.run_name.function_name] = r.GetAdjustedRealTime() / static_cast<double>(n_ops);
    ConsoleReporter::ReportRuns(runs);
  }
};

void reg(const char* name, void (*fn)(benchmark::State&)) {
  benchmark::RegisterBenchmark(name, fn)->Repetitions(5)->ReportAggregatesOnly(true)->MinTime(0.05);
}
}  // namespace

int main(int argc, char** argv) {
  reg("raw_int64_mul", raw_mul);
  reg("raw_int64_div", raw_div);
  reg("raw_i128_mul", raw_i128_mul);
  reg("raw_i128_div", raw_i128_div);
  reg("double_mul", double_mul);
  reg("double_div", double_div);
  reg("fixed_mul_down", fixed_mul<round::down>);
  reg("fixed_mul_up", fixed_mul<round::up>);
  reg("fixed_mul_toward_zero", fixed_mul<round::toward_zero>);
  reg("fixed_mul_away_from_zero", fixed_mul<round::away_from_zero>);
  reg("fixed_mul_nearest_even", fixed_mul<round::nearest_even>);
  reg("fixed_mul_nearest_away", fixed_mul<round::nearest_away>);
  reg("fixed_div_down", fixed_div<round::down>);
  reg("fixed_div_up", fixed_div<round::up>);
  reg("fixed_div_toward_zero", fixed_div<round::toward_zero>);
  reg("fixed_div_away_from_zero", fixed_div<round::away_from_zero>);
  reg("fixed_div_nearest_even", fixed_div<round::nearest_even>);
  reg("fixed_div_nearest_away", fixed_div<round::nearest_away>);
  reg("fixed_mul_wide_down", fixed_mul_wide<round::down>);
  reg("fixed_mul_wide_up", fixed_mul_wide<round::up>);
  reg("fixed_muldiv2_down", fixed_muldiv2<round::down>);
  reg("fixed_muldiv2_nearest_even", fixed_muldiv2<round::nearest_even>);
  benchmark::Initialize(&argc, argv);
  median_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);

  const double raw_mul_ns = rep.ns_per_op["raw_int64_mul"], raw_div_ns = rep.ns_per_op["raw_int64_div"];
  const double wide_mul_ns = rep.ns_per_op["raw_i128_mul"], wide_div_ns = rep.ns_per_op["raw_i128_div"];
  std::printf("\n== summary ==\n%-28s %10s %16s %16s\n", "operation (median)", "ns/op", "x raw int64", "x raw int128");
  for (const auto& [name, ns] : rep.ns_per_op) {
    const bool is_div = name.find("div") != std::string::npos;
    const double base = is_div ? raw_div_ns : raw_mul_ns;
    const double wide = is_div ? wide_div_ns : wide_mul_ns;
    std::printf("%-28s %10.3f %16.2f %16.2f\n", name.c_str(), ns, base > 0 ? ns / base : 0.0,
                wide > 0 ? ns / wide : 0.0);
  }
  benchmark::Shutdown();
  return 0;
}
