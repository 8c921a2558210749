// solvency/liquidation/price.hpp: liquidation and bankruptcy prices.
//
// Functions in this header (Rounding is a PriceRounding, conservative by
// default; M any MarginModel; tick > 0 rounds to the venue's tick, 0 keeps
// every digit of the number type):
//
//   liquidation_price<Rounding>(mp, model, conv, tick)
//       the price at which the position's equity meets its maintenance
//       requirement: equity(P) = MM(P), with MM in the tier that holds the
//       notional AT that price, walking the model's tiers from the entry
//   bankruptcy_price<Rounding>(mp, conv, tick)
//       the price at which its equity is exhausted: equity(P) = 0, or, when
//       the convention charges the fee to close on the bankruptcy value,
//       equity(P) = fee x value(P), so the fee held in the margin pays it
//   liquidation_prices / bankruptcy_prices
//       the same over a span of positions into a caller-owned span, one
//       result per position; a model tiered by notional alone is read once
//   tier_depends_on_notional_alone<M>
//       the opt-in that lets a batch read a model's tiers once (true for the
//       notional-tiered models of margin/models.hpp)
//   equity_at(mp, p), maintenance_requirement(mp, p, model, conv)
//       the two sides of the equation the solver solves, for checking it
//
// Each answer is a solved_price: at a price, never (no positive price
// triggers it) or always (every positive price does). Errors: the position's
// (validate), a margin or tick that is not a number, invalid_argument for a
// negative tick or an inconsistent convention, the model's error,
// invalid_argument for a model answer that is not a tier (a negative rate, a
// range without the value asked about), no_solution when a tier's
// maintenance rate plus the fee on the value is 100% or more for a position
// that loses as its value falls (a linear long, an inverse short), overflow.
//
// The formulas (derived in docs/reference/liquidation/price.md): with x the
// position's value in its settlement currency at price P (x = Q P for
// linear and quanto, Q = contracts x multiplier; x = F / P for inverse,
// F = contracts x face value), equity is M + sigma (V_E - x), sigma = -1 for
// a linear long or an inverse short and +1 otherwise, V_E the value at
// entry. Within one tier the requirement is A x + K, A = MMR (+ fee rate),
// K = fee on the bankruptcy value - deduction (+ V_E (MMR + fee rate) instead
// of A x when MM is measured at entry). equity = requirement is affine in x,
// and its root gives
//
//   linear, quanto:  P = (sQE - M + c - d) / (Q (s - MMR - f))
//   inverse:         P = F (s + MMR + f) / (M + sF/E + d - c)
//
// (s = +1 long, -1 short), Binance's, OKX's, Bybit's, dYdX's and
// Hyperliquid's formulas for their choice of conventions.
//
// Rounding: the exact price is bracketed from the conservative side (a long's
// up, a short's down): the tier-independent part of equity is rounded down,
// the requirement up, and the final quotient once, in the side's direction;
// then Rounding takes it to the tick.
//
// Tiers: where a table without deduction makes the requirement jump past
// equity at a cap, no price solves the equation and the cap is the answer;
// which side of a cap belongs to which tier follows the model's range and the
// margin family's valuation of the notional (rounded up).
#ifndef SOLVENCY_LIQUIDATION_PRICE_HPP
#define SOLVENCY_LIQUIDATION_PRICE_HPP

#include <solvency/config.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/numeric/rounding.hpp>

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>

// The solver's hot path runs once per position over millions of positions:
// its small helpers are inlined into the loop whatever the compiler's
// heuristics say (GCC and Clang; elsewhere an ordinary inline hint).
#if defined(__GNUC__) || defined(__clang__)
#define SOLVENCY_LIQUIDATION_HOT [[gnu::always_inline]] inline
#else
#define SOLVENCY_LIQUIDATION_HOT inline
#endif

namespace solvency::inline v1 {

namespace detail::liq {

/// The most tiers one walk visits: far more than any venue's table, and a
/// bound on a stepped model's steps between the entry and the answer.
inline constexpr int max_tier_steps = 4096;

/// The next value of N above x (x >= 0): where the tier after a cap-inclusive
/// tier begins.
template <Number N>
[[nodiscard]] constexpr N next_above(N x) noexcept {
  if constexpr (std::is_floating_point_v<N>) {
    if (!(x < std::numeric_limits<N>::max())) return std::numeric_limits<N>::infinity();
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x + 0.0) + 1u);
  } else {
    return x + N::epsilon();
  }
}
/// The next value of N below x (x > 0).
template <Number N>
[[nodiscard]] constexpr N next_below(N x) noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) - 1u);
  else
    return x - N::epsilon();
}

/// Where a tier ends for the margin family, which values a position with its
/// value rounded up (margin_input_at): a cap-inclusive tier holds every x up
/// to its cap; under a cap-exclusive rule, x within the last digit below the
/// cap already rounds up onto it, into the next tier. Binary doubles are not
/// rounded there: the cap itself.
template <Number N>
[[nodiscard]] constexpr N tier_edge(N cap, bool inclusive) noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return cap;
  else
    return inclusive ? cap : cap - N::epsilon();
}

// --- exact arithmetic for the hot path ------------------------------------------
//
// The solver runs once per position over millions of positions, so its few
// products and quotients are computed here with one wide product each, and
// the side's rounding direction is selected, not branched on (a position's
// side is as unpredictable as a coin toss).

template <class N>
inline constexpr bool is_dec = false;
template <int S>
inline constexpr bool is_dec<decimal<S>> = true;

/// Cheap validity tests for the hot path: a decimal's error values are
/// negative raw values; a double is finite when x - x is zero (NaN and the
/// infinities give NaN), two instructions instead of three comparisons.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr bool positive(N x) noexcept {
  if constexpr (is_dec<N>)
    return x.raw() > 0;  // error values are negative
  else
    return x > 0.0 && x <= std::numeric_limits<double>::max();
}
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr bool finite(N x) noexcept {
  if constexpr (is_dec<N>)
    return x.is_valid();
  else
    return x - x == 0.0;  // NaN and infinities give NaN
}

/// A value rounded down and up.
template <Number N>
struct bracket {
  N lo{};
  N hi{};
};

/// 2^64 as a double, and the largest quotient the estimate below handles.
inline constexpr double two64 = 18446744073709551616.0;
inline constexpr std::uint64_t max_estimated_quotient = std::uint64_t{1} << 50;

