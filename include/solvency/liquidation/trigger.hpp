// solvency/liquidation/trigger.hpp: when a margin pool is liquidated.
//
// Types, concepts and policies in this header:
//
//   liquidation_action         healthy, liquidate (orders to the book / the
//                              engine) or backstop (a vault takes it over)
//   liquidation_decision<N>    the action and the figures that led to it:
//                              equity, maintenance margin, and the margin
//                              ratio MM / equity at the mark
//   LiquidationTrigger         a policy with decide(margin_status) ->
//                              result<liquidation_decision>
//   equity_below_maintenance   liquidate when equity < MM (strict): dYdX
//                              ("TNC < total MMR"), Hyperliquid, Kraken,
//                              Deribit ("MM > equity")
//   margin_ratio_reaches_one   liquidate when MM / equity >= 100%, i.e.
//                              equity <= MM: Binance ("margin ratio reaches
//                              100%"), Bybit ("MM rate = 100%"), OKX
//                              ("margin ratio <= 100%" with OKX's ratio
//                              equity / (MM + fee): pass the fee in MM through
//                              the convention), BitMEX
//   with_backstop<Inner>       Inner's decision, turned into backstop when
//                              equity < num/den x MM (Hyperliquid: 2/3)
//   hyperliquid_trigger        with_backstop<equity_below_maintenance>{2, 3}
//   margin_ratio(status)       MM / equity rounded up (Binance's margin ratio)
//   assess(trigger, status)    decide, after checking the status
//   assess_isolated(trigger, model, iso, mark, conv)
//   assess_cross(trigger, acct, marks, models, conv)
//                              the status at the mark (margin/modes.hpp), then
//                              the decision
//
//   auto d = assess_isolated(margin_ratio_reaches_one{}, model, iso, mark);
//   if (d && d->action != liquidation_action::healthy) { /* plan.hpp */ }
//
// Errors: the status's own (an error value in any figure), negative_amount
// for a negative maintenance margin, invalid_argument for a backstop fraction
// outside 0 < num <= den, overflow. Every comparison is exact: 2/3 of MM is
// compared as 3 x equity < 2 x MM, never as a rounded fraction.
#ifndef SOLVENCY_LIQUIDATION_TRIGGER_HPP
#define SOLVENCY_LIQUIDATION_TRIGGER_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace solvency::inline v1 {

/// What the venue does with a margin pool.
enum class liquidation_action : std::uint8_t {
  healthy,    ///< nothing: equity covers the requirement
  liquidate,  ///< cancel orders, then reduce or close through the book or the engine
  backstop,   ///< hand the position and its margin to a backstop vault (Hyperliquid)
};

[[nodiscard]] constexpr std::string_view name(liquidation_action a) noexcept {
  switch (a) {
    case liquidation_action::healthy: return "healthy";
    case liquidation_action::liquidate: return "liquidate";
    case liquidation_action::backstop: return "backstop";
  }
  return "invalid";
}

/// A trigger's answer, with the figures it was taken on.
template <Number N>
struct liquidation_decision {
  liquidation_action action = liquidation_action::healthy;
  money<N> equity{};       ///< balance + unrealized PnL at the mark (rounded down)
  money<N> maintenance{};  ///< the requirement (rounded up), fee to close included per the convention
  rate<N> ratio{};         ///< MM / equity, rounded up; meaningful only when ratio_finite
  bool ratio_finite = false;  ///< false when equity <= 0 (always liquidatable) or the ratio is out of range

  [[nodiscard]] constexpr bool liquidating() const noexcept { return action != liquidation_action::healthy; }
  /// Equity less maintenance: negative when short of it.
  [[nodiscard]] constexpr money<N> excess() const noexcept { return equity - maintenance; }

  friend constexpr bool operator==(const liquidation_decision&, const liquidation_decision&) = default;
};

/// A trigger: decide(status) for any number type the library supports.
template <class T, class N>
concept LiquidationTrigger = Number<N> && requires(const T& t, const margin_status<N>& s) {
  { t.decide(s) } -> std::same_as<result<liquidation_decision<N>>>;
};

/// MM / equity, rounded up (the exchange's side: the ratio reaches 100% no
/// later than exactly). Errors: division_by_zero for equity <= 0, the
/// figures' number errors.
template <Number N>
[[nodiscard]] constexpr result<rate<N>> margin_ratio(const margin_status<N>& s) noexcept {
  if (!s.equity.is_valid()) return failure{error_of(s.equity.value())};
  if (!s.maintenance.is_valid()) return failure{error_of(s.maintenance.value())};
  return s.margin_ratio();
}

