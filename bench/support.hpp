// What the benchmark programs share: a reporter that keeps each benchmark's
// median, which the programs print in their `== summary ==` table beside a
// baseline measured in the same run.
#ifndef SOLVENCY_BENCH_SUPPORT_HPP
#define SOLVENCY_BENCH_SUPPORT_HPP

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace solvency_bench {

/// Which clock a median is read from: wall time, or CPU time of the
/// benchmark's thread (steadier on a shared machine for single-core work).
enum class clock { real, cpu };

/// The console output as usual, and the median of each repeated benchmark
/// (in its time unit) kept by function name.
class median_reporter : public benchmark::ConsoleReporter {
 public:
  explicit median_reporter(clock c = clock::real) : clock_(c) {}
  std::map<std::string, double> ns;

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        ns[r.run_name.function_name] = clock_ == clock::cpu ? r.GetAdjustedCPUTime() : r.GetAdjustedRealTime();
    ConsoleReporter::ReportRuns(runs);
  }

 private:
  clock clock_;
};

/// A benchmark repeated five times, reported by its aggregates only.
inline void reg(const char* name, void (*fn)(benchmark::State&), benchmark::TimeUnit unit) {
  benchmark::RegisterBenchmark(name, fn)->Repetitions(5)->ReportAggregatesOnly(true)->Unit(unit);
}

}  // namespace solvency_bench

#endif  // SOLVENCY_BENCH_SUPPORT_HPP