[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr double to_double(u128 x) noexcept {
  return static_cast<double>(x.hi) * two64 + static_cast<double>(x.lo);
}
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr bool less(u128 a, u128 b) noexcept {
  return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
}

/// floor(n / d), for d > 0, and whether a remainder is left; ok is false
/// when the quotient is 2^50 or more (the caller then takes the general path).
struct quotient {
  std::uint64_t q = 0;
  bool inexact = false;
  bool ok = false;
};
/// The quotient from a double estimate (relative error below 1e-15, so at
/// most a unit or two off below 2^50), corrected with exact 192-bit products:
/// no hardware division, and identical on every backend.
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr quotient divide(u128 n, u128 d) noexcept {
  const double est = to_double(n) / to_double(d);
  if (!(est < static_cast<double>(max_estimated_quotient))) return {};
  std::uint64_t c = static_cast<std::uint64_t>(est);
  // p = c * d on 192 bits (p2:p1:p0)
  const u128 a = umul64(c, d.lo), b = umul64(c, d.hi);
  std::uint64_t p0 = a.lo, p1 = a.hi + b.lo;
  std::uint64_t p2 = b.hi + (p1 < a.hi ? 1u : 0u);
  const auto above_n = [&] { return p2 != 0 || less(n, u128{p1, p0}); };
  const auto sub_d = [&] {
    const std::uint64_t l = p0 - d.lo, borrow0 = p0 < d.lo ? 1u : 0u;
    const std::uint64_t m = p1 - d.hi - borrow0;
    const std::uint64_t borrow1 = (p1 < d.hi || (p1 == d.hi && borrow0 != 0)) ? 1u : 0u;
    p0 = l;
    p1 = m;
    p2 -= borrow1;
  };
  for (int i = 0; i < 4 && c > 0 && above_n(); ++i) {
    --c;
    sub_d();
  }
  if (above_n()) return {};
  // r = n - p (fits 128 bits now); one more d fits when r >= d
  std::uint64_t r0 = n.lo - p0;
  std::uint64_t r1 = n.hi - p1 - (n.lo < p0 ? 1u : 0u);
  for (int i = 0; i < 4 && !less(u128{r1, r0}, d); ++i) {
    ++c;
    const std::uint64_t borrow = r0 < d.lo ? 1u : 0u;
    r0 -= d.lo;
    r1 = r1 - d.hi - borrow;
  }
  if (!less(u128{r1, r0}, d) || c >= max_estimated_quotient) return {};
  return {c, r0 != 0 || r1 != 0, true};
}

/// a * b rounded down and up, one product; error values as mul's.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr bracket<N> mul_both(N a, N b) noexcept {
  if constexpr (is_dec<N>) {
    constexpr reciprocal rec = make_reciprocal(N::unit);
    if (!a.is_valid()) return {a, a};
    if (!b.is_valid()) return {b, b};
    const bool neg = (a.raw() < 0) != (b.raw() < 0);
    const auto mag = [](std::int64_t v) {
      return v < 0 ? ~static_cast<std::uint64_t>(v) + 1u : static_cast<std::uint64_t>(v);
    };
    const u128 p = umul64(mag(a.raw()), mag(b.raw()));
    if (p.hi >= N::unit) return {N::error_value(errc::overflow), N::error_value(errc::overflow)};
    const qr64 d = div2by1(p.hi, p.lo, rec);
    const std::uint64_t away = d.q + (d.r != 0 ? 1u : 0u);
    constexpr auto max = static_cast<std::uint64_t>(N::max_raw);
    if (away > max) return {N::error_value(errc::overflow), N::error_value(errc::overflow)};
    const auto t = static_cast<std::int64_t>(d.q), u = static_cast<std::int64_t>(away);
    return neg ? bracket<N>{N::from_raw(-u), N::from_raw(-t)} : bracket<N>{N::from_raw(t), N::from_raw(u)};
  } else {
    return {mul<round::down>(a, b), mul<round::up>(a, b)};
  }
}

/// a / b (a >= 0, b > 0) rounded down and up.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr bracket<N> div_both(N a, N b) noexcept {
  if constexpr (is_dec<N>) {
    if (a.is_valid() && b.is_valid() && a.raw() >= 0 && b.raw() > 0) {
      const quotient q = divide(umul64(static_cast<std::uint64_t>(a.raw()), N::unit),
                                u128{0, static_cast<std::uint64_t>(b.raw())});
      if (q.ok) {
        const auto t = static_cast<std::int64_t>(q.q);
        return {N::from_raw(t), N::from_raw(t + (q.inexact ? 1 : 0))};
      }
    }
  }
  return {div<round::down>(a, b), div<round::up>(a, b)};
}

/// A price selected from its two roundings: a long's rounded up, a short's down.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr N conservative(const bracket<N>& b, bool is_long) noexcept {
  return is_long ? b.hi : b.lo;
}

// --- the position ------------------------------------------------------------

/// Everything about one margined position that does not depend on the tier.
///
/// x, the tier variable, is the position's value in its settlement currency:
/// x = Q P (linear, quanto) or F / P (inverse). Then
///   equity(x) = M + sigma (V_E - x)
/// with sigma = +1 when the position loses as x grows (linear short, inverse
/// long) and -1 when it loses as x falls (linear long, inverse short).
template <Number N>
struct frame {
  N units{};      ///< Q or F: contracts x multiplier
  N value_lo{};   ///< V_E, the value at entry, rounded down
  N value_hi{};   ///< V_E rounded up: also the tier variable at entry
  N margin{};     ///< M (Bybit UTA: initial margin + extra / (1 + sigma fee), rounded down)
  N fee{};        ///< the convention's taker fee rate (zero when excluded)
  N model_size{}; ///< margin_input::size for the model
  bool inverse = false;
  bool is_long = true;
  bool sigma_up = false;  ///< sigma == +1
};

