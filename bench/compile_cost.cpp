// The cost of `#include <solvency/solvency.hpp>`: the time to parse it beside
// the time to parse the standard headers it includes, in the same run.
//
// Both translation units are generated at configure time (bench/CMakeLists.txt):
//   with_solvency.cpp   #include <solvency/solvency.hpp>
//   std_only.cpp        every standard header that a solvency header includes
// Each is compiled with `-fsyntax-only` by the compiler that builds this
// program; the figure is the median wall time of five runs, and the ratio
// solvency / standard headers alone (target: at most 2.5).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace {

bool compile(const char* tu) {
  const std::string cmd = std::string("\"") + SOLVENCY_BENCH_CXX + "\" -std=c++20 -fsyntax-only -I\"" +
                          SOLVENCY_BENCH_INCLUDE + "\" \"" + tu + "\"";
  return std::system(cmd.c_str()) == 0;
}

void parse(benchmark::State& st, const char* tu) {
  for (auto _ : st) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!compile(tu)) {
      st.SkipWithError("compiler failed");
      return;
    }
    st.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
}

class median_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ms;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        ms[r.run_name.function_name] = r.GetAdjustedRealTime();
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  for (const auto& [name, tu] : {std::pair{"std_headers_only", SOLVENCY_BENCH_STD_TU},
                                 std::pair{"solvency_umbrella", SOLVENCY_BENCH_SOLVENCY_TU}}) {
    benchmark::RegisterBenchmark(name, [tu = tu](benchmark::State& st) { parse(st, tu); })
        ->UseManualTime()
        ->Iterations(1)
        ->Repetitions(5)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  median_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  const double base = rep.ms["std_headers_only"], lib = rep.ms["solvency_umbrella"];
  std::printf("\n== summary ==\n%-32s %10s\n", "parse (median)", "ms");
  std::printf("%-32s %10.1f\n", "standard headers it uses", base);
  std::printf("%-32s %10.1f\n", "#include <solvency/solvency.hpp>", lib);
  std::printf("%-32s %10.2f   (target <= 2.5)\n", "ratio", base > 0 ? lib / base : 0.0);
  benchmark::Shutdown();
  return base > 0 && lib > 0 ? 0 : 1;
}