namespace detail::trig {
template <Number N>
[[nodiscard]] constexpr result<liquidation_decision<N>> figures(const margin_status<N>& s) noexcept {
  if (!s.equity.is_valid()) return failure{error_of(s.equity.value())};
  if (!s.maintenance.is_valid()) return failure{error_of(s.maintenance.value())};
  if (s.maintenance.value() < N{}) return failure{errc::negative_amount};
  liquidation_decision<N> d;
  d.equity = s.equity;
  d.maintenance = s.maintenance;
  if (s.equity.value() > N{}) {
    // a ratio beyond the number's range (equity a few units above zero) is
    // reported as not finite, not as an error: the decision stands
    const rate<N> r{div<round::up>(s.maintenance.value(), s.equity.value())};
    if (r.is_valid()) {
      d.ratio = r;
      d.ratio_finite = true;
    }
  }
  return d;
}
}  // namespace detail::trig

/// equity < MM: dYdX, Hyperliquid (book liquidation), Kraken, Deribit.
struct equity_below_maintenance {
  template <Number N>
  [[nodiscard]] constexpr result<liquidation_decision<N>> decide(const margin_status<N>& s) const noexcept {
    auto d = detail::trig::figures(s);
    if (d && d->equity < d->maintenance) d.value().action = liquidation_action::liquidate;
    return d;
  }
};

/// MM / equity >= 100%, i.e. equity <= MM (equity <= 0 included): Binance,
/// Bybit, OKX, BitMEX.
struct margin_ratio_reaches_one {
  template <Number N>
  [[nodiscard]] constexpr result<liquidation_decision<N>> decide(const margin_status<N>& s) const noexcept {
    auto d = detail::trig::figures(s);
    if (d && !(d->equity > d->maintenance)) d.value().action = liquidation_action::liquidate;
    return d;
  }
};

/// Inner's decision; a liquidation becomes a backstop when equity < num/den
/// of MM (compared exactly: den x equity < num x MM). Hyperliquid: num 2,
/// den 3 ("if equity < 2/3 of maintenance margin, backstop liquidation by the
/// liquidator vault"; venues.md 8.2).
template <class Inner>
struct with_backstop {
  Inner inner{};
  std::int64_t num = 2;
  std::int64_t den = 3;

  template <Number N>
  [[nodiscard]] constexpr result<liquidation_decision<N>> decide(const margin_status<N>& s) const noexcept {
    if (!(num > 0) || !(den > 0) || num > den) return failure{errc::invalid_argument};
    result<liquidation_decision<N>> d = inner.decide(s);
    if (!d || d->action == liquidation_action::healthy) return d;
    // den x equity and num x MM are exact integer multiples (an error value on overflow)
    const N lhs = mul<round::toward_zero>(d->equity.value(), from_int<N>(den));
    const N rhs = mul<round::toward_zero>(d->maintenance.value(), from_int<N>(num));
    if (!is_valid(lhs)) return failure{error_of(lhs)};
    if (!is_valid(rhs)) return failure{error_of(rhs)};
    if (lhs < rhs) d.value().action = liquidation_action::backstop;
    return d;
  }
};

/// Hyperliquid: book liquidation when equity < MM, backstop below 2/3 of it.
using hyperliquid_trigger = with_backstop<equity_below_maintenance>;

static_assert(LiquidationTrigger<equity_below_maintenance, dec>);
static_assert(LiquidationTrigger<margin_ratio_reaches_one, double>);
static_assert(LiquidationTrigger<hyperliquid_trigger, dec>);

/// The trigger's decision on a status.
template <Number N, LiquidationTrigger<N> T>
[[nodiscard]] constexpr result<liquidation_decision<N>> assess(const T& trigger, const margin_status<N>& s) noexcept {
  return trigger.decide(s);
}

/// An isolated position at the mark: isolated_status, then the trigger. A
/// convention with the fee on the bankruptcy value needs the bankruptcy
/// value: pass it (margin/modes.hpp).
template <MarginModel M, class T, Number N = typename M::number_type>
  requires LiquidationTrigger<T, N>
[[nodiscard]] constexpr result<liquidation_decision<N>> assess_isolated(
    const T& trigger, const M& model, const std::type_identity_t<isolated_position<N>>& iso,
    std::type_identity_t<price<N>> mark, const std::type_identity_t<margin_convention<N>>& c = {},
    std::type_identity_t<money<N>> bankruptcy_value = {}, input_options o = {}) noexcept {
  const result<margin_status<N>> s = isolated_status(model, iso, mark, c, bankruptcy_value, o);
  if (!s) return failure{s.error()};
  return trigger.decide(*s);
}

/// A cross account at its marks (marks[i] for positions[i]): cross_margin,
/// then the trigger. `models` as cross_margin: one model or models(i).
template <Number N, class T, AccountModels<N> Ms>
  requires LiquidationTrigger<T, N>
[[nodiscard]] constexpr result<liquidation_decision<N>> assess_cross(
    const T& trigger, const account_view<N>& acct, std::type_identity_t<std::span<const price<N>>> marks,
    const Ms& models, const std::type_identity_t<margin_convention<N>>& c = {}, input_options o = {}) noexcept {
  const result<margin_status<N>> s = cross_margin(acct, marks, models, c, o);
  if (!s) return failure{s.error()};
  return trigger.decide(*s);
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_LIQUIDATION_TRIGGER_HPP