/// The first problem with a convention, or errc{}.
template <Number N>
[[nodiscard]] constexpr errc check_convention(const liquidation_convention<N>& c) noexcept {
  const margin_convention<N>& m = c.margin;
  if (m.maintenance_at != measure_at::mark && m.maintenance_at != measure_at::entry) return errc::invalid_argument;
  if (m.fee != close_fee::excluded && m.fee != close_fee::on_value_at_price && m.fee != close_fee::on_bankruptcy_value)
    return errc::invalid_argument;
  if (c.inputs.size != size_unit::contracts && c.inputs.size != size_unit::exposure) return errc::invalid_argument;
  if (c.inputs.value != value_currency::settlement && c.inputs.value != value_currency::quote)
    return errc::invalid_argument;
  if (m.fee != close_fee::excluded) {
    const N f = m.taker_fee.value();
    if (!is_valid(f)) return error_of(f);
    // a fee of 100% or more would leave nothing to close with
    if (f < N{} || !(f < from_int<N>(1))) return errc::invalid_argument;
  }
  if (c.extra_margin_net_of_close_fee && m.fee != close_fee::on_bankruptcy_value) return errc::invalid_argument;
  return errc{};
}

/// The first problem with a tick (zero: no rounding), or errc{}.
template <Number N>
[[nodiscard]] constexpr errc check_tick(price_delta<N> tick) noexcept {
  if (!tick.is_valid()) return error_of(tick.value());
  if (tick.value() < N{}) return errc::invalid_argument;
  return errc{};
}

/// The first problem with a margined position, in core's validate() order
/// and then the solver's own: the slow path of make_frame, taken only when
/// its one combined test fails.
template <Number N>
[[nodiscard]] constexpr errc position_error(const margined_position<N>& mp, const liquidation_convention<N>& c) noexcept {
  const position<N>& pos = mp.pos;
  const N zero{};
  if (!solvency::is_valid(pos.side)) return errc::invalid_argument;
  if (!pos.size.is_valid()) return error_of(pos.size.value());
  if (!pos.entry.is_valid()) return error_of(pos.entry.value());
  if (!is_valid(pos.spec.multiplier)) return error_of(pos.spec.multiplier);
  if (!(pos.size.value() > zero) || !(pos.spec.multiplier > zero)) return errc::non_positive_quantity;
  if (!(pos.entry.value() > zero)) return errc::non_positive_price;
  const bracket<N> units = mul_both(pos.size.value(), pos.spec.multiplier);
  if (!is_valid(units.hi)) return error_of(units.hi);
  if (number_traits<N>::exact && !(units.lo == units.hi)) return errc::inexact;
  const contract_kind kind = pos.spec.kind;
  if (kind != contract_kind::linear && kind != contract_kind::inverse && kind != contract_kind::quanto)
    return errc::invalid_argument;  // core's validate() does not look at the kind
  if (!mp.margin.is_valid()) return error_of(mp.margin.value());
  if (!mp.extra_margin.is_valid()) return error_of(mp.extra_margin.value());
  // An inverse position's requirement must be in coin, like its equity.
  if (kind == contract_kind::inverse && c.inputs.value == value_currency::quote) return errc::invalid_argument;
  return errc{};
}

/// The frame of a position under a convention already checked, or the
/// position's error (position_error's).
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr errc make_frame(const margined_position<N>& mp,
                                                                 const liquidation_convention<N>& c,
                                                                 frame<N>& f) noexcept {
  const position<N>& pos = mp.pos;
  const auto kind = static_cast<unsigned>(pos.spec.kind);
  const auto s = static_cast<int>(pos.side);
  // every check at once (no short circuit: one branch), the details on failure
  const bool size_ok = positive(pos.size.value()), entry_ok = positive(pos.entry.value());
  const bool multiplier_ok = positive(pos.spec.multiplier);
  const bool margin_ok = finite(mp.margin.value()), extra_ok = finite(mp.extra_margin.value());
  const bool plausible = size_ok & entry_ok & multiplier_ok & margin_ok & extra_ok & ((s == 1) | (s == -1)) &
                         (kind <= 2u) & !((kind == 1u) & (c.inputs.value == value_currency::quote));
  static_assert(static_cast<unsigned>(contract_kind::linear) == 0u && static_cast<unsigned>(contract_kind::inverse) == 1u &&
                static_cast<unsigned>(contract_kind::quanto) == 2u);
  if (!plausible) return position_error(mp, c);
  const bracket<N> units = mul_both(pos.size.value(), pos.spec.multiplier);
  if (!finite(units.hi) || (number_traits<N>::exact && !(units.lo == units.hi))) return position_error(mp, c);
  f.inverse = pos.spec.kind == contract_kind::inverse;
  f.is_long = pos.side == side::long_;
  f.sigma_up = f.inverse == f.is_long;
  f.units = units.lo;
  const bracket<N> value = f.inverse ? div_both(f.units, pos.entry.value()) : mul_both(f.units, pos.entry.value());
  if (!finite(value.hi)) return error_of(value.hi);
  if constexpr (is_dec<N>)  // a double's two roundings are the same number
    if (!finite(value.lo)) return error_of(value.lo);
  f.value_lo = value.lo;
  f.value_hi = value.hi;
  f.fee = c.margin.fee == close_fee::excluded ? N{} : c.margin.taker_fee.value();
  f.model_size = c.inputs.size == size_unit::contracts ? pos.size.value() : f.units;
  N m = mp.margin.value();
  if (c.extra_margin_net_of_close_fee) {
    // Bybit UTA: extra margin counts extra / (1 + sigma fee), rounded down (less margin)
    const N one = from_int<N>(1);
    const N extra = mp.extra_margin.value();
    m = m - extra + div<round::down>(extra, f.sigma_up ? one + f.fee : one - f.fee);
  }
  if (!finite(m)) return error_of(m);
  f.margin = m;
  return errc{};
}

/// The value at the bankruptcy price when a fee at rate fb is charged on it:
/// the x where M + sigma (V_E - x) = fb x, i.e. (V_E + sigma M) / (1 + sigma fb),
/// rounded up; zero when no positive price makes it positive (the position
/// never goes bankrupt, or always is: no fee is owed at a price that does
/// not exist). An error value for an error.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr N bankruptcy_value_up(const frame<N>& f, N margin, N fb) noexcept {
  const N one = from_int<N>(1);
  const N num = f.sigma_up ? f.value_hi + margin : f.value_hi - margin;
  if (!is_valid(num)) return num;
  if (!(num > N{})) return N{};
  return div<round::up>(num, f.sigma_up ? one + fb : one - fb);
}

// --- one tier ------------------------------------------------------------------

