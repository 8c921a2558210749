// The deleveraging-spiral simulator at scale: one whole run (load the
// accounts, solve and index every liquidation price, then 1,000 steps of a
// 10% fall with forced orders into an order book) for 10,000, 100,000 and
// 1,000,000 generated accounts, beside in the same run:
//
//   naive    the same engine with scan_mode::full_scan: every step scans every
//            account for crossed liquidation prices (what a straightforward
//            simulator does: O(n x steps)); run up to 100,000 accounts only,
//            to keep the benchmark short (at 1,000,000 it would take minutes)
//
// Both give the same timeline (tests/unit/sim/engine.cpp checks it). Each
// figure is the median of its repetitions; the summary gives the time per
// run, per account-step, the growth from one size to the next (10x the
// accounts: near 10x is linear) and the naive loop's time over the indexed.
// Target: 1,000,000 accounts x 1,000 steps in at most 2 s on one core.
#include <solvency/sim/engine.hpp>
#include <solvency/sim/impact.hpp>
#include <solvency/sim/population.hpp>
#include <solvency/venues/binance_usdm.hpp>

#include <benchmark/benchmark.h>

#include "support.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace {
using namespace solvency;
using N = dec;

constexpr std::size_t steps = 1000;

struct fixture {
  std::vector<sim::account_record<N>> accounts;
  std::vector<price<N>> path;
  money<N> fund{};
};

