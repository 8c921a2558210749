// solvency/sim/search.hpp: critical shocks and parameter sweeps.
//
// Types and functions in this header (namespace solvency::sim):
//
//   criterion            what a shock must do: exhaust the insurance fund
//                        (it reaches zero, or a deficit is left uncovered), or
//                        trigger ADL
//   reached(summary, c)  whether a run's metrics meet the criterion
//   search_params<N>     the bracket [low, high] of shocks, the tolerance, the
//                        iteration cap
//   critical_shock(run, c, params)
//                        the smallest shock meeting the criterion, by
//                        bisection: `run(shock)` simulates one shock and
//                        returns its outcome. Assumes a larger shock does at
//                        least as much damage (true of a fall along one path
//                        on one population; the answer is checked at both
//                        ends of the final bracket, not assumed)
//   sweep_row<P, N>      one parameter value and the metrics of its run
//   sweep(values, run)   one run per value, in order: the table
//   sweep_csv(rows, name, format)
//                        the table as CSV, one row per value
//
//   auto crit = sim::critical_shock<dec>([&](rate<dec> s) { return run_with_shock(s); },
//                                        sim::criterion::adl_triggered, {});
//   // crit->value(): the smallest shock (to the tolerance) that triggers ADL
//
// Errors of critical_shock: invalid_argument for a bracket outside
// [0, 1) or reversed, a tolerance <= 0; no_solution when even `high` does
// not meet the criterion; a run's own error.
#ifndef SOLVENCY_SIM_SEARCH_HPP
#define SOLVENCY_SIM_SEARCH_HPP

#include <solvency/config.hpp>
#include <solvency/detail/append_number.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/sim/engine.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace solvency::inline v1::sim {

enum class criterion : std::uint8_t {
  fund_exhausted,  ///< the fund reaches zero (or a deficit is left uncovered)
  adl_triggered,   ///< at least one counterparty is deleveraged
};

[[nodiscard]] constexpr std::string_view name(criterion c) noexcept {
  return c == criterion::fund_exhausted ? "fund_exhausted" : "adl_triggered";
}

template <Number N>
[[nodiscard]] constexpr bool reached(const summary<N>& s, criterion c) noexcept {
  if (c == criterion::adl_triggered) return s.first_adl_step >= 0;
  return s.fund_exhausted_step >= 0 || s.uncovered.value() > N{};
}

template <Number N>
struct search_params {
  rate<N> low{};                                                                ///< a shock known (or assumed) too small
  rate<N> high{div<round::down>(from_int<N>(99), from_int<N>(100))};             ///< the largest shock tried (< 1)
  rate<N> tolerance{div<round::down>(from_int<N>(1), from_int<N>(1000))};        ///< stop when high - low <= this
  std::size_t max_runs = 40;
};

/// What the search found: the smallest shock meeting the criterion, the
/// largest tried that did not, and how many runs it took.
template <Number N>
struct critical {
  rate<N> shock{};       ///< meets the criterion
  rate<N> below{};       ///< the largest shock tried that does not (== low when low already meets it)
  std::size_t runs = 0;
};

/// Bisection on the shock. `run(rate<N>)` returns an outcome<N>.
template <Number N, class Run>
[[nodiscard]] result<critical<N>> critical_shock(Run&& run, criterion c, const search_params<N>& p = {}) {
  const N one = from_int<N>(1);
  if (!p.low.is_valid() || !p.high.is_valid() || !p.tolerance.is_valid()) return failure{errc::invalid_argument};
  if (p.low.value() < N{} || !(p.high.value() < one) || !(p.low.value() < p.high.value()) ||
      !(p.tolerance.value() > N{}) || p.max_runs < 2)
    return failure{errc::invalid_argument};
  critical<N> out{};
  auto hits = [&](rate<N> s) -> result<bool> {
    ++out.runs;
    const outcome<N> o = run(s);
    if (!o.ok()) return failure{o.error};
    return reached(o.metrics, c);
  };
  const result<bool> at_high = hits(p.high);
  if (!at_high) return failure{at_high.error()};
  if (!*at_high) return failure{errc::no_solution};
  const result<bool> at_low = hits(p.low);
  if (!at_low) return failure{at_low.error()};
  if (*at_low) {
    out.shock = out.below = p.low;
    return out;
  }
  rate<N> lo = p.low, hi = p.high;
  while (p.tolerance < hi - lo && out.runs < p.max_runs) {
    const rate<N> mid{lo.value() + div<round::down>((hi - lo).value(), from_int<N>(2))};
    const result<bool> h = hits(mid);
    if (!h) return failure{h.error()};
    (*h ? hi : lo) = mid;
  }
  out.shock = hi;
  out.below = lo;
  return out;
}

template <class P, Number N>
struct sweep_row {
  P parameter{};
  errc error{};
  summary<N> metrics{};
};

/// One run per value, in the order given. `run(value)` returns an outcome<N>.
template <Number N, class P, class Run>
[[nodiscard]] std::vector<sweep_row<P, N>> sweep(std::span<const P> values, Run&& run) {
  std::vector<sweep_row<P, N>> rows;
  rows.reserve(values.size());
  for (const P& v : values) {
    const outcome<N> o = run(v);
    rows.push_back({v, o.error, o.metrics});
  }
  return rows;
}

/// The sweep as CSV: `name` heads the parameter column, `format(P)` prints a
/// value; then the key metrics.
template <class P, Number N, class Format>
[[nodiscard]] std::string sweep_csv(std::span<const sweep_row<P, N>> rows, std::string_view name, Format&& format) {
  std::string s(name);
  s += ",error,amplification,lowest_mark,fund_drawdown,fund_end,first_adl_step,accounts_liquidated,"
       "accounts_deleveraged,liquidated_notional,adl_notional,uncovered\n";
  for (const auto& r : rows) {
    s += format(r.parameter);
    s += ',';
    s += r.error == errc{} ? std::string_view{"ok"} : solvency::name(r.error);
    const auto& m = r.metrics;
    for (const N v : {m.amplification.value(), m.lowest_mark.value(), m.fund_drawdown.value(), m.fund_end.value()}) {
      s += ',';
      solvency::detail::append_number(s, v);
    }
    s += ',' + std::to_string(m.first_adl_step) + ',' + std::to_string(m.accounts_liquidated) + ',' +
         std::to_string(m.accounts_deleveraged);
    for (const N v : {m.liquidated_notional.value(), m.adl_notional.value(), m.uncovered.value()}) {
      s += ',';
      solvency::detail::append_number(s, v);
    }
    s += '\n';
  }
  return s;
}

}  // namespace solvency::inline v1::sim

#endif  // SOLVENCY_SIM_SEARCH_HPP