/// equity - requirement within one tier, as a line in x: g(x) = beta - slope x.
template <Number N>
struct line {
  N beta{};   ///< g(0), rounded down
  N slope{};  ///< sigma + MMR (+ fee)
  /// g(x) rounded down (the unsafe side).
  [[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr N at(N x) const noexcept { return beta - mul<round::up>(slope, x); }
};

/// The line of one tier. `base` = M + sigma V_E - (fee on the bankruptcy
/// value), rounded down: the part that does not depend on the tier.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr errc make_line(const frame<N>& f, N base, const margin_tier<N>& t,
                                       const liquidation_convention<N>& c, line<N>& out) noexcept {
  const N r = t.maintenance.value(), d = t.deduction.value();
  if (!is_valid(r)) return error_of(r);
  if (!is_valid(d)) return error_of(d);
  if (r < N{}) return errc::invalid_argument;
  // The fee on the value joins the rate (OKX's MMR + fee), measured where
  // maintenance is: at the price, or at the entry like the rest of MM.
  const N rate = c.margin.fee == close_fee::on_value_at_price ? r + f.fee : r;
  const bool at_entry = c.margin.maintenance_at == measure_at::entry;
  const N a = at_entry ? N{} : rate;
  N beta = base + d;
  // MM measured at entry: a constant V_E x rate, rounded up (beta down)
  if (at_entry) beta = beta - mul<round::up>(f.value_hi, rate);
  const N one = from_int<N>(1);
  const N slope = (f.sigma_up ? one : -one) + a;
  if (!is_valid(beta)) return error_of(beta);
  if (!is_valid(slope)) return error_of(slope);
  // Losing as x falls, equity grows by one per unit of x and the requirement
  // by `a`: a >= 1 never lets equity catch up, the formula has no solution.
  if (!f.sigma_up && !(slope < N{})) return errc::no_solution;
  out = {beta, slope};
  return errc{};
}

/// The price where a tier's line crosses zero, x* = beta / slope, as the
/// exact value rounded once: P = beta / (slope Q) (linear, quanto) or
/// F slope / beta (inverse); a long's up, a short's down.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr N root_price(const frame<N>& f, const line<N>& l) noexcept {
  if constexpr (is_dec<N>) {
    constexpr int S = N::scale;
    const auto mag = [](N v) {
      return v.raw() < 0 ? ~static_cast<std::uint64_t>(v.raw()) + 1u : static_cast<std::uint64_t>(v.raw());
    };
    if constexpr (2 * S <= 19) {
      // raw P = beta 10^2S / (slope Q), or F slope / beta
      const bool neg = (l.beta.raw() < 0) != (l.slope.raw() < 0);
      const u128 n = f.inverse ? umul64(mag(f.units), mag(l.slope)) : umul64(mag(l.beta), pow10_u64(2 * S));
      const u128 d = f.inverse ? u128{0, mag(l.beta)} : umul64(mag(l.slope), mag(f.units));
      if ((d.hi != 0 || d.lo != 0) && is_valid(l.beta) && is_valid(l.slope)) {
        const quotient q = divide(n, d);
        if (q.ok) {
          // up for a long's positive price (down for a negative one, which
          // the caller turns into never/always anyway)
          const bool inc = q.inexact && (neg != f.is_long);
          const auto v = static_cast<std::int64_t>(q.q + (inc ? 1u : 0u));
          return N::from_raw(neg ? -v : v);
        }
      }
    }
  }
  if (f.inverse)
    return f.is_long ? muldiv<round::up>(f.units, l.slope, l.beta) : muldiv<round::down>(f.units, l.slope, l.beta);
  const N one = from_int<N>(1);
  return f.is_long ? muldiv2<round::up>(l.beta, one, l.slope, f.units)
                   : muldiv2<round::down>(l.beta, one, l.slope, f.units);
}

/// The price where the tier variable is x, rounded once: a long's up, a short's down.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr N price_of(const frame<N>& f, N x) noexcept {
  return conservative(f.inverse ? div_both(f.units, x) : div_both(x, f.units), f.is_long);
}

/// p > 0 rounded to a multiple of tick > 0, in Rounding's direction for the
/// position's side: round_to_multiple's answer, with the side's direction
/// selected after one shared quotient (no branch on the side).
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr N to_tick(N p, N tick, bool is_long) noexcept {
  using L = typename Rounding::long_rounding;
  using S = typename Rounding::short_rounding;
  if constexpr (is_dec<N>) {
    const auto m = static_cast<std::uint64_t>(p.raw()), t = static_cast<std::uint64_t>(tick.raw());
    const std::uint64_t q = m / t, r = m % t;
    const int half = half_compare(r, t);
    const bool odd = (q & 1u) != 0, inexact = r != 0;
    const bool inc_long = round_increments(L::kind, false, odd, half, inexact);
    const bool inc_short = round_increments(S::kind, false, odd, half, inexact);
    const std::uint64_t k = q + ((is_long ? inc_long : inc_short) ? 1u : 0u);
    if (k > static_cast<std::uint64_t>(N::max_raw) / t) return N::error_value(errc::overflow);
    return N::from_raw(static_cast<std::int64_t>(k * t));
  } else {
    // round_to_multiple's steps for a positive p, both directions from one quotient
    const double q = p / tick;
    if (!(q < 4503599627370496.0)) return q * tick;  // 2^52: already an integer
    const double fl = floor_double(q), frac = q - fl;
    const int half = frac > 0.5 ? 1 : (frac == 0.5 ? 0 : -1);
    const bool odd = (static_cast<std::int64_t>(fl) & 1) != 0, inexact = frac != 0.0;
    const bool inc_long = round_increments(L::kind, false, odd, half, inexact);
    const bool inc_short = round_increments(S::kind, false, odd, half, inexact);
    return (fl + ((is_long ? inc_long : inc_short) ? 1.0 : 0.0)) * tick;
  }
}

/// A price bracketed from the conservative side, taken to the tick.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr result<solved_price<N>> finish(const frame<N>& f, N p, N tick) noexcept {
  if (!finite(p)) return failure{error_of(p)};
  const N zero{};
  if (tick > zero && p > zero) {
    p = to_tick<Rounding>(p, tick, f.is_long);
    if (!finite(p)) return failure{error_of(p)};  // overflow (a decimal), or p / tick beyond a double
  }
  // Below the first tick (or the number's last digit): a long is never
  // liquidated at a positive price, a short at every one.
  const bool at = p > zero;
  return solved_price<N>{at ? price_state::at_price : (f.is_long ? price_state::never : price_state::always),
                         price<N>{at ? p : zero}};
}

