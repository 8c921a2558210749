// solvency/numeric/number.hpp: what a number type must provide.
//
// Every rule in the library is a template over `Number N`, so the same code
// runs on exact `decimal<S>` (the default, for money) and on `double` (for
// analytics and for comparing against published floating-point numbers).
//
//   N from_int<N>(i)            an integer, exactly
//   a + b, a - b, -a            exact for decimal; IEEE for double
//   mul<R>(a, b), div<R>(a, b), muldiv<R>(a, b, c) = a*b/c,
//   muldiv2<R>(a, b, c, d) = (a*b)/(c*d)
//                               rounded in direction R for decimal; for double
//                               the hardware's nearest rounding (R is ignored:
//                               double is not an exact type)
//   round_to_multiple<R>(x, s)  rounded in direction R for both
//   is_valid(a), error_of(a)    false / the cause for an error value, a NaN
//                               or an infinity
//   to_double(a)
//   a < b, a == b, ...          partial ordering (errors and NaN unordered)
#ifndef SOLVENCY_NUMERIC_NUMBER_HPP
#define SOLVENCY_NUMERIC_NUMBER_HPP

#include <solvency/config.hpp>
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/numeric/rounding.hpp>

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>

namespace solvency::inline v1 {

// --- decimal ---------------------------------------------------------------
template <int S>
[[nodiscard]] constexpr bool is_valid(decimal<S> a) noexcept {
  return a.is_valid();
}
template <int S>
[[nodiscard]] constexpr errc error_of(decimal<S> a) noexcept {
  return a.error();
}
template <int S>
[[nodiscard]] constexpr double to_double(decimal<S> a) noexcept {
  return a.to_double();
}

// --- double ----------------------------------------------------------------
[[nodiscard]] constexpr bool is_valid(double a) noexcept {
  return a == a && a <= std::numeric_limits<double>::max() &&
         a >= -std::numeric_limits<double>::max();
}
[[nodiscard]] constexpr errc error_of(double a) noexcept {
  if (a != a) return errc::not_a_number;
  return is_valid(a) ? errc{} : errc::infinite;
}
[[nodiscard]] constexpr double to_double(double a) noexcept { return a; }

template <RoundingMode R>
[[nodiscard]] constexpr double mul(double a, double b) noexcept {
  return a * b;
}
template <RoundingMode R>
[[nodiscard]] constexpr double div(double a, double b) noexcept {
  return a / b;  // division by zero gives an infinity or NaN: is_valid() is false
}
template <RoundingMode R>
[[nodiscard]] constexpr double muldiv(double a, double b, double c) noexcept {
  return a * b / c;
}

template <RoundingMode R>
[[nodiscard]] constexpr double muldiv2(double a, double b, double c, double d) noexcept {
  return a * b / (c * d);
}

namespace detail {
/// floor(x) for finite x, usable in constant expressions (std::floor is not
/// constexpr in C++20).
[[nodiscard]] constexpr double floor_double(double x) noexcept {
  constexpr double two52 = 4503599627370496.0;
  if (!(x > -two52 && x < two52)) return x;  // already an integer (or NaN)
  const auto t = static_cast<double>(static_cast<std::int64_t>(x));
  return t > x ? t - 1.0 : t;
}

/// |x| without a branch (the compiler may not turn `x < 0 ? -x : x` into
/// one: it differs from |x| at -0).
[[nodiscard]] constexpr double magnitude(double x) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_fabs(x);  // one andpd; a bit_cast goes through an integer register
#else
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & ~(std::uint64_t{1} << 63));
#endif
}
}  // namespace detail