const fixture& data(std::size_t n) {
  static std::map<std::size_t, fixture> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  fixture f;
  sim::population_params<N> p{};
  p.accounts = n;
  p.seed = 1;
  if (!sim::generate(p, f.accounts)) std::abort();
  if (!sim::shock_path(price<N>{from_int<N>(50'000)}, rate<N>{div<round::down>(from_int<N>(1), from_int<N>(10))}, 500,
                       steps, f.path))
    std::abort();
  // a fund of 0.5% of the open interest's value; a book 1 BTC per 5.00 level
  // per 10,000 accounts, so the cascade is the same shape at every size
  money<N> v{};
  for (const auto& a : f.accounts)
    if (a.side == side::long_) v += mul<round::down>(a.size, a.entry);
  f.fund = mul<round::down>(v, rate<N>{div<round::down>(from_int<N>(5), from_int<N>(1000))});
  return cache.emplace(n, std::move(f)).first->second;
}

using config_t = sim::config<venues::binance_usdm::rulebook<N>, sim::order_book<N>>;

config_t make(std::size_t n, sim::scan_mode mode, bool empty_fund = false) {
  config_t c{};
  c.rules = venues::binance_usdm::btcusdt<N>();
  // the empty-fund run also gets a book ten times thinner, so that closes
  // fill below bankruptcy and ADL has work to do
  const std::size_t per = empty_fund ? 100'000 : 10'000;
  const auto depth = static_cast<std::int64_t>(n / per == 0 ? 1 : n / per);
  c.impact = sim::order_book<N>{price_delta<N>{from_int<N>(5)}, quantity<N>{from_int<N>(depth)}, 400,
                                rate<N>{div<round::down>(from_int<N>(2), from_int<N>(100))}};
  c.waterfall.stage<0>().shared.balance = empty_fund ? money<N>{} : data(n).fund;
  c.scan = mode;
  return c;
}

std::map<std::size_t, sim::summary<N>> last;
sim::summary<N> last_adl{};
std::size_t adl_closes = 0;    // counterparty closes (ADL events x counterparties) in the ADL run
std::size_t adl_step_count = 0;  // steps with ADL in it

/// The same run with an empty fund and a thin book: ADL from the first
/// deficit on: the library's ADL (adl::execute over a persistent
/// adl::queue), the opposite side ranked once in every step that needs it
/// and only the counterparties each event closes rescored.
void run_adl(benchmark::State& st, std::size_t n) {
  const fixture& f = data(n);
  for (auto _ : st) {
    auto o = sim::simulate(make(n, sim::scan_mode::indexed, true), std::span<const sim::account_record<N>>(f.accounts),
                           std::span<const price<N>>(f.path), [](std::size_t, std::size_t) {});
    if (!o.ok()) std::abort();
    last_adl = o.metrics;
    adl_closes = adl_step_count = 0;
    for (const auto& r : o.timeline) {
      adl_closes += r.adl_count;
      if (r.adl_count > 0) ++adl_step_count;
    }
  }
}

void run(benchmark::State& st, std::size_t n, sim::scan_mode mode) {
  const fixture& f = data(n);
  for (auto _ : st) {
    auto o = sim::simulate(make(n, mode), std::span<const sim::account_record<N>>(f.accounts),
                           std::span<const price<N>>(f.path), [](std::size_t, std::size_t) {});
    if (!o.ok()) std::abort();
    benchmark::DoNotOptimize(o.metrics);
    if (mode == sim::scan_mode::indexed) last[n] = o.metrics;
  }
}

/// Load alone: validate, sort by id, solve and index every liquidation price.
void load_only(benchmark::State& st, std::size_t n) {
  const fixture& f = data(n);
  for (auto _ : st) {
    sim::engine<config_t> e(make(n, sim::scan_mode::indexed));
    if (!e.load(std::span<const sim::account_record<N>>(f.accounts))) std::abort();
    benchmark::DoNotOptimize(e.accounts().data());
  }
}

std::string name_of(const char* kind, std::size_t n) { return std::string(kind) + "_" + std::to_string(n); }
}  // namespace

int main(int argc, char** argv) {
  const std::size_t sizes[] = {10'000, 100'000, 1'000'000};
  for (std::size_t n : sizes) {
    const int reps = n >= 1'000'000 ? 3 : 5;
    benchmark::RegisterBenchmark(name_of("indexed", n).c_str(),
                                 [n](benchmark::State& s) { run(s, n, sim::scan_mode::indexed); })
        ->Repetitions(reps)->Iterations(1)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(name_of("load", n).c_str(), [n](benchmark::State& s) { load_only(s, n); })
        ->Repetitions(reps)->Iterations(1)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond);
    if (n <= 100'000)
      benchmark::RegisterBenchmark(name_of("naive", n).c_str(),
                                   [n](benchmark::State& s) { run(s, n, sim::scan_mode::full_scan); })
          ->Repetitions(3)->Iterations(1)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("indexed_empty_fund_1000000", [](benchmark::State& s) { run_adl(s, 1'000'000); })
      ->Repetitions(3)->Iterations(1)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond);
  for (std::size_t n : sizes) (void)data(n);  // generate outside the timings
  benchmark::Initialize(&argc, argv);
  solvency_bench::median_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);

  // medians in the benchmarks' unit (milliseconds), as seconds
  const auto secs = [&](const std::string& k) { return rep.ns.count(k) != 0 ? rep.ns[k] / 1e3 : -1.0; };
  std::printf("\n== summary ==\n%zu steps, medians; naive measured up to 100,000 accounts\n", steps);
  std::printf("%10s %10s %8s %10s %16s %8s %10s %14s %11s %7s\n", "accounts", "indexed s", "growth", "of which",
              "steps ns/acct-st", "growth", "naive s", "naive/indexed", "liquidated", "ADL'd");
  std::printf("%10s %10s %8s %10s %16s %8s\n", "", "", "", "load s", "", "");
  double prev = -1, prev_steps = -1;
  for (std::size_t n : sizes) {
    const double t = secs(name_of("indexed", n));
    const double ld = secs(name_of("load", n));
    const double st = t - ld;  // the 1,000 steps alone
    const double nv = secs(name_of("naive", n));
    const auto& m = last[n];
    char growth[32] = "-", growth_steps[32] = "-", naive[32] = "-", ratio[32] = "-";
    if (prev > 0 && t > 0) std::snprintf(growth, sizeof growth, "%.1fx", t / prev);
    if (prev_steps > 0 && st > 0) std::snprintf(growth_steps, sizeof growth_steps, "%.1fx", st / prev_steps);
    if (nv > 0) {
      std::snprintf(naive, sizeof naive, "%.3f", nv);
      std::snprintf(ratio, sizeof ratio, "%.1fx", nv / t);
    }
    std::printf("%10zu %10.3f %8s %10.3f %16.2f %8s %10s %14s %11zu %7zu\n", n, t, growth, ld,
                st * 1e9 / (static_cast<double>(n) * static_cast<double>(steps)), growth_steps, naive, ratio,
                m.accounts_liquidated, m.accounts_deleveraged);
    prev = t;
    prev_steps = st;
  }
  const double adl_t = secs("indexed_empty_fund_1000000");
  std::printf("\nan empty fund and a book 10x thinner (ADL), 1,000,000 accounts: %.3f s, "
              "%zu liquidated, %zu deleveraged, first ADL at step %lld\n"
              "  %zu counterparty closes by ADL in %zu steps (one ranking of the side per step, then "
              "only the closed rescored)\n",
              adl_t, last_adl.accounts_liquidated, last_adl.accounts_deleveraged,
              static_cast<long long>(last_adl.first_adl_step), adl_closes, adl_step_count);
  const double big = secs(name_of("indexed", 1'000'000));
  std::printf("\ntarget: 1,000,000 accounts x %zu steps <= 2 s: %s (%.3f s)\n", steps,
              big < 0 ? "not measured" : (big <= 2.0 ? "met" : "NOT met"), big);
  benchmark::Shutdown();
  return 0;
}