template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr result<solved_price<N>> finish_root(const frame<N>& f, const line<N>& l, N tick) noexcept {
  return finish<Rounding>(f, root_price(f, l), tick);
}
template <PriceRounding Rounding, Number N>
[[nodiscard]] constexpr result<solved_price<N>> finish_boundary(const frame<N>& f, N x, N tick) noexcept {
  return finish<Rounding>(f, price_of(f, x), tick);
}

/// One line over the whole axis: the root if it is at a positive price, else
/// never or always.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr result<solved_price<N>> solve_line(const frame<N>& f, const line<N>& l, N tick) noexcept {
  // sigma = +1: safe for x < beta / slope (slope > 0): none when beta <= 0.
  // sigma = -1: safe for x > beta / slope (slope < 0): all when beta >= 0.
  if (f.sigma_up ? !(l.beta > N{}) : !(l.beta < N{}))
    return f.sigma_up ? solved_price<N>::always() : solved_price<N>::never();
  return finish_root<Rounding>(f, l, tick);
}

/// The root's place relative to a tier, estimated in double: x* = beta /
/// slope against the tier's edges (raw units for a decimal). 1: inside with
/// a margin far above the estimate's error, 0: outside likewise, -1: too
/// close to an edge to tell.
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr int estimate_inside(const line<N>& l, double lo, double hi) noexcept {
  double x = 0, m = 0;
  if constexpr (is_dec<N>) {
    // in raw units: x* = beta / slope = beta_raw / slope_raw units; a margin
    // of four in the last place covers an exclusive cap's edge and g's rounding
    x = static_cast<double>(l.beta.raw()) / static_cast<double>(l.slope.raw()) * static_cast<double>(N::unit);
    m = 1e-9 * (x < 0 ? -x : x) + 4.0;
  } else {
    x = l.beta / l.slope;
    m = 1e-9 * (x < 0 ? -x : x);
  }
  if (x > lo + m && x < hi - m) return 1;
  if (x < lo - m || x > hi + m) return 0;
  return -1;
}
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr int estimate_inside(const line<N>& l, const margin_tier<N>& t) noexcept {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if constexpr (is_dec<N>)
    return estimate_inside(l, static_cast<double>(t.lower.raw()), t.unbounded ? inf : static_cast<double>(t.upper.raw()));
  else
    return estimate_inside(l, t.lower, t.unbounded ? inf : t.upper);
}

/// Whether the root of a tier's line lies inside the tier, exactly: the
/// line's sign differs at the tier's two ends (at x = 0, g = beta; a zero
/// there is the root x = 0, not a positive price). 1: inside, 0: not, -1: an
/// error value (overflow).
template <Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr int root_inside(const line<N>& l, const margin_tier<N>& t) noexcept {
  if (const int e = estimate_inside(l, t); e >= 0) return e;
  const N zero{};
  bool lo_pos = l.beta > zero;
  if (t.lower > zero) {
    const N g = l.at(tier_edge(t.lower, t.upper_inclusive));
    if (!is_valid(g)) return -1;
    lo_pos = g > zero;
  } else if (l.beta == zero) {
    return 0;
  }
  bool hi_pos = l.slope < zero;  // the sign of g toward x = infinity
  if (!t.unbounded) {
    const N g = l.at(tier_edge(t.upper, t.upper_inclusive));
    if (!is_valid(g)) return -1;
    hi_pos = g > zero;
  }
  return lo_pos != hi_pos ? 1 : 0;
}

// --- where the tiers come from ------------------------------------------------

/// Tiers straight from the model: one tier_for per tier visited.
template <Number N, MarginModel M>
struct model_tiers {
  static constexpr bool found_by_search = false;  ///< the model's answer is checked
  const M& model;
  quantity<N> size;

  /// The tier holding x.
  [[nodiscard]] constexpr errc first(N x, margin_tier<N>& t) const noexcept {
    const result<margin_tier<N>> r = model.tier_for(margin_input<N>{size, money<N>{x}});
    if (!r) return r.error();
    t = *r;
    return errc{};
  }
  /// The tier after t, up or down the axis, checked to be one.
  [[nodiscard]] constexpr errc next(margin_tier<N>& t, bool up) const noexcept {
    const N ask = up ? (t.upper_inclusive ? next_above(t.upper) : t.upper)
                     : (t.upper_inclusive ? t.lower : next_below(t.lower));
    const result<margin_tier<N>> r = model.tier_for(margin_input<N>{size, money<N>{ask}});
    if (!r) return r.error();
    if (!r->contains(ask)) return errc::invalid_argument;
    if (up ? !(r->lower >= t.upper) : (r->unbounded || !(r->upper <= t.lower))) return errc::invalid_argument;
    t = *r;
    return errc{};
  }
};

/// A model's tiers read once, for a batch: the whole notional axis from 0 to
/// an unbounded last tier, at most `capacity` tiers (count 0: not read).
/// With them, what the batch's common case needs of each tier under the
/// batch's convention, checked once: the line's rate at the price, the
/// deduction, and the tier's edges for the estimate of estimate_inside.
template <Number N>
struct tier_cache {
  static constexpr std::size_t capacity = 32;
  std::array<margin_tier<N>, capacity> tiers{};
  std::array<N, capacity> keys{};  ///< x above keys[i] is past tier i (its cap, or just below an exclusive one)
  std::array<N, capacity> rate{};
  std::array<double, capacity> lo{}, hi{};
  std::size_t count = 0;
  bool lean = false;  ///< the common case applies: MM at the mark, no fee on the bankruptcy value, tiers valid
};

