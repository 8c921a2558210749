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

using solvency::detail::is_decimal;
using solvency::detail::raw_decimal;
using solvency::detail::select;

/// Cheap validity tests for the hot path: a decimal's error values are
/// negative raw values; a double is finite when x - x is zero (NaN and the
/// infinities give NaN), two instructions instead of three comparisons.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool positive(N x) noexcept {
  if constexpr (is_decimal<N>)
    return x.raw() > 0;  // error values are negative
  else
    return x > 0.0 && x <= std::numeric_limits<double>::max();
}
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool finite(N x) noexcept {
  if constexpr (is_decimal<N>)
    return x.is_valid();
  else
    return x - x == 0.0;  // NaN and infinities give NaN
}

/// dst = r, field by field. A result returned by value is built in memory
/// one field at a time; copied whole, its first 16 bytes are read back in
/// one load, which no store can forward (a stall of a dozen cycles per
/// position); read field by field, each load meets its own store.
/// (Measured on a double's answers; a decimal's measure faster copied whole.)
template <Number N>
SOLVENCY_HOT constexpr void put(result<solved_price<N>>& dst, const result<solved_price<N>>& r) noexcept {
  if constexpr (is_decimal<N>) {
    dst = r;
  } else {
    if (r.has_value())
      dst = solved_price<N>{r.value().state, r.value().value};
    else
      dst = failure{r.error()};
  }
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

/// x as a double, correctly rounded: two exact conversions of 32-bit halves
/// (the signed conversion; the unsigned one branches on the top bit, a coin
/// toss for the low half of a product).
[[nodiscard]] SOLVENCY_HOT constexpr double to_double(std::uint64_t x) noexcept {
  return static_cast<double>(static_cast<std::int64_t>(x >> 32)) * 4294967296.0 +
         static_cast<double>(static_cast<std::int64_t>(x & 0xffffffffu));
}
/// x as a double within 1.5 units in the last place.
[[nodiscard]] SOLVENCY_HOT constexpr double to_double(u128 x) noexcept {
  return to_double(x.hi) * two64 + to_double(x.lo);
}
[[nodiscard]] SOLVENCY_HOT constexpr bool less(u128 a, u128 b) noexcept {
  return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
}

/// floor(n / d), for d > 0, and whether a remainder is left; ok is false
/// when the quotient is 2^50 or more (the caller then takes the general path).
struct quotient {
  std::uint64_t q = 0;
  bool inexact = false;
  bool ok = false;
};
/// The general correction of divide(): from any estimate c, step to the
/// quotient with exact 192-bit products, up to four units each way.
[[nodiscard]] constexpr quotient divide_slow(u128 n, u128 d, std::uint64_t c) noexcept {
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
/// The quotient from a double estimate `est` of n / d with a relative error
/// below 8e-16 (so below 2^50 the truncated estimate is the quotient or one
/// unit off), corrected without a branch on the data: the remainder n - c d
/// as a signed 128-bit number, one step down when it is negative and one up
/// when it is d or more. No hardware division, identical on every backend.
[[nodiscard]] SOLVENCY_HOT constexpr quotient divide(u128 n, u128 d, double est) noexcept {
  if (!(est >= 0.0 && est < static_cast<double>(max_estimated_quotient))) return {};
  std::uint64_t c = static_cast<std::uint64_t>(static_cast<std::int64_t>(est));
  // |n - c d| < 2 d < 2^127 needs d < 2^126
  if ((d.hi >> 62) != 0) return divide_slow(n, d, c);
  const u128 a = umul64(c, d.lo);
  const std::uint64_t p1 = a.hi + c * d.hi;  // c d mod 2^128
  std::uint64_t r0 = n.lo - a.lo;
  std::uint64_t r1 = n.hi - p1 - (n.lo < a.lo ? 1u : 0u);
  // negative: one d back
  const std::uint64_t back = 0u - (r1 >> 63);
  c -= back & 1u;
  const std::uint64_t b0 = d.lo & back;
  r0 += b0;
  r1 += (d.hi & back) + (r0 < b0 ? 1u : 0u);
  // d or more: one d forward
  const std::uint64_t fwd = less(u128{r1, r0}, d) ? 0u : ~std::uint64_t{0};
  c += fwd & 1u;
  const std::uint64_t f0 = d.lo & fwd;
  r1 = r1 - (d.hi & fwd) - (r0 < f0 ? 1u : 0u);
  r0 -= f0;
  if ((r1 >> 63) != 0 || !less(u128{r1, r0}, d)) return divide_slow(n, d, c);  // never, by the bound above
  if (c >= max_estimated_quotient) return {};
  return {c, r0 != 0 || r1 != 0, true};
}
/// The same, estimating n / d itself.
[[nodiscard]] SOLVENCY_HOT constexpr quotient divide(u128 n, u128 d) noexcept {
  return divide(n, d, to_double(n) / to_double(d));
}

/// a * b rounded down and up, one product; error values as mul's.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bracket<N> mul_both(N a, N b) noexcept {
  if constexpr (is_decimal<N>) {
    constexpr reciprocal rec = make_reciprocal(N::unit);
    if (!a.is_valid()) return {a, a};
    if (!b.is_valid()) return {b, b};
    if (b.raw() == static_cast<std::int64_t>(N::unit)) return {a, a};  // a contract multiplier of 1: exact
    const bool neg = (a.raw() < 0) != (b.raw() < 0);
    const auto mag = [](std::int64_t v) {
      return v < 0 ? ~static_cast<std::uint64_t>(v) + 1u : static_cast<std::uint64_t>(v);
    };
    const u128 p = umul64(mag(a.raw()), mag(b.raw()));
    if (p.hi >= N::unit) return {N::error_value(errc::overflow), N::error_value(errc::overflow)};
    const qr64 d = div2by1(p.hi, p.lo, rec);
    constexpr auto max = static_cast<std::uint64_t>(N::max_raw);
    if (d.q > max) return {N::error_value(errc::overflow), N::error_value(errc::overflow)};  // (q + 1 could wrap)
    const std::uint64_t away = d.q + (d.r != 0 ? 1u : 0u);
    if (away > max) return {N::error_value(errc::overflow), N::error_value(errc::overflow)};
    const auto t = static_cast<std::int64_t>(d.q), u = static_cast<std::int64_t>(away);
    return neg ? bracket<N>{N::from_raw(-u), N::from_raw(-t)} : bracket<N>{N::from_raw(t), N::from_raw(u)};
  } else {
    return {mul<round::down>(a, b), mul<round::up>(a, b)};
  }
}

/// a / b (a >= 0, b > 0) rounded down and up.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bracket<N> div_both(N a, N b) noexcept {
  if constexpr (is_decimal<N>) {
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
[[nodiscard]] SOLVENCY_HOT constexpr N conservative(const bracket<N>& b, bool is_long) noexcept {
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
[[nodiscard]] SOLVENCY_HOT constexpr errc make_frame(const margined_position<N>& mp,
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
  if constexpr (is_decimal<N>)  // a double's two roundings are the same number
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
[[nodiscard]] SOLVENCY_HOT constexpr N bankruptcy_value_up(const frame<N>& f, N margin, N fb) noexcept {
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
  [[nodiscard]] SOLVENCY_HOT constexpr N at(N x) const noexcept { return beta - mul<round::up>(slope, x); }
};

/// The line of one tier. `base` = M + sigma V_E - (fee on the bankruptcy
/// value), rounded down: the part that does not depend on the tier.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr errc make_line(const frame<N>& f, N base, const margin_tier<N>& t,
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
[[nodiscard]] SOLVENCY_HOT constexpr N root_price(const frame<N>& f, const line<N>& l) noexcept {
  if constexpr (is_decimal<N>) {
    constexpr int S = N::scale;
    const auto mag = [](N v) {
      return v.raw() < 0 ? ~static_cast<std::uint64_t>(v.raw()) + 1u : static_cast<std::uint64_t>(v.raw());
    };
    if constexpr (2 * S <= 19) {
      // raw P = beta 10^2S / (slope Q), or F slope / beta
      const bool neg = (l.beta.raw() < 0) != (l.slope.raw() < 0);
      const std::uint64_t mb = mag(l.beta), ms = mag(l.slope), mu = mag(f.units);
      const u128 n = f.inverse ? umul64(mu, ms) : umul64(mb, pow10_u64(2 * S));
      const u128 d = f.inverse ? u128{0, mb} : umul64(ms, mu);
      if ((d.hi != 0 || d.lo != 0) && is_valid(l.beta) && is_valid(l.slope)) {
        // the estimate from the factors (each below 2^63, converted exactly
        // or to the nearest): within 7e-16 of n / d, as divide() needs
        const auto dbl = [](std::uint64_t v) { return static_cast<double>(static_cast<std::int64_t>(v)); };
        constexpr double scale = static_cast<double>(pow10_u64(2 * S));  // exact: 5^(2S) < 2^53
        const double est = f.inverse ? dbl(mu) * dbl(ms) / dbl(mb) : dbl(mb) * scale / (dbl(ms) * dbl(mu));
        const quotient q = divide(n, d, est);
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
[[nodiscard]] SOLVENCY_HOT constexpr N price_of(const frame<N>& f, N x) noexcept {
  return conservative(f.inverse ? div_both(f.units, x) : div_both(x, f.units), f.is_long);
}

/// A tick prepared for many positions: a decimal's tick also as a
/// reciprocal (when `prepared`), so that taking a price to it costs two
/// multiplications instead of a hardware division.
template <Number N>
struct tick_step {
  N tick{};
  reciprocal rec{};
  std::uint64_t max_ticks = 0;  ///< the most ticks a decimal holds (when prepared)
  bool prepared = false;
};
/// A tick used once: no reciprocal.
template <Number N>
[[nodiscard]] constexpr tick_step<N> plain_tick(N tick) noexcept {
  return {tick, {}, 0, false};
}
/// A tick used for a batch (tick valid and >= 0, checked by check_tick).
template <Number N>
[[nodiscard]] constexpr tick_step<N> batch_tick(N tick) noexcept {
  tick_step<N> t{tick, {}, 0, false};
  if constexpr (is_decimal<N>) {
    if (tick.raw() > 0) {
      const auto raw = static_cast<std::uint64_t>(tick.raw());
      t.rec = make_reciprocal(raw);
      t.max_ticks = static_cast<std::uint64_t>(N::max_raw) / raw;
      t.prepared = true;
    }
  }
  return t;
}

/// p > 0 rounded to a multiple of tick > 0, in Rounding's direction for the
/// position's side: round_to_multiple's answer, with the side's direction
/// selected after one shared quotient (no branch on the side).
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr N to_tick(N p, const tick_step<N>& step, bool is_long) noexcept {
  using L = typename Rounding::long_rounding;
  using S = typename Rounding::short_rounding;
  const N tick = step.tick;
  if constexpr (is_decimal<N>) {
    const auto m = static_cast<std::uint64_t>(p.raw()), t = static_cast<std::uint64_t>(tick.raw());
    const qr64 d = step.prepared ? div2by1(0, m, step.rec) : qr64{m / t, m % t};
    const std::uint64_t q = d.q, r = d.r;
    const int half = half_compare(r, t);
    const bool odd = (q & 1u) != 0, inexact = r != 0;
    const bool inc_long = round_increments(L::kind, false, odd, half, inexact);
    const bool inc_short = round_increments(S::kind, false, odd, half, inexact);
    const std::uint64_t k = q + static_cast<std::uint64_t>((is_long & inc_long) | (!is_long & inc_short));
    if (k > (step.prepared ? step.max_ticks : static_cast<std::uint64_t>(N::max_raw) / t))
      return N::error_value(errc::overflow);
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
    return (fl + static_cast<double>(static_cast<int>((is_long & inc_long) | (!is_long & inc_short)))) * tick;
  }
}

/// A price bracketed from the conservative side, taken to the tick.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr result<solved_price<N>> finish(const frame<N>& f, N p,
                                                                    const tick_step<N>& tick) noexcept {
  if (!finite(p)) return failure{error_of(p)};
  const N zero{};
  if (tick.tick > zero && p > zero) {
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
[[nodiscard]] SOLVENCY_HOT constexpr result<solved_price<N>> finish_root(const frame<N>& f, const line<N>& l,
                                                                         const tick_step<N>& tick) noexcept {
  return finish<Rounding>(f, root_price(f, l), tick);
}
template <PriceRounding Rounding, Number N>
[[nodiscard]] constexpr result<solved_price<N>> finish_boundary(const frame<N>& f, N x, const tick_step<N>& tick) noexcept {
  return finish<Rounding>(f, price_of(f, x), tick);
}

/// What the second pass over a block needs of a position whose root lies
/// well inside its entry tier: finish_root's inputs.
template <Number N>
struct parked_root {
  N units{};
  line<N> l{};
  bool inverse = false;
  bool is_long = false;
};

/// finish_root for a parked root in few instructions: root_price's and
/// finish's numbers, every check folded into one flag. True with `out` set
/// for the common case (a decimal: the estimated quotient exact, the price
/// positive or not, the tick's multiple in range; a double: a positive price
/// and a tick, below 2^52 ticks); false for anything else, which finish_root
/// then answers.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool lean_finish(const parked_root<N>& pr, const tick_step<N>& step,
                                                      result<solved_price<N>>& out) noexcept {
  using L = typename Rounding::long_rounding;
  using S = typename Rounding::short_rounding;
  const bool is_long = pr.is_long;
  bool ok = true;
  N p{};
  if constexpr (is_decimal<N>) {
    constexpr int sc = N::scale;
    if constexpr (2 * sc > 19) {
      return false;
    } else {
      // root_price: raw P = beta 10^2S / (slope Q), or F slope / beta, rounded once
      const std::int64_t b = pr.l.beta.raw(), sl = pr.l.slope.raw();
      const bool neg = (b < 0) != (sl < 0);
      const std::uint64_t mb = b < 0 ? 0u - static_cast<std::uint64_t>(b) : static_cast<std::uint64_t>(b);
      const std::uint64_t ms = sl < 0 ? 0u - static_cast<std::uint64_t>(sl) : static_cast<std::uint64_t>(sl);
      const auto mu = static_cast<std::uint64_t>(pr.units.raw());
      const auto dbl = [](std::uint64_t v) { return static_cast<double>(static_cast<std::int64_t>(v)); };
      constexpr double scale = static_cast<double>(pow10_u64(2 * sc));
      constexpr bool one_quotient = std::is_same_v<L, round::up> && std::is_same_v<S, round::down>;
      if (mb == 0 || ms == 0 || mu == 0) return false;  // (a zero quotient or divisor: the general path)
      // with a prepared tick T (> 0): n / (d T) estimated from the factors
      // (each below 2^63, converted exactly or to the nearest), within 8e-16
      // of it relatively, as divide() needs (0 else, which the shortcut
      // below refuses)
      [[maybe_unused]] const auto tr = static_cast<std::uint64_t>(step.tick.raw());
      [[maybe_unused]] const double est_ticks =
          !step.prepared ? 0.0
          : pr.inverse   ? dbl(mu) * dbl(ms) / (dbl(mb) * dbl(tr))
                         : dbl(mb) * scale / (dbl(ms) * dbl(mu) * dbl(tr));
      if constexpr (one_quotient) {
        // The root and the tick round the same way (a long's up, a short's
        // down), and for an integer T > 0, ceil(ceil(a) / T) = ceil(a / T)
        // (floor likewise): one quotient n / (d T) gives the tick's multiple
        // (see below). Farther from an integer than its estimate's error,
        // the estimate's floor is the quotient and the division inexact: no
        // remainder to compute. (An estimate of 0 fails the test, and goes
        // the exact way.)
        if (step.prepared & !neg) {
          constexpr double below = static_cast<double>(max_estimated_quotient - 1);
          if ((est_ticks >= 0.0) & (est_ticks < below)) {
            const auto whole = static_cast<std::uint64_t>(static_cast<std::int64_t>(est_ticks));
            // the fraction strictly inside (room, 1 - room)
            const double off = est_ticks - static_cast<double>(whole) - 0.5;
            const std::uint64_t k = whole + static_cast<std::uint64_t>(is_long);
            if ((magnitude(off) < 0.5 - est_ticks * 1e-15) & (k < step.max_ticks)) {
              const auto fin = static_cast<std::int64_t>(k * tr);
              out = solved_price<N>{fin > 0 ? price_state::at_price : (is_long ? price_state::never : price_state::always),
                                    price<N>{raw_decimal<N>(fin)}};
              return true;
            }
          }
        }
      }
      const u128 n = pr.inverse ? umul64(mu, ms) : umul64(mb, pow10_u64(2 * sc));
      if constexpr (one_quotient) {
        // The exact quotient n / (d T) (for a positive price; the same
        // numbers as the two steps, which are exact too, whenever they do
        // not overflow).
        const std::uint64_t dl = pr.inverse ? mb : ms * mu;  // d, when it fits 64 bits
        const bool fits = pr.inverse || umul64(ms, mu).hi == 0;
        if (step.prepared & !neg & fits) {
          const u128 dt = umul64(dl, tr);
          const quotient q = divide(n, dt, est_ticks);
          const std::uint64_t k = q.q + static_cast<std::uint64_t>(q.inexact & is_long);
          // the multiple in range, and the price before the tick too (a
          // short's is below k + 1 ticks): the two steps would not overflow
          if (q.ok & (k < step.max_ticks)) {
            const auto fin = static_cast<std::int64_t>(k * tr);
            out = solved_price<N>{fin > 0 ? price_state::at_price : (is_long ? price_state::never : price_state::always),
                                  price<N>{raw_decimal<N>(fin)}};
            return true;
          }
        }
      }
      const u128 d = pr.inverse ? u128{0, mb} : umul64(ms, mu);
      const double est = pr.inverse ? dbl(mu) * dbl(ms) / dbl(mb) : dbl(mb) * scale / (dbl(ms) * dbl(mu));
      const quotient q = divide(n, d, est);
      ok = q.ok;
      const std::uint64_t v = q.q + static_cast<std::uint64_t>(q.inexact & (neg != is_long));  // below 2^50 + 1
      const std::int64_t raw = neg ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
      std::int64_t fin = raw;
      if (step.prepared & (raw > 0)) {
        // to_tick
        const std::uint64_t t = static_cast<std::uint64_t>(step.tick.raw());
        const qr64 dq = div2by1(0, static_cast<std::uint64_t>(raw), step.rec);
        const int half = half_compare(dq.r, t);
        const bool odd = (dq.q & 1u) != 0, inexact = dq.r != 0;
        // (both directions, then the side's, without a branch on the side)
        const bool inc_long = round_increments(L::kind, false, odd, half, inexact);
        const bool inc_short = round_increments(S::kind, false, odd, half, inexact);
        const bool inc = (is_long & inc_long) | (!is_long & inc_short);
        const std::uint64_t k = dq.q + static_cast<std::uint64_t>(inc);
        ok &= k <= step.max_ticks;
        fin = static_cast<std::int64_t>(k * t);
      } else {
        ok &= !(step.tick.raw() > 0);  // a tick without its reciprocal: the general path
      }
      p = raw_decimal<N>(fin);  // |fin| below 2^50 + 1, or a multiple of the tick checked above
    }
  } else {
    // root_price: (F slope) / beta, or (beta x 1) / (slope Q)
    const double num = pr.inverse ? pr.units * pr.l.slope : pr.l.beta;
    const double den = pr.inverse ? pr.l.beta : pr.l.slope * pr.units;
    const double exact = num / den, tick = step.tick;
    // the common case: a positive price, a tick, fewer than 2^52 ticks
    if (!((exact > 0.0) & (tick > 0.0))) return false;
    const double q = exact / tick;
    if (!(q < 4503599627370496.0)) return false;
    // to_tick: for 0 < q < 2^52 the truncation is floor_double's answer
    const auto whole = static_cast<std::int64_t>(q);
    const double fl = static_cast<double>(whole), frac = q - fl;
    const int half = frac > 0.5 ? 1 : (frac == 0.5 ? 0 : -1);
    const bool odd = (whole & 1) != 0, inexact = frac != 0.0;
    const bool inc_long = round_increments(L::kind, false, odd, half, inexact);
    const bool inc_short = round_increments(S::kind, false, odd, half, inexact);
    const bool inc = (is_long & inc_long) | (!is_long & inc_short);
    p = (fl + static_cast<double>(static_cast<int>(inc))) * tick;
    ok = p - p == 0.0;
  }
  if (!ok) return false;
  // (the side's state without a branch on the side, a coin toss)
  const bool at = p > N{};
  const auto off = static_cast<price_state>(static_cast<unsigned>(price_state::never) * static_cast<unsigned>(is_long) +
                                            static_cast<unsigned>(price_state::always) * static_cast<unsigned>(!is_long));
  out = solved_price<N>{at ? price_state::at_price : off, price<N>{select(at, p, N{})}};
  return true;
}

/// finish_root, trying lean_finish first.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr result<solved_price<N>> finish_root_fast(const frame<N>& f, const line<N>& l,
                                                                              const tick_step<N>& tick) noexcept {
  result<solved_price<N>> out = solved_price<N>{};
  if (lean_finish<Rounding>(parked_root<N>{f.units, l, f.inverse, f.is_long}, tick, out)) return out;
  return finish_root<Rounding>(f, l, tick);
}

/// One line over the whole axis: the root if it is at a positive price, else
/// never or always.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr result<solved_price<N>> solve_line(const frame<N>& f, const line<N>& l,
                                                                        const tick_step<N>& tick) noexcept {
  // sigma = +1: safe for x < beta / slope (slope > 0): none when beta <= 0.
  // sigma = -1: safe for x > beta / slope (slope < 0): all when beta >= 0.
  if (f.sigma_up ? !(l.beta > N{}) : !(l.beta < N{}))
    return f.sigma_up ? solved_price<N>::always() : solved_price<N>::never();
  return finish_root_fast<Rounding>(f, l, tick);
}

/// The root's place relative to a tier, estimated in double: x* = beta /
/// slope against the tier's edges (raw units for a decimal). 1: inside with
/// a margin far above the estimate's error, 0: outside likewise, -1: too
/// close to an edge to tell.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr int estimate_inside(const line<N>& l, double lo, double hi) noexcept {
  double x = 0, m = 0;
  if constexpr (is_decimal<N>) {
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
[[nodiscard]] SOLVENCY_HOT constexpr int estimate_inside(const line<N>& l, const margin_tier<N>& t) noexcept {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if constexpr (is_decimal<N>)
    return estimate_inside(l, static_cast<double>(t.lower.raw()), t.unbounded ? inf : static_cast<double>(t.upper.raw()));
  else
    return estimate_inside(l, t.lower, t.unbounded ? inf : t.upper);
}

/// Whether the root of a tier's line lies inside the tier, exactly: the
/// line's sign differs at the tier's two ends (at x = 0, g = beta; a zero
/// there is the root x = 0, not a positive price). 1: inside, 0: not, -1: an
/// error value (overflow).
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr int root_inside(const line<N>& l, const margin_tier<N>& t) noexcept {
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

// --- a model's tiers, read once for many positions ------------------------------

/// What a cache compares: a decimal's raw integer (every number in a cache is
/// valid), or the double itself.
template <Number N>
using cache_key = std::conditional_t<is_decimal<N>, std::int64_t, double>;
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr cache_key<N> key_of(N x) noexcept {
  if constexpr (is_decimal<N>)
    return x.raw();
  else
    return x;
}

template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr N from_key(cache_key<N> k) noexcept {
  if constexpr (is_decimal<N>)
    return raw_decimal<N>(k);
  else
    return k;
}

/// One tier of a cache, with what the solver computes of it for every
/// position, computed once under the batch's convention: the line's rate and
/// slope, make_line's errors, the products of the slope with the tier's edges
/// (the walk's g = beta - slope x edge is then one subtraction), and the
/// betas whose root estimate_inside places well inside the tier.
template <Number N>
struct cached_tier {
  /// What depends on sigma (index: sigma_up).
  struct by_side {
    N slope{};                 ///< sigma + rate
    errc slope_error{};        ///< make_line's error once beta is valid: the slope's, or no_solution
    cache_key<N> inside_lo{};  ///< inside_lo < beta < inside_hi: estimate_inside says 1
    cache_key<N> inside_hi{};
    N at_lower{};              ///< mul<up>(slope, edge_lower)
    N at_upper{};              ///< mul<up>(slope, edge_upper)
    N next_at_upper{};         ///< the next tier's mul<up>(slope, edge_upper)
    N prev_at_lower{};         ///< the previous tier's mul<up>(slope, edge_lower)
  };
  N maintenance{};
  N deduction{};
  N rate{};                  ///< MMR, plus the fee rate when the fee is on the value at the price
  N edge_lower{};            ///< tier_edge(lower), the last x of the tier walking down
  N edge_upper{};            ///< tier_edge(upper), the last x walking up
  double lo = 0, hi = 0;     ///< estimate_inside's edges (hi infinite for the last tier)
  errc line_error{};         ///< make_line's error before beta: MMR or deduction not a number, MMR < 0
  bool lower_positive = false;
  std::array<by_side, 2> side{};
};

/// The binade of x >= 0, an index into tier_cache::first_key: a decimal's
/// raw value's bit width (0 for 0); a double's binary exponent above
/// `base`, clamped to [0, 63].
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr std::size_t binade(cache_key<N> x, int base) noexcept {
  if constexpr (is_decimal<N>) {
    return static_cast<std::size_t>(std::bit_width(static_cast<std::uint64_t>(x)));
  } else {
    const int e = static_cast<int>(std::bit_cast<std::uint64_t>(x) >> 52) - base;  // x >= 0: no sign bit
    return static_cast<std::size_t>(e < 0 ? 0 : (e > 63 ? 63 : e));
  }
}

/// A model's tiers read once, for a batch: the whole notional axis from 0 to
/// an unbounded last tier, at most `capacity` tiers (count 0: not read).
template <Number N>
struct tier_cache {
  static constexpr std::size_t capacity = 32;
  std::array<cache_key<N>, capacity + 2> keys{};  ///< x above keys[i] is past tier i (its cap, or just below an exclusive one)
  std::array<cached_tier<N>, capacity> tiers{};
  std::array<std::uint8_t, 64> first_key{};  ///< per binade: the number of keys below its least value
  int binade_base = 0;
  bool by_binade = false;  ///< no binade holds more than two keys
  /// Every tier's line is a line (no make_line error) and every number the
  /// walk adds to or subtracts from beta is below walk_bound in magnitude:
  /// for a base below it too, no sum overflows, and the walk runs on plain
  /// arithmetic with the same results.
  bool walk_plain = false;
  std::size_t count = 0;

  /// The tier holding x (valid, >= 0): the number of keys below it. Guessed
  /// from x's binade, which holds at most two keys, and confirmed with two
  /// comparisons: one short dependency chain, no branch. A table whose keys
  /// crowd a binade takes a branch-free binary search over the padded keys.
  [[nodiscard]] SOLVENCY_HOT constexpr std::size_t index_of(N x) const noexcept {
    static_assert(capacity == 32);
    const cache_key<N> v = key_of(x);
    if (by_binade) {
      const std::size_t k = first_key[binade<N>(v, binade_base)];
      return k + static_cast<std::size_t>(keys[k] < v) + static_cast<std::size_t>(keys[k + 1] < v);
    }
    std::size_t k = 0;
    for (std::size_t step = 16; step > 0; step >>= 1) k += static_cast<std::size_t>(keys[k + step - 1] < v) * step;
    return k;
  }
};

/// Whether two numbers are the same number (a decimal's representation; a
/// double's bits, so -0 and NaN are not confused).
template <Number N>
[[nodiscard]] constexpr bool identical_number(N a, N b) noexcept {
  if constexpr (is_decimal<N>)
    return a.raw() == b.raw();
  else
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// The bound on the numbers a plain walk adds (2^61 raw units for a
/// decimal: three of them sum below max_raw; 1e300 for a double: no sum
/// reaches infinity).
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool below_walk_bound(N x) noexcept {
  if constexpr (is_decimal<N>) {
    constexpr std::int64_t bound = std::int64_t{1} << 61;
    const std::int64_t r = x.raw();
    return (r > -bound) & (r < bound);  // error values are below -2^61
  } else {
    return (x > -1e300) & (x < 1e300);  // false for NaN
  }
}
/// a + b and a - b for numbers below the walk's bound: no check needed.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr N plain_add(N a, N b) noexcept {
  if constexpr (is_decimal<N>)
    return raw_decimal<N>(a.raw() + b.raw());
  else
    return a + b;
}
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr N plain_sub(N a, N b) noexcept {
  if constexpr (is_decimal<N>)
    return raw_decimal<N>(a.raw() - b.raw());
  else
    return a - b;
}

/// The open interval of betas (in cache keys) whose root x = beta / slope
/// estimate_inside places inside [lo, hi] with its margin: computed with a
/// relative margin of 1e-8, far above the estimate's rounding error, and
/// checked at both ends (the estimate is monotonic in beta in between);
/// empty when that check fails.
template <Number N>
constexpr void inside_interval(N slope, double lo, double hi, cache_key<N>& a, cache_key<N>& b) noexcept {
  constexpr double inf = std::numeric_limits<double>::infinity();
  a = cache_key<N>{};
  b = cache_key<N>{};
  double s = 0, xl = 0, xh = 0;
  if constexpr (is_decimal<N>) {
    // x in raw units: beta_raw / slope_raw x unit; the estimate's margin is 1e-9 |x| + 4
    s = static_cast<double>(slope.raw()) / static_cast<double>(N::unit);
    xl = (lo + 4.0) * (1.0 + 1e-8) + 1.0;
    xh = hi == inf ? inf : (hi - 4.0) * (1.0 - 1e-8) - 1.0;
  } else {
    s = slope;
    xl = lo * (1.0 + 1e-8) + 1e-290;  // above 0: x = beta / slope must not underflow
    xh = hi == inf ? inf : hi * (1.0 - 1e-8);
  }
  if (!(s != 0.0) || !(xl < xh)) return;
  // beta = x s: a below, b above when s > 0; the reverse when s < 0
  double da = s > 0 ? xl * s : (xh == inf ? -inf : xh * s);
  double db = s > 0 ? (xh == inf ? inf : xh * s) : xl * s;
  cache_key<N> ka{}, kb{};
  if constexpr (is_decimal<N>) {
    constexpr double top = 9.2e18;  // below 2^63
    const auto up = [](double v) {  // the least integer >= v, clamped
      if (!(v > -top)) return std::numeric_limits<std::int64_t>::min();
      if (!(v < top)) return std::numeric_limits<std::int64_t>::max();
      const double f = floor_double(v);
      return static_cast<std::int64_t>(f) + (f < v ? 1 : 0);
    };
    const auto down = [](double v) {  // the greatest integer <= v, clamped
      if (!(v > -top)) return std::numeric_limits<std::int64_t>::min();
      if (!(v < top)) return std::numeric_limits<std::int64_t>::max();
      return static_cast<std::int64_t>(floor_double(v));
    };
    ka = up(da);
    kb = down(db);
    // the test points: the first and last raw values strictly inside, within the range
    const std::int64_t ta = ka < N::min_raw ? N::min_raw : ka + 1, tb = kb > N::max_raw ? N::max_raw : kb - 1;
    if (!(ta <= tb)) return;
    if (estimate_inside(line<N>{N::from_raw(ta), slope}, lo, hi) != 1 ||
        estimate_inside(line<N>{N::from_raw(tb), slope}, lo, hi) != 1)
      return;
  } else {
    // a relative margin for the product's rounding: a up, b down
    da = da > 0 ? da * (1.0 + 1e-12) : da * (1.0 - 1e-12);
    db = db > 0 ? db * (1.0 - 1e-12) : db * (1.0 + 1e-12);
    ka = da;
    kb = db;
    if (!(ka < kb)) return;
    constexpr double big = std::numeric_limits<double>::max();
    const double ta = ka < -big ? -big : ka, tb = kb > big ? big : kb;
    if (estimate_inside(line<N>{ta, slope}, lo, hi) != 1 || estimate_inside(line<N>{tb, slope}, lo, hi) != 1) return;
  }
  a = ka;
  b = kb;
}

/// The tier table behind a model of margin/models.hpp tiered by a table:
/// its rows, its cap rule and whether its tiers carry the deduction. Their
/// tier_for answers tier_rules::tier_at(rows, rule, i, deduction) for every
/// value in tier i, so a batch reads the rows instead of asking per tier.
template <class M>
struct table_behind {
  static constexpr bool known = false;
};
template <Number N>
struct table_behind<tiered_with_deduction<N>> {
  static constexpr bool known = true, deduction = true;
  static constexpr std::span<const tier_row<N>> rows(const tiered_with_deduction<N>& m) noexcept { return m.table.rows(); }
  static constexpr cap_rule rule(const tiered_with_deduction<N>& m) noexcept { return m.table.rule(); }
  /// The same rows (the same caller-owned array), rule and basis.
  static constexpr bool same(const tiered_with_deduction<N>& a, const tiered_with_deduction<N>& b) noexcept {
    return a.table.rows().data() == b.table.rows().data() && a.table.size() == b.table.size() &&
           a.table.rule() == b.table.rule() && a.tiered_by == b.tiered_by;
  }
};
template <Number N>
struct table_behind<tiered_whole_position<N>> {
  static constexpr bool known = true, deduction = false;
  static constexpr std::span<const tier_row<N>> rows(const tiered_whole_position<N>& m) noexcept { return m.table.rows(); }
  static constexpr cap_rule rule(const tiered_whole_position<N>& m) noexcept { return m.table.rule(); }
  static constexpr bool same(const tiered_whole_position<N>& a, const tiered_whole_position<N>& b) noexcept {
    return a.table.rows().data() == b.table.rows().data() && a.table.size() == b.table.size() &&
           a.table.rule() == b.table.rule() && a.tiered_by == b.tiered_by;
  }
};
template <auto Table, tier_basis By>
struct table_behind<static_tiered_with_deduction<Table, By>> {
  using M = static_tiered_with_deduction<Table, By>;
  using N = typename M::number_type;
  static constexpr bool known = true, deduction = true;
  static constexpr std::span<const tier_row<N>> rows(const M&) noexcept { return std::span<const tier_row<N>>(M::table.rows); }
  static constexpr cap_rule rule(const M&) noexcept { return M::table.rule; }
  static constexpr bool same(const M&, const M&) noexcept { return true; }  // one table per type
};
template <auto Table, tier_basis By>
struct table_behind<static_tiered_whole_position<Table, By>> {
  using M = static_tiered_whole_position<Table, By>;
  using N = typename M::number_type;
  static constexpr bool known = true, deduction = false;
  static constexpr std::span<const tier_row<N>> rows(const M&) noexcept { return std::span<const tier_row<N>>(M::table.rows); }
  static constexpr cap_rule rule(const M&) noexcept { return M::table.rule; }
  static constexpr bool same(const M&, const M&) noexcept { return true; }  // one table per type
};

/// Reads a model's tiers into `cache` (count stays 0 when they cannot be
/// read: a first tier not from 0, a tier that does not follow the previous,
/// more than `capacity`) and prepares each under the convention.
template <Number N, MarginModel M>
constexpr void read_tiers(tier_cache<N>& cache, const M& model, const liquidation_convention<N>& c) noexcept {
  cache.count = 0;
  const model_tiers<N, M> src{model, quantity<N>{}};
  margin_tier<N> t;
  std::span<const tier_row<N>> rows{};
  cap_rule rule = cap_rule::inclusive;
  if constexpr (table_behind<M>::known) {
    // a validated table (a view or a static table; an empty view's lookups fail)
    rows = table_behind<M>::rows(model);
    rule = table_behind<M>::rule(model);
    if (rows.empty() || rows.size() > tier_cache<N>::capacity) return;
    t = tier_rules<N>::tier_at(rows, rule, 0, table_behind<M>::deduction);
  } else {
    if (src.first(N{}, t) != errc{} || !(t.lower == N{}) || !t.contains(N{})) return;
  }
  std::size_t n = 0;
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (;;) {
    cached_tier<N>& k = cache.tiers[n];
    k.maintenance = t.maintenance.value();
    k.deduction = t.deduction.value();
    k.lower_positive = t.lower > N{};
    k.edge_lower = tier_edge(t.lower, t.upper_inclusive);
    k.edge_upper = tier_edge(t.upper, t.upper_inclusive);
    if constexpr (is_decimal<N>) {
      k.lo = static_cast<double>(t.lower.raw());
      k.hi = t.unbounded ? inf : static_cast<double>(t.upper.raw());
    } else {
      k.lo = t.lower;
      k.hi = t.unbounded ? inf : t.upper;
    }
    cache.keys[n] = key_of(t.upper_inclusive ? t.upper : next_below(t.upper));
    ++n;
    if (t.unbounded) break;
    if constexpr (table_behind<M>::known) {
      t = tier_rules<N>::tier_at(rows, rule, n, table_behind<M>::deduction);
    } else {
      if (n == tier_cache<N>::capacity || src.next(t, true) != errc{}) return;
    }
  }
  // keys from the last tier's on never lie below a value: the search ends in the last tier
  for (std::size_t i = n - 1; i < cache.keys.size(); ++i) {
    if constexpr (is_decimal<N>)
      cache.keys[i] = N::max_raw;
    else
      cache.keys[i] = inf;
  }
  // the binades: first_key[b] counts the keys below binade b's least value
  // (a key of the last tier's padding never is); usable when no binade holds
  // more than two keys
  cache.binade_base = 0;
  if constexpr (!is_decimal<N>) {
    // binade 0 holds every x below the first key's binade, and no key
    if (n > 1) cache.binade_base = static_cast<int>(std::bit_cast<std::uint64_t>(cache.keys[0]) >> 52) - 1;
  }
  // (a double's binades must lie among the finite exponents, 0 .. 2046)
  cache.by_binade = cache.binade_base >= 0 && cache.binade_base + 63 <= 2046;
  std::size_t below = 0;
  for (std::size_t b = 0; b < cache.first_key.size(); ++b) {
    // the least value of binade b
    cache_key<N> least{};
    if constexpr (is_decimal<N>)
      least = b == 0 ? 0 : static_cast<std::int64_t>(std::uint64_t{1} << (b - 1));
    else
      least = b == 0 ? 0.0 : std::bit_cast<double>(static_cast<std::uint64_t>(cache.binade_base + static_cast<int>(b)) << 52);
    while (below + 1 < n && cache.keys[below] < least) ++below;
    cache.first_key[b] = static_cast<std::uint8_t>(below);
  }
  for (std::size_t b = 0; b < cache.first_key.size(); ++b) {
    // the keys inside binade b: first_key[b + 1] - first_key[b], or to the end for the last (clamped) one
    const std::size_t end = b + 1 < cache.first_key.size() ? cache.first_key[b + 1] : n - 1;
    if (end - cache.first_key[b] > 2) cache.by_binade = false;
  }

  // make_line's arithmetic, once per tier and sign
  const N one = from_int<N>(1);
  const N fee = c.margin.fee == close_fee::excluded ? N{} : c.margin.taker_fee.value();
  for (std::size_t i = 0; i < n; ++i) {
    cached_tier<N>& k = cache.tiers[i];
    const N r = k.maintenance, d = k.deduction;
    k.line_error = !is_valid(r) ? error_of(r) : !is_valid(d) ? error_of(d) : r < N{} ? errc::invalid_argument : errc{};
    k.rate = c.margin.fee == close_fee::on_value_at_price ? r + fee : r;
    for (int up = 0; up < 2; ++up) {
      typename cached_tier<N>::by_side& sd = k.side[static_cast<std::size_t>(up)];
      sd.slope = (up != 0 ? one : -one) + k.rate;
      sd.slope_error = !is_valid(sd.slope)                      ? error_of(sd.slope)
                       : (up == 0 && !(sd.slope < N{}))         ? errc::no_solution
                                                                 : errc{};
      // (read only when the tier has a lower edge above 0, and an upper edge)
      sd.at_lower = k.lower_positive ? mul<round::up>(sd.slope, k.edge_lower) : N{};
      sd.at_upper = i + 1 < n ? mul<round::up>(sd.slope, k.edge_upper) : N{};
      if (k.line_error == errc{} && sd.slope_error == errc{})
        inside_interval(sd.slope, k.lo, k.hi, sd.inside_lo, sd.inside_hi);
      else
        sd.inside_lo = sd.inside_hi = cache_key<N>{};
    }
  }
  // a neighbour's line at the shared edge: the neighbour's own product when
  // the edges are the same number (tiers from a table)
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t up = 0; up < 2; ++up) {
      typename cached_tier<N>::by_side& sd = cache.tiers[i].side[up];
      if (i + 1 < n) {
        const cached_tier<N>& next = cache.tiers[i + 1];
        sd.next_at_upper = identical_number(next.edge_lower, cache.tiers[i].edge_upper) && next.lower_positive
                               ? next.side[up].at_lower
                               : mul<round::up>(next.side[up].slope, cache.tiers[i].edge_upper);
      }
      if (i > 0) {
        const cached_tier<N>& prev = cache.tiers[i - 1];
        sd.prev_at_lower = identical_number(prev.edge_upper, cache.tiers[i].edge_lower)
                               ? prev.side[up].at_upper
                               : mul<round::up>(prev.side[up].slope, cache.tiers[i].edge_lower);
      }
    }
  }
  cache.walk_plain = true;
  for (std::size_t i = 0; i < n; ++i) {
    const cached_tier<N>& k = cache.tiers[i];
    bool small = k.line_error == errc{} && below_walk_bound(k.deduction);
    for (const auto& sd : k.side)
      small = small && sd.slope_error == errc{} && below_walk_bound(sd.at_lower) && below_walk_bound(sd.at_upper) &&
              below_walk_bound(sd.next_at_upper) && below_walk_bound(sd.prev_at_lower);
    cache.walk_plain = cache.walk_plain && small;
  }
  cache.count = n;
}

/// The convention's choices that are the same for every position of a batch.
struct batch_rules {
  bool walks = true;               ///< MM at the mark: the tier moves with the price
  bool fee_at_bankruptcy = false;  ///< the fee on the bankruptcy value is a constant of each position's line
};
template <Number N>
[[nodiscard]] constexpr batch_rules rules_of(const liquidation_convention<N>& c) noexcept {
  return {c.margin.maintenance_at == measure_at::mark,
          c.margin.fee == close_fee::on_bankruptcy_value && !c.extra_margin_net_of_close_fee};
}

/// solve_cached from the entry tier's line on: root_inside (estimate, then
/// the exact test), then the walk. For a position whose line l in tier k is
/// valid (no make_line error), base = beta - the tier's deduction.
template <PriceRounding Rounding, Number N>
[[nodiscard]] constexpr result<solved_price<N>> solve_from_line(const frame<N>& f, const tier_cache<N>& cache,
                                                                const tick_step<N>& tick, N base, std::size_t k,
                                                                line<N> l) noexcept {
  const std::size_t up_index = f.sigma_up ? 1u : 0u;
  const cached_tier<N>* t = &cache.tiers[k];
  const typename cached_tier<N>::by_side* sd = &t->side[up_index];
  // root_inside(l, tier)
  int inside = estimate_inside(l, t->lo, t->hi);
  if (inside < 0) {
    const N zero{};
    bool lo_pos = l.beta > zero;
    if (t->lower_positive) {
      const N g = l.beta - sd->at_lower;
      lo_pos = g > zero;
      if (!is_valid(g)) inside = -2;
    } else if (l.beta == zero) {
      inside = 0;
    }
    if (inside == -1) {
      bool hi_pos = l.slope < zero;
      if (k + 1 < cache.count) {
        const N g = l.beta - sd->at_upper;
        hi_pos = g > zero;
        if (!is_valid(g)) inside = -2;
      }
      if (inside == -1) inside = lo_pos != hi_pos ? 1 : 0;
    }
  }
  if (inside < 0) return failure{errc::overflow};
  if (inside > 0) return finish_root_fast<Rounding>(f, l, tick);

  // The walk (solve_liquidation's).
  const N g0 = l.at(f.value_hi);
  if (!is_valid(g0)) return failure{error_of(g0)};
  const bool safe = g0 > N{};
  const bool up = safe == f.sigma_up;
  const auto crossed = [safe](N g) { return safe ? !(g > N{}) : g > N{}; };
  if (cache.walk_plain && below_walk_bound(base)) {
    // The same walk on plain arithmetic over the representations: every
    // tier's line is valid and no sum below overflows (see walk_plain), so
    // every check would pass.
    using K = cache_key<N>;
    const auto crossed_key = [safe](K g) { return safe ? !(g > K{}) : g > K{}; };
    const K kbase = key_of(base);
    K kbeta = key_of(l.beta);
    for (;;) {
      if (up) {
        if (k + 1 == cache.count) return finish_root_fast<Rounding>(f, l, tick);
      } else if (!t->lower_positive) {
        if (safe ? kbeta < K{} : kbeta > K{}) return finish_root_fast<Rounding>(f, l, tick);
        return safe ? solved_price<N>::never() : solved_price<N>::always();
      }
      if (crossed_key(kbeta - key_of(up ? sd->at_upper : sd->at_lower))) return finish_root_fast<Rounding>(f, l, tick);
      const N edge = up ? t->edge_upper : t->edge_lower;
      const K edge_product = key_of(up ? sd->next_at_upper : sd->prev_at_lower);
      k = up ? k + 1 : k - 1;
      t = &cache.tiers[k];
      sd = &t->side[up_index];
      kbeta = kbase + key_of(t->deduction);
      l = line<N>{from_key<N>(kbeta), sd->slope};
      if (crossed_key(kbeta - edge_product)) return finish_boundary<Rounding>(f, edge, tick);
    }
  }
  for (int step = 0; step < max_tier_steps; ++step) {
    N g_end{};
    if (up) {
      if (k + 1 == cache.count) return finish_root_fast<Rounding>(f, l, tick);
      g_end = l.beta - sd->at_upper;
    } else {
      if (!t->lower_positive) {
        if (safe ? l.beta < N{} : l.beta > N{}) return finish_root_fast<Rounding>(f, l, tick);
        return safe ? solved_price<N>::never() : solved_price<N>::always();
      }
      g_end = l.beta - sd->at_lower;
    }
    if (!is_valid(g_end)) return failure{error_of(g_end)};
    if (crossed(g_end)) return finish_root_fast<Rounding>(f, l, tick);
    if (up ? k + 1 >= cache.count : k == 0) return failure{errc::invalid_argument};
    const N edge = up ? t->edge_upper : t->edge_lower;
    const N edge_product = up ? sd->next_at_upper : sd->prev_at_lower;
    k = up ? k + 1 : k - 1;
    t = &cache.tiers[k];
    sd = &t->side[up_index];
    if (t->line_error != errc{}) return failure{t->line_error};
    const N beta_k = base + t->deduction;
    if (!is_valid(beta_k)) return failure{error_of(beta_k)};
    if (sd->slope_error != errc{}) return failure{sd->slope_error};
    l = line<N>{beta_k, sd->slope};
    const N g_start = l.beta - edge_product;
    if (!is_valid(g_start)) return failure{error_of(g_start)};
    if (crossed(g_start)) return finish_boundary<Rounding>(f, edge, tick);
  }
  return failure{errc::no_solution};
}

/// solve_liquidation over a cache (a model tiered by notional alone): the
/// same steps and the same numbers, each tier's products read instead of
/// computed, and the common case first: the entry tier's root well inside
/// the entry tier (estimate_inside's answer, read from the tier's interval
/// of betas without a division).
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr result<solved_price<N>> solve_cached(const frame<N>& f,
                                                                          const tier_cache<N>& cache,
                                                                          const batch_rules& b,
                                                                          const tick_step<N>& tick) noexcept {
  N fee_at_bankruptcy{};
  if (b.fee_at_bankruptcy) {
    fee_at_bankruptcy = mul<round::up>(f.fee, bankruptcy_value_up(f, f.margin, f.fee));
    if (!is_valid(fee_at_bankruptcy)) return failure{error_of(fee_at_bankruptcy)};
  }
  const N base = select(f.sigma_up, f.margin + f.value_lo, f.margin - f.value_hi) - fee_at_bankruptcy;
  if (!finite(base)) return failure{error_of(base)};

  std::size_t k = cache.index_of(f.value_hi);
  const cached_tier<N>* t = &cache.tiers[k];
  if (t->line_error != errc{}) return failure{t->line_error};
  N beta = base + t->deduction;
  if (!b.walks) {
    // MM measured at the entry: a constant V_E x rate (rounded up), slope sigma
    beta = beta - mul<round::up>(f.value_hi, t->rate);
    if (!is_valid(beta)) return failure{error_of(beta)};
    const N one = from_int<N>(1);
    return solve_line<Rounding>(f, line<N>{beta, f.sigma_up ? one : -one}, tick);
  }
  const std::size_t up_index = f.sigma_up ? 1u : 0u;
  if (!is_valid(beta)) return failure{error_of(beta)};
  const typename cached_tier<N>::by_side* sd = &t->side[up_index];
  if (sd->slope_error != errc{}) return failure{sd->slope_error};
  line<N> l{beta, sd->slope};

  // The usual case: the entry tier's own root well inside the entry tier.
  const cache_key<N> kb = key_of(beta);
  if ((kb > sd->inside_lo) & (kb < sd->inside_hi)) return finish_root_fast<Rounding>(f, l, tick);

  return solve_from_line<Rounding>(f, cache, tick, base, k, l);
}

/// The liquidation price: the first price, moving from the entry, where
/// equity - requirement changes sign, each tier's requirement applying over
/// that tier's range of the tier variable. `walks`: the tier moves with the
/// price (tiered by notional, maintenance at the mark).
template <PriceRounding Rounding, Number N, class Tiers>
[[nodiscard]] constexpr result<solved_price<N>> solve_liquidation(const frame<N>& f, Tiers& tiers, bool walks,
                                                                  const liquidation_convention<N>& c,
                                                                  const tick_step<N>& tick) noexcept {
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
  if (inside > 0) return finish_root_fast<Rounding>(f, l, tick);

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
      if (t.unbounded) return finish_root_fast<Rounding>(f, l, tick);
      edge = tier_edge(t.upper, t.upper_inclusive);
    } else {
      if (!(t.lower > N{})) {
        // down to x = 0, where g = beta (a strict crossing: beta = 0 means the
        // sign changes only at a price of 0 or infinity)
        if (safe ? l.beta < N{} : l.beta > N{}) return finish_root_fast<Rounding>(f, l, tick);
        return safe ? solved_price<N>::never() : solved_price<N>::always();
      }
      edge = tier_edge(t.lower, t.upper_inclusive);
    }
    const N g_end = l.at(edge);
    if (!is_valid(g_end)) return failure{error_of(g_end)};
    if (crossed(g_end)) return finish_root_fast<Rounding>(f, l, tick);
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
/// What the lean first pass finds of a position: its line in the entry
/// tier k, and whether the root lies well inside that tier.
template <Number N>
struct lean_position {
  parked_root<N> root{};
  N base{};      ///< beta - the tier's deduction
  N value_hi{};  ///< the tier variable at entry
  std::size_t k = 0;
  bool sigma_up = false;
  bool inside = false;

  [[nodiscard]] constexpr frame<N> frame_of() const noexcept {
    frame<N> f;
    f.units = root.units;
    f.value_hi = value_hi;
    f.inverse = root.inverse;
    f.is_long = root.is_long;
    f.sigma_up = sigma_up;
    return f;
  }
};

/// The first pass's common case in few instructions, for a convention with
/// no fee on the bankruptcy value (the margin is then mp.margin itself):
/// make_frame's numbers and the line's tier-independent part, base = M +
/// V_E (rounded down) or M - V_E (rounded up), on raw values, every check
/// folded into one flag. True with `out` filled (but for the line) when the
/// position is plausible and every number valid; false for anything else,
/// which the general path then answers (errors included).
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool lean_frame(const margined_position<N>& mp, bool quote_value,
                                                     lean_position<N>& out) noexcept {
  const position<N>& pos = mp.pos;
  const auto kind = static_cast<unsigned>(pos.spec.kind);
  const auto sd = static_cast<int>(pos.side);
  const bool inverse = kind == 1u, is_long = sd == 1;
  const bool sigma_up = inverse == is_long;
  bool ok = ((sd == 1) | (sd == -1)) & (kind <= 2u) & !(inverse & quote_value);
  if constexpr (is_decimal<N>) {
    constexpr reciprocal rec = make_reciprocal(N::unit);
    constexpr std::int64_t top = N::max_raw;
    const std::int64_t size = pos.size.value().raw(), entry = pos.entry.value().raw();
    const std::int64_t mult = pos.spec.multiplier.raw(), m = mp.margin.value().raw();
    ok &= (size > 0) & (entry > 0) & (mult > 0) & (m >= N::min_raw) & (mp.extra_margin.value().raw() >= N::min_raw);
    std::int64_t units = size;
    if (mult != static_cast<std::int64_t>(N::unit)) {  // mul_both, which must be exact
      const bracket<N> u = mul_both(pos.size.value(), pos.spec.multiplier);
      ok &= u.lo == u.hi;
      units = u.lo.raw();
    }
    std::int64_t lo = 0, hi = 0;  // the value at entry, rounded down and up
    if (!inverse) {
      const u128 p = umul64(static_cast<std::uint64_t>(units), static_cast<std::uint64_t>(entry));
      ok &= p.hi < N::unit;
      const qr64 d = div2by1(p.hi < N::unit ? p.hi : 0u, p.lo, rec);
      const std::uint64_t away = d.q + static_cast<std::uint64_t>(d.r != 0);
      ok &= (d.q <= static_cast<std::uint64_t>(top)) & (away <= static_cast<std::uint64_t>(top));  // (no wrap)
      lo = static_cast<std::int64_t>(d.q);  // (garbage, unused, when not ok)
      hi = static_cast<std::int64_t>(away);
    } else {
      const bracket<N> v = div_both(N::from_raw(units), pos.entry.value());
      const bool lo_ok = v.lo.is_valid(), hi_ok = v.hi.is_valid();
      ok &= lo_ok & hi_ok;
      lo = v.lo.raw();
      hi = v.hi.raw();
    }
    // base = M + V_E rounded down (sigma = +1) or M - V_E rounded up, in range
    const std::int64_t add = sigma_up ? lo : -hi;
    const auto um = static_cast<std::uint64_t>(m), ua = static_cast<std::uint64_t>(add);
    const std::uint64_t base = um + ua;
    constexpr auto span = static_cast<std::uint64_t>(top);
    ok &= ((((um ^ base) & (ua ^ base)) >> 63) == 0) & (base + span <= span + span);
    out.value_hi = raw_decimal<N>(hi);
    out.base = raw_decimal<N>(static_cast<std::int64_t>(base));
    out.root.units = raw_decimal<N>(units);
  } else {
    const double size = pos.size.value(), entry = pos.entry.value(), mult = pos.spec.multiplier;
    const double m = mp.margin.value(), extra = mp.extra_margin.value();
    ok &= (size > 0.0) & (entry > 0.0) & (mult > 0.0);
    const double units = size * mult;
    const double value = inverse ? units / entry : units * entry;
    // m + value or m - value: the sign flipped on the representation (a
    // select compiles to a branch on the side, a coin toss)
    const double signed_value = std::bit_cast<double>(std::bit_cast<std::uint64_t>(value) ^
                                                      (static_cast<std::uint64_t>(!sigma_up) << 63));
    const double base = m + signed_value;
    // Every number finite: x - x is 0, else NaN, and a NaN survives the sum.
    // An infinite or NaN size, multiplier, margin or value reaches the base
    // (a linear contract's entry too); an inverse contract's entry and the
    // extra margin do not.
    ok &= ((entry - entry) + (extra - extra) + (base - base)) == 0.0;
    out.value_hi = value;
    out.base = base;
    out.root.units = units;
  }
  out.root.inverse = inverse;
  out.root.is_long = is_long;
  out.sigma_up = sigma_up;
  return ok;
}

/// The line of a framed position in tier k of the cache: true when it is a
/// line (beta in range, no make_line error); out.inside says whether its
/// root lies well inside the tier.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool lean_line(const tier_cache<N>& cache, std::size_t k,
                                                    lean_position<N>& out) noexcept {
  out.k = k;
  const cached_tier<N>& t = cache.tiers[k];
  const typename cached_tier<N>::by_side& side = t.side[out.sigma_up ? 1u : 0u];
  bool ok = (t.line_error == errc{}) & (side.slope_error == errc{});
  if constexpr (is_decimal<N>) {
    // beta = base + deduction, in range
    constexpr auto span = static_cast<std::uint64_t>(N::max_raw);
    const auto base = static_cast<std::uint64_t>(out.base.raw());
    const auto ud = static_cast<std::uint64_t>(t.deduction.raw());
    const std::uint64_t beta = base + ud;
    const auto b = static_cast<std::int64_t>(beta);
    ok &= ((((base ^ beta) & (ud ^ beta)) >> 63) == 0) & (beta + span <= span + span);
    out.inside = (b > side.inside_lo) & (b < side.inside_hi);
    out.root.l = line<N>{raw_decimal<N>(b), side.slope};
  } else {
    const double beta = out.base + t.deduction;
    ok &= beta - beta == 0.0;
    out.inside = (beta > side.inside_lo) & (beta < side.inside_hi);
    out.root.l = line<N>{beta, side.slope};
  }
  return ok;
}

/// lean_frame, then the entry tier's line (lean_line).
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool lean_prepare(const margined_position<N>& mp,
                                                       const tier_cache<N>& cache, bool quote_value,
                                                       lean_position<N>& out) noexcept {
  if (!lean_frame(mp, quote_value, out)) return false;
  return lean_line(cache, cache.index_of(out.value_hi), out);
}

/// One position of a batch the lean passes could not answer: through
/// make_frame and solve_cached (its errors included).
template <PriceRounding Rounding, Number N>
constexpr void solve_one_cached(const margined_position<N>& mp, const tier_cache<N>& cache,
                                const liquidation_convention<N>& c, const batch_rules& rules, const tick_step<N>& tick,
                                result<solved_price<N>>& out) noexcept {
  frame<N> f;
  if (const errc e = make_frame(mp, c, f); e != errc{}) {
    out = failure{e};
    return;
  }
  put(out, solve_cached<Rounding>(f, cache, rules, tick));
}

/// The positions of a batch in blocks of 16, each block in short passes: the
/// first values every position on raw numbers, the second finds its tier at
/// entry, the third its line there, the fourth takes the roots well inside
/// the entry tier to the tick, and the last answers the rest one by one (the
/// walk across tiers, and the general path for anything unusual, errors
/// included). Each pass is a short chain of dependent steps per position, so
/// the processor overlaps many positions (one long pass overlaps barely
/// two). Same steps, same answers as one solve_cached per position.
template <PriceRounding Rounding, Number N>
constexpr void solve_cached_batch(std::span<const margined_position<N>> positions, const tier_cache<N>& cache,
                                  const liquidation_convention<N>& c, const tick_step<N>& tick,
                                  std::span<result<solved_price<N>>> out) noexcept {
  const batch_rules rules = rules_of(c);
  const bool lean = rules.walks && !rules.fee_at_bankruptcy && c.margin.fee != close_fee::on_bankruptcy_value;
  if (!lean) {
    for (std::size_t i = 0; i < positions.size(); ++i) solve_one_cached<Rounding>(positions[i], cache, c, rules, tick, out[i]);
    return;
  }
  const bool quote_value = c.inputs.value == value_currency::quote;
  constexpr std::size_t block = 16;
  std::array<lean_position<N>, block> lp{};
  std::array<bool, block> ok{};
  std::array<std::uint8_t, block> parked{};
  for (std::size_t start = 0; start < positions.size(); start += block) {
    const std::size_t m = positions.size() - start < block ? positions.size() - start : block;
    for (std::size_t j = 0; j < m; ++j) {
      ok[j] = lean_frame(positions[start + j], quote_value, lp[j]);
      lp[j].value_hi = select(ok[j], lp[j].value_hi, N{});  // (index_of's domain: a valid x >= 0)
    }
    for (std::size_t j = 0; j < m; ++j) lp[j].k = cache.index_of(lp[j].value_hi);
    std::size_t count = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const bool line_ok = lean_line(cache, lp[j].k, lp[j]);
      const bool framed = ok[j], inside = lp[j].inside;
      ok[j] = framed & line_ok;
      parked[count] = static_cast<std::uint8_t>(j);
      count += static_cast<std::size_t>(framed & line_ok & inside);
    }
    for (std::size_t n = 0; n < count; ++n) {
      const std::size_t j = parked[n];
      if (!lean_finish<Rounding>(lp[j].root, tick, out[start + j]))
        put(out[start + j], finish_root<Rounding>(lp[j].frame_of(), lp[j].root.l, tick));
    }
    if (count == m) continue;
    for (std::size_t j = 0; j < m; ++j) {
      const bool framed = ok[j], inside = lp[j].inside;
      if (framed & inside) continue;
      const std::size_t i = start + j;
      if (framed)
        put(out[i], solve_from_line<Rounding>(lp[j].frame_of(), cache, tick, lp[j].base, lp[j].k, lp[j].root.l));
      else
        solve_one_cached<Rounding>(positions[i], cache, c, rules, tick, out[i]);
    }
  }
}

/// The bankruptcy price: equity(x) = fb x over the whole axis.
template <PriceRounding Rounding, Number N>
[[nodiscard]] SOLVENCY_HOT constexpr result<solved_price<N>> solve_bankruptcy(
    const frame<N>& f, const liquidation_convention<N>& c, const tick_step<N>& tick) noexcept {
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
  return detail::liq::solve_liquidation<Rounding>(f, tiers, walks, conv, detail::liq::plain_tick(tick.value()));
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
  return detail::liq::solve_bankruptcy<Rounding>(f, conv, detail::liq::plain_tick(tick.value()));
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
      detail::liq::tier_cache<N> cache;
      detail::liq::read_tiers(cache, model, conv);
      if (cache.count > 0) {
        detail::liq::solve_cached_batch<Rounding>(positions, cache, conv, detail::liq::batch_tick(tick.value()), out);
        return {};
      }
    }
  }
  const detail::liq::tick_step<N> step = detail::liq::batch_tick(tick.value());
  for (std::size_t i = 0; i < positions.size(); ++i) {
    detail::liq::frame<N> f;
    if (const errc e = detail::liq::make_frame(positions[i], conv, f); e != errc{}) {
      out[i] = failure{e};
      continue;
    }
    const detail::liq::model_tiers<N, M> tiers{model, quantity<N>{f.model_size}};
    detail::liq::put(out[i], detail::liq::solve_liquidation<Rounding>(f, tiers, walks, conv, step));
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
  const detail::liq::tick_step<N> step = detail::liq::batch_tick(tick.value());
  // Without a fee on the bankruptcy value (the common case) the line is
  // (base, sigma): the lean frame gives it on raw values.
  const bool lean = conv.margin.fee != close_fee::on_bankruptcy_value;
  const bool quote_value = conv.inputs.value == value_currency::quote;
  const N one = from_int<N>(1);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    detail::liq::lean_position<N> lp;
    if (lean && detail::liq::lean_frame(positions[i], quote_value, lp)) {
      detail::liq::put(out[i], detail::liq::solve_line<Rounding>(lp.frame_of(), detail::liq::line<N>{lp.base, lp.sigma_up ? one : -one}, step));
      continue;
    }
    detail::liq::frame<N> f;
    const errc e = detail::liq::make_frame(positions[i], conv, f);
    out[i] = e == errc{} ? detail::liq::solve_bankruptcy<Rounding>(f, conv, step) : result<solved_price<N>>(failure{e});
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

#endif  // SOLVENCY_LIQUIDATION_PRICE_HPP