template <RoundingMode R>
[[nodiscard]] constexpr double round_to_multiple(double x, double step) noexcept {
  if (!(step > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  const double q = x / step;
  // |q| >= 2^52 is already an integer (and too large for the int64 parity
  // test below); NaN or an infinity stays invalid.
  constexpr double two52 = 4503599627370496.0;
  if (!(q > -two52 && q < two52)) return q * step;
  const double fl = detail::floor_double(q);
  const double frac = q - fl;
  const bool neg = q < 0.0;
  // magnitude-based decision mirrors the decimal implementation
  const double tmag = neg ? -(fl + (frac > 0.0 ? 1.0 : 0.0)) : fl;  // truncated magnitude
  const double fmag = neg ? (frac > 0.0 ? 1.0 - frac : 0.0) : frac;
  const int half_cmp = fmag > 0.5 ? 1 : (fmag == 0.5 ? 0 : -1);
  const bool odd = (static_cast<std::int64_t>(tmag) & 1) != 0;
  const bool inc = detail::round_increments(R::kind, neg, odd, half_cmp, fmag != 0.0);
  const double mag = tmag + (inc ? 1.0 : 0.0);
  return (neg ? -mag : mag) * step;
}

// --- the concept ---------------------------------------------------------
template <class N>
struct number_traits;

template <int S>
struct number_traits<decimal<S>> {
  static constexpr bool exact = true;
  [[nodiscard]] static constexpr decimal<S> from_int(std::int64_t i) noexcept {
    return decimal<S>::from_int(i);
  }
  [[nodiscard]] static constexpr decimal<S> epsilon() noexcept { return decimal<S>::epsilon(); }
};

template <>
struct number_traits<double> {
  static constexpr bool exact = false;
  [[nodiscard]] static constexpr double from_int(std::int64_t i) noexcept {
    return static_cast<double>(i);
  }
  [[nodiscard]] static constexpr double epsilon() noexcept {
    return std::numeric_limits<double>::epsilon();
  }
};

template <class N>
concept Number = std::regular<N> && requires(N a, N b, std::int64_t i) {
  { number_traits<N>::exact } -> std::convertible_to<bool>;
  { number_traits<N>::from_int(i) } -> std::same_as<N>;
  { a + b } -> std::same_as<N>;
  { a - b } -> std::same_as<N>;
  { -a } -> std::same_as<N>;
  { mul<round::up>(a, b) } -> std::same_as<N>;
  { div<round::down>(a, b) } -> std::same_as<N>;
  { muldiv<round::up>(a, b, b) } -> std::same_as<N>;
  { muldiv2<round::up>(a, b, b, b) } -> std::same_as<N>;
  { round_to_multiple<round::down>(a, b) } -> std::same_as<N>;
  { is_valid(a) } -> std::same_as<bool>;
  { error_of(a) } -> std::same_as<errc>;
  { to_double(a) } -> std::same_as<double>;
  { a < b } -> std::convertible_to<bool>;
  { a <= b } -> std::convertible_to<bool>;
};

static_assert(Number<dec>);
static_assert(Number<decimal<0>>);
static_assert(Number<decimal<18>>);
static_assert(Number<double>);

/// An integer in any Number type.
template <Number N>
[[nodiscard]] constexpr N from_int(std::int64_t i) noexcept {
  return number_traits<N>::from_int(i);
}

/// A Number or the error it carries, as a result.
template <Number N>
[[nodiscard]] constexpr result<N> checked(N x) noexcept {
  if (is_valid(x)) return x;
  return failure{error_of(x)};
}

namespace detail {
/// The decimal whose representation is `raw`, without from_raw's range
/// check: for values the caller has checked (or error values it passes on).
template <Number N>
  requires is_decimal<N>
[[nodiscard]] SOLVENCY_HOT constexpr N raw_decimal(std::int64_t raw) noexcept {
  N r{};
  r.raw_ = raw;
  return r;
}

/// c ? a : b without a branch, for hot loops where c is a coin toss (a
/// position's side, a holder left out or not) and compilers keep a branch
/// around a select of two computed values: a mask over the representations,
/// error values included.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr N select(bool c, N a, N b) noexcept {
  const std::uint64_t m = 0u - static_cast<std::uint64_t>(c);
  if constexpr (is_decimal<N>) {
    return raw_decimal<N>(static_cast<std::int64_t>((static_cast<std::uint64_t>(a.raw()) & m) |
                                                    (static_cast<std::uint64_t>(b.raw()) & ~m)));
  } else {
    return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & m) | (std::bit_cast<std::uint64_t>(b) & ~m));
  }
}
}  // namespace detail

}  // namespace solvency::inline v1

#endif  // SOLVENCY_NUMERIC_NUMBER_HPP