template <Number N, MarginModel M>
[[nodiscard]] constexpr tier_cache<N> read_tiers(const M& model, const liquidation_convention<N>& c) noexcept {
  tier_cache<N> cache;
  const model_tiers<N, M> src{model, quantity<N>{}};
  margin_tier<N> t;
  if (src.first(N{}, t) != errc{} || !(t.lower == N{}) || !t.contains(N{})) return cache;
  std::size_t n = 0;
  cache.tiers[n++] = t;
  while (!t.unbounded) {
    if (n == tier_cache<N>::capacity || src.next(t, true) != errc{}) return cache;
    cache.tiers[n++] = t;
  }
  cache.count = n;
  // keys past the last cap never lie below a value: the search ends in the last tier
  for (std::size_t i = n - 1; i < tier_cache<N>::capacity; ++i) {
    if constexpr (is_dec<N>)
      cache.keys[i] = N::max();
    else
      cache.keys[i] = std::numeric_limits<double>::infinity();
  }
  cache.lean = c.margin.maintenance_at == measure_at::mark && c.margin.fee != close_fee::on_bankruptcy_value;
  for (std::size_t i = 0; i < n; ++i) {
    const margin_tier<N>& k = cache.tiers[i];
    if (i + 1 < n) cache.keys[i] = k.upper_inclusive ? k.upper : next_below(k.upper);
    const N r = k.maintenance.value();
    if (!is_valid(r) || r < N{} || !is_valid(k.deduction.value())) cache.lean = false;
    cache.rate[i] = c.margin.fee == close_fee::on_value_at_price ? r + c.margin.taker_fee.value() : r;
    if (!is_valid(cache.rate[i])) cache.lean = false;
    if constexpr (is_dec<N>) {
      cache.lo[i] = static_cast<double>(k.lower.raw());
      cache.hi[i] = k.unbounded ? std::numeric_limits<double>::infinity() : static_cast<double>(k.upper.raw());
    } else {
      cache.lo[i] = k.lower;
      cache.hi[i] = k.unbounded ? std::numeric_limits<double>::infinity() : k.upper;
    }
  }
  return cache;
}

/// Tiers from a cache: the tier holding x found by counting the caps below
/// it (no branch on the data), its neighbours by index.
template <Number N>
struct cached_tiers {
  static constexpr bool found_by_search = true;  ///< first() returns the tier holding x by construction
  const tier_cache<N>& cache;
  std::size_t index = 0;

