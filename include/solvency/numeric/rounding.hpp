// solvency/numeric/rounding.hpp: rounding directions, chosen by tag type.
//
// Policies in this header (pass one as the first template argument of
// mul, div, muldiv, parse, from_double and round_to_multiple):
//
//   round::down            toward minus infinity (floor). A trader's equity, a
//                          long's liquidation price under the conservative rule.
//   round::up              toward plus infinity (ceil). Margin requirements,
//                          fees owed to the exchange.
//   round::toward_zero     truncation. What most venue displays do.
//   round::away_from_zero  magnitude up. Amounts owed, whatever their sign.
//   round::nearest_even    to nearest, ties to even (banker's rounding). No
//                          bias over many operations; analytics.
//   round::nearest_away    to nearest, ties away from zero ("half up"). How
//                          venue documentation rounds the numbers it prints.
//
// The direction rule of the library: round in the direction that favours the
// solvency of the exchange, and say which direction in the code.
#ifndef SOLVENCY_NUMERIC_ROUNDING_HPP
#define SOLVENCY_NUMERIC_ROUNDING_HPP

#include <solvency/config.hpp>

#include <concepts>
#include <type_traits>
#include <cstdint>

namespace solvency::inline v1 {

enum class round_kind : std::uint8_t {
  down,
  up,
  toward_zero,
  away_from_zero,
  nearest_even,
  nearest_away,
};

namespace round {
struct down {
  static constexpr round_kind kind = round_kind::down;
};
struct up {
  static constexpr round_kind kind = round_kind::up;
};
struct toward_zero {
  static constexpr round_kind kind = round_kind::toward_zero;
};
struct away_from_zero {
  static constexpr round_kind kind = round_kind::away_from_zero;
};
struct nearest_even {
  static constexpr round_kind kind = round_kind::nearest_even;
};
struct nearest_away {
  static constexpr round_kind kind = round_kind::nearest_away;
};
}  // namespace round

/// A rounding-direction tag: an empty type naming one `round_kind`.
template <class T>
concept RoundingMode = std::is_empty_v<T> && requires {
  { T::kind } -> std::convertible_to<round_kind>;
};

static_assert(RoundingMode<round::down>);
static_assert(RoundingMode<round::up>);
static_assert(RoundingMode<round::toward_zero>);
static_assert(RoundingMode<round::away_from_zero>);
static_assert(RoundingMode<round::nearest_even>);
static_assert(RoundingMode<round::nearest_away>);

/// The opposite direction: what rounds a subtrahend so that a difference
/// keeps the original direction (down <-> up, and so on).
template <RoundingMode R>
struct opposite_rounding {
  using type = R;  // nearest modes are their own opposite
};
template <>
struct opposite_rounding<round::down> {
  using type = round::up;
};
template <>
struct opposite_rounding<round::up> {
  using type = round::down;
};
template <>
struct opposite_rounding<round::toward_zero> {
  using type = round::away_from_zero;
};
template <>
struct opposite_rounding<round::away_from_zero> {
  using type = round::toward_zero;
};
template <RoundingMode R>
using opposite_rounding_t = typename opposite_rounding<R>::type;

namespace detail {

/// Whether a truncated magnitude must be incremented by one.
///   negative:  sign of the exact result
///   odd:       the truncated magnitude is odd
///   half_cmp:  the discarded fraction compared with one half (-1, 0, +1)
///   inexact:   the discarded fraction is not zero
[[nodiscard]] constexpr bool round_increments(round_kind k, bool negative, bool odd, int half_cmp,
                                              bool inexact) noexcept {
  switch (k) {
    case round_kind::down: return inexact && negative;
    case round_kind::up: return inexact && !negative;
    case round_kind::toward_zero: return false;
    case round_kind::away_from_zero: return inexact;
    case round_kind::nearest_even: return half_cmp > 0 || (half_cmp == 0 && odd);
    case round_kind::nearest_away: return half_cmp >= 0 && inexact;
  }
  return false;
}

/// Compare a remainder r of a division by d with d / 2.
[[nodiscard]] constexpr int half_compare(std::uint64_t r, std::uint64_t d) noexcept {
  const std::uint64_t rest = d - r;
  return r > rest ? 1 : (r == rest ? 0 : -1);
}

}  // namespace detail
}  // namespace solvency::inline v1

#endif  // SOLVENCY_NUMERIC_ROUNDING_HPP
