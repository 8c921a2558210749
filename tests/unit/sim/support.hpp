// Shared scenario builders for the simulator tests.
#ifndef SOLVENCY_TESTS_UNIT_SIM_SUPPORT_HPP
#define SOLVENCY_TESTS_UNIT_SIM_SUPPORT_HPP

#include <solvency/sim/engine.hpp>
#include <solvency/sim/impact.hpp>
#include <solvency/sim/population.hpp>
#include <solvency/venues/binance_usdm.hpp>

#include "check.hpp"

#include <span>
#include <string>
#include <vector>

namespace sim_test {

using namespace solvency;
using N = dec;

inline N num(std::int64_t units, int places = 0) {
  std::int64_t p = 1;
  for (int i = 0; i < places; ++i) p *= 10;
  return div<round::nearest_even>(from_int<N>(units), from_int<N>(p));
}
inline rate<N> pct(std::int64_t x) { return rate<N>{num(x, 2)}; }

inline std::vector<sim::account_record<N>> population(std::size_t n, std::uint64_t seed) {
  sim::population_params<N> p{};
  p.accounts = n;
  p.seed = seed;
  std::vector<sim::account_record<N>> out;
  REQUIRE(sim::generate(p, out));
  return out;
}

inline std::vector<price<N>> path(std::int64_t shock_pct, std::size_t ramp, std::size_t steps) {
  std::vector<price<N>> out;
  REQUIRE(sim::shock_path(price<N>{from_int<N>(50'000)}, pct(shock_pct), ramp, steps, out));
  return out;
}

inline sim::order_book<N> book(std::int64_t depth_units = 2, std::size_t levels = 400, std::int64_t refill_pct = 5) {
  return sim::order_book<N>{price_delta<N>{from_int<N>(5)}, quantity<N>{from_int<N>(depth_units)}, levels,
                            pct(refill_pct)};
}

template <class Impact, class Plan = full_takeover, class Ranking = adl::binance_ranking>
using binance_config = sim::config<venues::binance_usdm::rulebook<N>, Impact, Plan, Ranking>;

template <class Impact, class Plan = full_takeover>
binance_config<Impact, Plan> binance(Impact impact, std::int64_t fund, Plan plan = {}) {
  binance_config<Impact, Plan> c{};
  c.rules = venues::binance_usdm::btcusdt<N>();
  c.impact = std::move(impact);
  c.plan = plan;
  c.waterfall.template stage<0>().shared.balance = money<N>{from_int<N>(fund)};
  return c;
}

/// Runs a config step by step, checking at every step that money is
/// conserved to the last unit and long OI equals short OI (recomputed from
/// the state, and as recorded in the timeline).
template <class Config>
sim::engine<Config> run_checked(Config cfg, std::span<const sim::account_record<N>> accts,
                                std::span<const price<N>> p) {
  sim::engine<Config> e(std::move(cfg));
  REQUIRE(e.load(accts));
  const money<N> total = e.total_money();
  REQUIRE(total == e.initial_money());
  bool money_ok = true, oi_ok = true, timeline_ok = true;
  for (const auto& f : p) {
    REQUIRE(e.step(f));
    if (!(e.total_money() == total)) money_ok = false;
    const quantity<N> l = e.open_interest(side::long_), s = e.open_interest(side::short_);
    if (!(l == s)) oi_ok = false;
    const auto& r = e.timeline().back();
    if (!(r.long_oi == l) || !(r.short_oi == s)) timeline_ok = false;
  }
  CHECK(money_ok);
  CHECK(oi_ok);
  CHECK(timeline_ok);
  return e;
}

template <Number M>
inline bool same(const sim::step_record<M>& a, const sim::step_record<M>& b) {
  return a.step == b.step && a.fundamental == b.fundamental && a.mark == b.mark && a.liquidations == b.liquidations &&
         a.liquidated_notional == b.liquidated_notional && a.fund == b.fund && a.adl_count == b.adl_count &&
         a.adl_notional == b.adl_notional && a.socialized == b.socialized && a.uncovered == b.uncovered &&
         a.halted == b.halted && a.margin_factor == b.margin_factor && a.long_oi == b.long_oi &&
         a.short_oi == b.short_oi;
}

}  // namespace sim_test

#endif