  /// The number of keys below x: a branch-free binary search over the
  /// padded keys (five fixed steps for 32).
  [[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr std::size_t index_of(N x) const noexcept {
    static_assert(tier_cache<N>::capacity == 32);
    std::size_t k = 0;
    for (std::size_t step = 16; step > 0; step >>= 1) {
      bool below = false;
      if constexpr (is_dec<N>)
        below = cache.keys[k + step - 1].raw() < x.raw();  // both valid
      else
        below = cache.keys[k + step - 1] < x;
      k += below ? step : 0u;
    }
    return k;
  }
  [[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr errc first(N x, margin_tier<N>& t) noexcept {
    index = index_of(x);
    t = cache.tiers[index];
    return errc{};
  }
  [[nodiscard]] constexpr errc next(margin_tier<N>& t, bool up) noexcept {
    if (up ? index + 1 >= cache.count : index == 0) return errc::invalid_argument;
    index = up ? index + 1 : index - 1;
    t = cache.tiers[index];
    return errc{};
  }
};

/// A batch's common case, from the cache's checked tier data (cache.lean:
/// maintenance at the mark, no fee on the bankruptcy value): the entry
/// tier's line, its root well inside the tier. Writes the answer and returns
/// true; returns false for anything else (or too close to an edge to tell),
/// which solve_liquidation then answers with the same numbers.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_LIQUIDATION_HOT constexpr bool lean_solve(const frame<N>& f, const cached_tiers<N>& tiers, N tick,
                                                                 result<solved_price<N>>& out) noexcept {
  const tier_cache<N>& cache = tiers.cache;
  const N base = f.sigma_up ? f.margin + f.value_lo : f.margin - f.value_hi;  // no fee on the bankruptcy value
  const std::size_t k = tiers.index_of(f.value_hi);
  const N one = from_int<N>(1);
  const line<N> l{base + cache.tiers[k].deduction.value(), (f.sigma_up ? one : -one) + cache.rate[k]};
  const bool beta_ok = finite(l.beta), slope_ok = finite(l.slope);
  const bool ok = (f.sigma_up | (l.slope < N{})) & beta_ok & slope_ok;
  if (!ok || estimate_inside(l, cache.lo[k], cache.hi[k]) <= 0) return false;
  out = finish_root<Rounding>(f, l, tick);
  return true;
}

/// The liquidation price: the first price, moving from the entry, where
/// equity - requirement changes sign, each tier's requirement applying over
/// that tier's range of the tier variable. `walks`: the tier moves with the
/// price (tiered by notional, maintenance at the mark).
template <PriceRounding Rounding, Number N, class Tiers>
[[nodiscard]] constexpr result<solved_price<N>> solve_liquidation(const frame<N>& f, Tiers& tiers, bool walks,
                                                                  const liquidation_convention<N>& c,
                                                                  N tick) noexcept {
  // The fee to close on the bankruptcy value is a constant of the position
  // (Bybit UTA's reserve is outside the margin: already netted in f.margin).
  N fee_at_bankruptcy{};
  if (c.margin.fee == close_fee::on_bankruptcy_value && !c.extra_margin_net_of_close_fee) {
    fee_at_bankruptcy = mul<round::up>(f.fee, bankruptcy_value_up(f, f.margin, f.fee));
    if (!is_valid(fee_at_bankruptcy)) return failure{error_of(fee_at_bankruptcy)};
  }
  const N base = (f.sigma_up ? f.margin + f.value_lo : f.margin - f.value_hi) - fee_at_bankruptcy;
  if (!finite(base)) return failure{error_of(base)};

  const N x0 = f.value_hi;
  margin_tier<N> t;
  if (const errc e = tiers.first(x0, t); e != errc{}) return failure{e};
  line<N> l;
  if (const errc e = make_line(f, base, t, c, l); e != errc{}) return failure{e};

  // A tier fixed for the position (tiered by size, or MM measured at the
  // entry): one line over the whole axis.
  if (!walks) return solve_line<Rounding>(f, l, tick);
  if constexpr (!Tiers::found_by_search)
    if (!t.contains(x0)) return failure{errc::invalid_argument};

  // The usual case: the entry tier's own root lies in the entry tier. Moving
  // from the entry toward it, nothing changes sign before it.
  const int inside = root_inside(l, t);
  if (inside < 0) return failure{errc::overflow};
  if (inside > 0) return finish_root<Rounding>(f, l, tick);

  // The walk. Safe at the entry: look for the first unsafe x in the adverse
  // direction (x up when sigma = +1); unsafe: for the first safe x the other way.
  const N g0 = l.at(x0);
  if (!is_valid(g0)) return failure{error_of(g0)};
  const bool safe = g0 > N{};
  const bool up = safe == f.sigma_up;
  const auto crossed = [safe](N g) { return safe ? !(g > N{}) : g > N{}; };

  for (int step = 0; step < max_tier_steps; ++step) {
    N edge{};  // the last x of this tier in the walk's direction
    if (up) {
      // Toward x = infinity the line goes to -infinity (sigma = +1) or to
      // +infinity (sigma = -1, slope < 0): it crosses in an unbounded tier.
      if (t.unbounded) return finish_root<Rounding>(f, l, tick);
      edge = tier_edge(t.upper, t.upper_inclusive);
    } else {
      if (!(t.lower > N{})) {
        // down to x = 0, where g = beta (a strict crossing: beta = 0 means the
        // sign changes only at a price of 0 or infinity)
        if (safe ? l.beta < N{} : l.beta > N{}) return finish_root<Rounding>(f, l, tick);
        return safe ? solved_price<N>::never() : solved_price<N>::always();
      }
      edge = tier_edge(t.lower, t.upper_inclusive);
    }
    const N g_end = l.at(edge);
    if (!is_valid(g_end)) return failure{error_of(g_end)};
    if (crossed(g_end)) return finish_root<Rounding>(f, l, tick);
    if (const errc e = tiers.next(t, up); e != errc{}) return failure{e};
    if (const errc e = make_line(f, base, t, c, l); e != errc{}) return failure{e};
    // Entering the next tier already past the sign change: the requirement
    // jumped at the boundary (a table without deduction), and the boundary
    // itself is where liquidation triggers.
    const N g_start = l.at(edge);
    if (!is_valid(g_start)) return failure{error_of(g_start)};
    if (crossed(g_start)) return finish_boundary<Rounding>(f, edge, tick);
  }
  return failure{errc::no_solution};
}

/// The bankruptcy price: equity(x) = fb x over the whole axis.
template <PriceRounding Rounding, Number N>
[[nodiscard]] constexpr result<solved_price<N>> solve_bankruptcy(const frame<N>& f,
                                                                 const liquidation_convention<N>& c,
                                                                 N tick) noexcept {
  const bool fee_in = c.margin.fee == close_fee::on_bankruptcy_value && !c.extra_margin_net_of_close_fee;
  const N one = from_int<N>(1);
  const N fb = fee_in ? f.fee : N{};
  const line<N> l{f.sigma_up ? f.margin + f.value_lo : f.margin - f.value_hi, (f.sigma_up ? one : -one) + fb};
  if (!is_valid(l.beta)) return failure{error_of(l.beta)};
  return solve_line<Rounding>(f, l, tick);
}

}  // namespace detail::liq

// ============================================================================
// one position
// ============================================================================

/// The liquidation price of a position backed by `mp.margin`: where equity
/// meets the maintenance requirement of the tier holding the notional at that
/// price. Tiers are walked from the one at the entry notional, in the
/// direction the answer lies; where the requirement jumps past equity at a
/// tier boundary (a table without deduction), the boundary is the answer.
/// See the banner for the errors.
template <PriceRounding Rounding = conservative_rounding, Number N, MarginModel M>
  requires std::same_as<typename M::number_type, N>
[[nodiscard]] constexpr result<solved_price<N>> liquidation_price(
    const margined_position<N>& mp, const M& model, const std::type_identity_t<liquidation_convention<N>>& conv,
    std::type_identity_t<price_delta<N>> tick) noexcept {
  if (const errc e = detail::liq::check_convention(conv); e != errc{}) return failure{e};
  if (const errc e = detail::liq::check_tick(tick); e != errc{}) return failure{e};
  detail::liq::frame<N> f;
  if (const errc e = detail::liq::make_frame(mp, conv, f); e != errc{}) return failure{e};
  const detail::liq::model_tiers<N, M> tiers{model, quantity<N>{f.model_size}};
  const bool walks = model.basis() == tier_basis::notional && conv.margin.maintenance_at == measure_at::mark;
  return detail::liq::solve_liquidation<Rounding>(f, tiers, walks, conv, tick.value());
}

/// The bankruptcy price: where equity is zero, or equals the fee to close on
/// the value there when the convention charges it so (the fee was reserved in
/// the margin). Closing at it never needs fund money once rounded
/// conservatively. Errors as liquidation_price, without the model's.
template <PriceRounding Rounding = conservative_rounding, Number N>
[[nodiscard]] constexpr result<solved_price<N>> bankruptcy_price(
    const margined_position<N>& mp, const std::type_identity_t<liquidation_convention<N>>& conv,
    std::type_identity_t<price_delta<N>> tick) noexcept {
  if (const errc e = detail::liq::check_convention(conv); e != errc{}) return failure{e};
  if (const errc e = detail::liq::check_tick(tick); e != errc{}) return failure{e};
  detail::liq::frame<N> f;
  if (const errc e = detail::liq::make_frame(mp, conv, f); e != errc{}) return failure{e};
  return detail::liq::solve_bankruptcy<Rounding>(f, conv, tick.value());
}

// ============================================================================
// many positions
// ============================================================================

/// Whether a model's tier, when it is tiered by notional, depends on the
/// notional alone (not on the size): then liquidation_prices reads the
/// model's tiers once and finds each position's tier in that copy, instead of
/// asking the model for every position. True for the notional-tiered models
/// of margin/models.hpp; specialize it for a model of your own that
/// qualifies. (A model left out is still right, only slower.)
template <class M>
inline constexpr bool tier_depends_on_notional_alone = false;
template <Number N>
inline constexpr bool tier_depends_on_notional_alone<flat_margin<N>> = true;
template <Number N>
inline constexpr bool tier_depends_on_notional_alone<tiered_with_deduction<N>> = true;
template <auto Table, tier_basis By>
inline constexpr bool tier_depends_on_notional_alone<static_tiered_with_deduction<Table, By>> = true;
template <Number N>
inline constexpr bool tier_depends_on_notional_alone<tiered_whole_position<N>> = true;
template <auto Table, tier_basis By>
inline constexpr bool tier_depends_on_notional_alone<static_tiered_whole_position<Table, By>> = true;
template <Number N>
inline constexpr bool tier_depends_on_notional_alone<stepped_risk_limit<N>> = true;
template <Number N>
inline constexpr bool tier_depends_on_notional_alone<oi_scaled_margin<N>> = true;

/// liquidation_price for each position of one instrument (one model), into
/// `out` (as long as `positions`): out[i] holds position i's answer or its
/// own error, the same as liquidation_price's. The call fails as a whole
/// only for size_mismatch, a bad convention or a bad tick. A model tiered by
/// notional (see tier_depends_on_notional_alone) is read once, up to 32
/// tiers, when there are several positions.
template <PriceRounding Rounding = conservative_rounding, MarginModel M, Number N = typename M::number_type>
[[nodiscard]] constexpr result<void> liquidation_prices(
    std::type_identity_t<std::span<const margined_position<N>>> positions, const M& model,
    const std::type_identity_t<liquidation_convention<N>>& conv, std::type_identity_t<price_delta<N>> tick,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  if (out.size() != positions.size()) return failure{errc::size_mismatch};
  if (const errc e = detail::liq::check_convention(conv); e != errc{}) return failure{e};
  if (const errc e = detail::liq::check_tick(tick); e != errc{}) return failure{e};
  const bool by_notional = model.basis() == tier_basis::notional;
  const bool walks = by_notional && conv.margin.maintenance_at == measure_at::mark;
  if constexpr (tier_depends_on_notional_alone<M>) {
    if (by_notional && positions.size() >= 8) {
      const detail::liq::tier_cache<N> cache = detail::liq::read_tiers<N>(model, conv);
      if (cache.count > 0) {
        const bool lean = cache.lean && walks;
        for (std::size_t i = 0; i < positions.size(); ++i) {
          detail::liq::frame<N> f;
          if (const errc e = detail::liq::make_frame(positions[i], conv, f); e != errc{}) {
            out[i] = failure{e};
            continue;
          }
          detail::liq::cached_tiers<N> tiers{cache};
          if (lean && detail::liq::lean_solve<Rounding>(f, tiers, tick.value(), out[i])) continue;
          out[i] = detail::liq::solve_liquidation<Rounding>(f, tiers, walks, conv, tick.value());
        }
        return {};
      }
    }
  }
  for (std::size_t i = 0; i < positions.size(); ++i) {
    detail::liq::frame<N> f;
    if (const errc e = detail::liq::make_frame(positions[i], conv, f); e != errc{}) {
      out[i] = failure{e};
      continue;
    }
    const detail::liq::model_tiers<N, M> tiers{model, quantity<N>{f.model_size}};
    out[i] = detail::liq::solve_liquidation<Rounding>(f, tiers, walks, conv, tick.value());
  }
  return {};
}

/// bankruptcy_price for each position, into `out`; errors as liquidation_prices.
template <PriceRounding Rounding = conservative_rounding, Number N>
[[nodiscard]] constexpr result<void> bankruptcy_prices(
    std::span<const margined_position<N>> positions, const std::type_identity_t<liquidation_convention<N>>& conv,
    std::type_identity_t<price_delta<N>> tick,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  if (out.size() != positions.size()) return failure{errc::size_mismatch};
  if (const errc e = detail::liq::check_convention(conv); e != errc{}) return failure{e};
  if (const errc e = detail::liq::check_tick(tick); e != errc{}) return failure{e};
  for (std::size_t i = 0; i < positions.size(); ++i) {
    detail::liq::frame<N> f;
    const errc e = detail::liq::make_frame(positions[i], conv, f);
    out[i] = e == errc{} ? detail::liq::solve_bankruptcy<Rounding>(f, conv, tick.value())
                         : result<solved_price<N>>(failure{e});
  }
  return {};
}

// ============================================================================
// the two sides of the equation
// ============================================================================

/// Margin plus PnL at price p (rounded down): the equity the solver equates
/// with the requirement. Errors: the position's, the margin's number error,
/// non_positive_price, overflow.
template <Number N>
[[nodiscard]] constexpr result<money<N>> equity_at(const margined_position<N>& mp,
                                                   std::type_identity_t<price<N>> p) noexcept {
  if (const auto v = validate(mp.pos); !v) return failure{v.error()};
  if (!mp.margin.is_valid()) return failure{error_of(mp.margin.value())};
  if (!p.is_valid()) return failure{error_of(p.value())};
  if (!(p.value() > N{})) return failure{errc::non_positive_price};
  const money<N> e = mp.margin + pnl<round::down>(mp.pos, p);
  if (!e.is_valid()) return failure{error_of(e.value())};
  return e;
}

/// The maintenance requirement at price p under the convention: MM of the
/// tier holding the notional at p (or at entry), plus the fee to close. The
/// fee on the bankruptcy value is taken at the bankruptcy price of the
/// margin (the one bankruptcy_price returns before rounding); with
/// extra_margin_net_of_close_fee, at the bankruptcy price of the initial
/// margin alone (Bybit's estimated fee to close, Q E (1 - 1/leverage) x fee
/// for a linear long). Errors: those of position_maintenance_margin and of
/// the convention.
template <MarginModel M, Number N = typename M::number_type>
[[nodiscard]] constexpr result<money<N>> maintenance_requirement(
    const std::type_identity_t<margined_position<N>>& mp, std::type_identity_t<price<N>> p, const M& model,
    const std::type_identity_t<liquidation_convention<N>>& conv) noexcept {
  if (const errc e = detail::liq::check_convention(conv); e != errc{}) return failure{e};
  detail::liq::frame<N> f;
  if (const errc e = detail::liq::make_frame(mp, conv, f); e != errc{}) return failure{e};
  N bv{};
  if (conv.margin.fee == close_fee::on_bankruptcy_value) {
    bv = conv.extra_margin_net_of_close_fee
             ? detail::liq::bankruptcy_value_up(f, mp.margin.value() - mp.extra_margin.value(), N{})
             : detail::liq::bankruptcy_value_up(f, f.margin, f.fee);
    if (!is_valid(bv)) return failure{error_of(bv)};
  }
  return position_maintenance_margin(model, mp.pos, p, conv.margin, money<N>{bv}, conv.inputs);
}

}  // namespace solvency::inline v1

#undef SOLVENCY_LIQUIDATION_HOT

#endif  // SOLVENCY_LIQUIDATION_PRICE_HPP
