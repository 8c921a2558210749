// solvency/numeric/decimal.hpp: exact fixed-point decimal money.
//
// `decimal<Scale>` stores value * 10^Scale in a 64-bit integer. Addition and
// subtraction are exact; multiplication and division compute the exact
// result on 128 bits and round it once, in the direction the caller names:
//
//   using dec = decimal<8>;
//   dec notional = mul<round::up>(size, price);       // margin side: up
//   dec pnl      = mul<round::down>(size, move);      // trader side: down
//
// Overflow, division by zero and bad conversions are never wrapped and never
// undefined behaviour. Like a floating-point NaN, an error travels through
// later arithmetic as an *error value* that remembers its cause:
//
//   dec x = dec::max() + dec::from_int(1);   // !x.is_valid(), x.error() == errc::overflow
//   result<dec> r = x.checked();             // turn it into a result at a boundary
//
// Error values compare unordered (every comparison but != is false), so code
// must check validity where it decides; the rules of this library do.
// Representation: raw values in [-(2^63 - 16), 2^63 - 16] are numbers; the
// sixteen lowest int64 values are error values (INT64_MIN + errc).
#ifndef SOLVENCY_NUMERIC_DECIMAL_HPP
#define SOLVENCY_NUMERIC_DECIMAL_HPP

#include <solvency/config.hpp>
#include <solvency/detail/int128.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/numeric/rounding.hpp>

#include <bit>
#include <charconv>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <initializer_list>
#include <string_view>

namespace solvency::inline v1 {

template <int Scale>
class decimal;

namespace detail {
template <class T>
inline constexpr bool is_decimal = false;
template <int S>
inline constexpr bool is_decimal<decimal<S>> = true;
}  // namespace detail

template <int Scale>
class decimal {
  static_assert(Scale >= 0 && Scale <= 18, "decimal<Scale>: Scale must be in [0, 18]");

 public:
  using rep = std::int64_t;
  static constexpr int scale = Scale;
  /// The raw representation of 1.
  static constexpr std::uint64_t unit = detail::pow10_u64(Scale);
  static constexpr rep max_raw = std::numeric_limits<rep>::max() - 15;
  static constexpr rep min_raw = -max_raw;

  /// Zero.
  constexpr decimal() noexcept = default;

  /// The number whose representation is `raw` (value = raw / 10^Scale); an
  /// overflow error value when `raw` is outside the range.
  [[nodiscard]] static constexpr decimal from_raw(rep raw) noexcept {
    return raw < min_raw ? error_value(errc::overflow) : decimal(raw, tag{});
  }
  /// An integer, exactly; an overflow error value when out of range.
  [[nodiscard]] static constexpr decimal from_int(std::int64_t i) noexcept {
    const std::uint64_t mag = magnitude(i);
    if (mag > static_cast<std::uint64_t>(max_raw) / unit) return error_value(errc::overflow);
    const auto raw = static_cast<rep>(mag * unit);
    return decimal(i < 0 ? -raw : raw, tag{});
  }
  /// The error value carrying `e` (an arithmetic code below 16; any other
  /// code is stored as errc::invalid_number).
  [[nodiscard]] static constexpr decimal error_value(errc e) noexcept {
    const auto code = static_cast<std::uint8_t>(e);
    const rep c = (code >= 1 && code < 16) ? code : static_cast<rep>(errc::invalid_number);
    return decimal(std::numeric_limits<rep>::min() + c, tag{});
  }
  [[nodiscard]] static constexpr decimal max() noexcept { return decimal(max_raw, tag{}); }
  [[nodiscard]] static constexpr decimal min() noexcept { return decimal(min_raw, tag{}); }
  /// The smallest positive value, 10^-Scale.
  [[nodiscard]] static constexpr decimal epsilon() noexcept { return decimal(1, tag{}); }

  /// A double, rounded in direction R. NaN, infinities and values out of
  /// range are errors. The conversion is exact before rounding: the double's
  /// binary value is scaled by 10^Scale on 128 bits.
  template <RoundingMode R>
  [[nodiscard]] static constexpr result<decimal> from_double(double x) noexcept;

  /// A decimal string such as "12345.6789", "-0.0025", "1e-4"; digits beyond
  /// the scale are rounded in direction R. Nothing else is accepted: no
  /// spaces, no thousands separators, no "nan" or "inf".
  template <RoundingMode R>
  [[nodiscard]] static constexpr result<decimal> parse(std::string_view s) noexcept {
    return parse_impl(s, R::kind, false);
  }
  /// As parse, but a string with more digits than the scale holds is an
  /// error (errc::inexact) instead of being rounded.
  [[nodiscard]] static constexpr result<decimal> parse_exact(std::string_view s) noexcept {
    return parse_impl(s, round_kind::toward_zero, true);
  }

  /// The stored integer (value * 10^Scale), or the error encoding.
  [[nodiscard]] constexpr rep raw() const noexcept { return raw_; }
  [[nodiscard]] constexpr bool is_valid() const noexcept { return raw_ >= min_raw; }
  /// errc{} for a number, else the cause of the error value.
  [[nodiscard]] constexpr errc error() const noexcept {
    return is_valid() ? errc{} : static_cast<errc>(raw_ - std::numeric_limits<rep>::min());
  }
  /// The value, or the error as a result.
  [[nodiscard]] constexpr result<decimal> checked() const noexcept {
    if (is_valid()) return *this;
    return failure{error()};
  }
  /// The nearest double (a NaN for an error value). For analytics only.
  [[nodiscard]] constexpr double to_double() const noexcept {
    if (!is_valid()) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(raw_) / static_cast<double>(unit);
  }
  /// The integer part, rounded in direction R.
  template <RoundingMode R>
  [[nodiscard]] constexpr result<std::int64_t> to_int() const noexcept {
    if (!is_valid()) return failure{error()};
    const std::uint64_t mag = magnitude(raw_);
    return round_quotient<R>(raw_ < 0, {mag / unit, mag % unit}, unit).raw_;  // |result| < 2^63 / unit
  }

  /// Writes the shortest exact text ("-12.5", "0.0001", "3"); an error value
  /// writes "#" and the error's name. Fails with value_too_large when
  /// [first, last) is too small; max_chars always suffices.
  static constexpr std::size_t max_chars = 48;
  constexpr std::to_chars_result to_chars(char* first, char* last) const noexcept;
  [[nodiscard]] std::string to_string() const {
    char buf[max_chars];
    const auto res = to_chars(buf, buf + max_chars);
    return std::string(buf, res.ptr);
  }

  // --- exact arithmetic -------------------------------------------------
  [[nodiscard]] friend constexpr decimal operator+(decimal a) noexcept { return a; }
  [[nodiscard]] friend constexpr decimal operator-(decimal a) noexcept {
    return a.is_valid() ? decimal(-a.raw_, tag{}) : a;
  }
  [[nodiscard]] friend constexpr decimal operator+(decimal a, decimal b) noexcept {
    if (!a.is_valid()) return a;
    if (!b.is_valid()) return b;
    // The sum on 64 bits, then one test without a branch on the signs (which
    // a compiler would otherwise take, unpredictably, on mixed-sign data):
    // no int64 overflow, and |sum| <= max_raw.
    const auto ua = static_cast<std::uint64_t>(a.raw_), ub = static_cast<std::uint64_t>(b.raw_);
    const std::uint64_t sum = ua + ub;
    const bool wrapped = (((ua ^ sum) & (ub ^ sum)) >> 63) != 0;
    constexpr auto span = static_cast<std::uint64_t>(max_raw);
    if (wrapped | (sum + span > span + span)) return error_value(errc::overflow);
    return decimal(static_cast<rep>(sum), tag{});
  }
  [[nodiscard]] friend constexpr decimal operator-(decimal a, decimal b) noexcept {
    return a + (-b);
  }
  constexpr decimal& operator+=(decimal b) noexcept { return *this = *this + b; }
  constexpr decimal& operator-=(decimal b) noexcept { return *this = *this - b; }

  /// Numbers compare by value; an error value is unordered with everything,
  /// itself included (like NaN).
  [[nodiscard]] friend constexpr bool operator==(decimal a, decimal b) noexcept {
    return a.is_valid() && b.is_valid() && a.raw_ == b.raw_;
  }
  [[nodiscard]] friend constexpr std::partial_ordering operator<=>(decimal a, decimal b) noexcept {
    if (!a.is_valid() || !b.is_valid()) return std::partial_ordering::unordered;
    return a.raw_ <=> b.raw_;
  }

  /// Whether two decimals have the same representation (errors included).
  [[nodiscard]] friend constexpr bool identical(decimal a, decimal b) noexcept {
    return a.raw_ == b.raw_;
  }

 private:
  struct tag {};
  constexpr decimal(rep raw, tag) noexcept : raw_(raw) {}

  [[nodiscard]] static constexpr std::uint64_t magnitude(std::int64_t v) noexcept {
    return v < 0 ? ~static_cast<std::uint64_t>(v) + 1u : static_cast<std::uint64_t>(v);
  }
  /// A rounded magnitude as a decimal, or overflow.
  [[nodiscard]] static constexpr decimal from_magnitude(bool negative, std::uint64_t q) noexcept {
    if (q > static_cast<std::uint64_t>(max_raw)) return error_value(errc::overflow);
    const auto v = static_cast<rep>(q);
    return decimal(negative ? -v : v, tag{});
  }
  /// A truncated magnitude q, incremented when the rounding says so: q = 2^64 - 1
  /// would wrap to 0 (it is out of range either way).
  [[nodiscard]] static constexpr decimal from_magnitude(bool negative, std::uint64_t q, bool increment) noexcept {
    if (q > static_cast<std::uint64_t>(max_raw)) return error_value(errc::overflow);
    return from_magnitude(negative, q + (increment ? 1u : 0u));
  }
  [[nodiscard]] static constexpr result<decimal> parse_impl(std::string_view s, round_kind k,
                                                            bool exact) noexcept;
  /// The truncated quotient q (remainder r of a division by den) of a
  /// magnitude, rounded in direction R, as a decimal with the given sign.
  template <RoundingMode R>
  [[nodiscard]] static constexpr decimal round_quotient(bool negative, detail::qr64 d,
                                                        std::uint64_t den) noexcept {
    const bool inc = detail::round_increments(R::kind, negative, (d.q & 1u) != 0,
                                              detail::half_compare(d.r, den), d.r != 0);
    return from_magnitude(negative, d.q, inc);
  }

  template <RoundingMode R, int S>
  friend constexpr decimal<S> mul(decimal<S>, decimal<S>) noexcept;
  template <RoundingMode R, int S>
  friend constexpr decimal<S> div(decimal<S>, decimal<S>) noexcept;
  template <RoundingMode R, int S>
  friend constexpr decimal<S> muldiv(decimal<S>, decimal<S>, decimal<S>) noexcept;
  template <RoundingMode R, int S>
  friend constexpr decimal<S> muldiv2(decimal<S>, decimal<S>, decimal<S>, decimal<S>) noexcept;
  template <RoundingMode R, int S>
  friend constexpr decimal<S> round_to_multiple(decimal<S>, decimal<S>) noexcept;

 public:
  // Public only so that decimal is a structural type: a tier table of
  // decimals can then be a template argument. Read it through raw().
  rep raw_ = 0;
};

/// The scale most venues need: eight decimal places (1 satoshi, 0.01 cent).
using dec = decimal<8>;

// --- rounded arithmetic ------------------------------------------------------

/// a * b rounded in direction R, exactly (one rounding of the 128-bit product).
template <RoundingMode R, int S>
[[nodiscard]] constexpr decimal<S> mul(decimal<S> a, decimal<S> b) noexcept {
  using D = decimal<S>;
  if (!a.is_valid()) return a;
  if (!b.is_valid()) return b;
  constexpr detail::reciprocal rec = detail::make_reciprocal(D::unit);
  const bool neg = (a.raw_ < 0) != (b.raw_ < 0);
  const detail::u128 p = detail::umul64(D::magnitude(a.raw_), D::magnitude(b.raw_));
  // One test sends both a product below 2^64 (hi = 0, wrapping around) and
  // an overflow (hi >= unit) off the general path, which keeps its single
  // branch. Below 2^64 (operands of up to about 32 bits each), a 64-bit
  // division by the constant unit, which compilers turn into a multiply and
  // a shift, replaces the reciprocal division of the 128-bit product.
  if (p.hi - 1u >= D::unit - 1u) {
    if (p.hi != 0) return D::error_value(errc::overflow);
    return D::template round_quotient<R>(neg, {p.lo / D::unit, p.lo % D::unit}, D::unit);
  }
  const detail::qr64 d = detail::div2by1(p.hi, p.lo, rec);
  return D::template round_quotient<R>(neg, d, D::unit);
}

/// a / b rounded in direction R, exactly. Division by zero is an error value.
template <RoundingMode R, int S>
[[nodiscard]] constexpr decimal<S> div(decimal<S> a, decimal<S> b) noexcept {
  using D = decimal<S>;
  if (!a.is_valid()) return a;
  if (!b.is_valid()) return b;
  if (b.raw_ == 0) return D::error_value(errc::division_by_zero);
  const bool neg = (a.raw_ < 0) != (b.raw_ < 0);
  const std::uint64_t den = D::magnitude(b.raw_);
  const detail::u128 n = detail::umul64(D::magnitude(a.raw_), D::unit);
  if (n.hi >= den) return D::error_value(errc::overflow);
  const detail::qr64 d = detail::div2by1(n.hi, n.lo, den);
  return D::template round_quotient<R>(neg, d, den);
}

/// a * b / c with a single rounding in direction R: exact for ratios such as
/// size * price / leverage, where two roundings would drift.
template <RoundingMode R, int S>
[[nodiscard]] constexpr decimal<S> muldiv(decimal<S> a, decimal<S> b, decimal<S> c) noexcept {
  using D = decimal<S>;
  if (!a.is_valid()) return a;
  if (!b.is_valid()) return b;
  if (!c.is_valid()) return c;
  if (c.raw_ == 0) return D::error_value(errc::division_by_zero);
  const bool neg = ((a.raw_ < 0) != (b.raw_ < 0)) != (c.raw_ < 0);
  const std::uint64_t den = D::magnitude(c.raw_);
  const detail::u128 n = detail::umul64(D::magnitude(a.raw_), D::magnitude(b.raw_));
  if (n.hi >= den) return D::error_value(errc::overflow);
  const detail::qr64 d = detail::div2by1(n.hi, n.lo, den);
  return D::template round_quotient<R>(neg, d, den);
}

/// (a * b) / (c * d) with a single rounding in direction R, exactly: the
/// numerator is formed on 192 bits and divided by the 128-bit c * d.
/// Inverse-contract PnL, F * (P - E) / (E * P), is the case it exists for.
template <RoundingMode R, int S>
[[nodiscard]] constexpr decimal<S> muldiv2(decimal<S> a, decimal<S> b, decimal<S> c,
                                           decimal<S> d) noexcept {
  using D = decimal<S>;
  // one test for the four (error values are the lowest representations);
  // the first error value, in argument order, is the result
  const auto low = [](std::int64_t x, std::int64_t y) { return x < y ? x : y; };
  if (low(low(a.raw_, b.raw_), low(c.raw_, d.raw_)) < D::min_raw) [[unlikely]]
    return !a.is_valid() ? a : !b.is_valid() ? b : !c.is_valid() ? c : d;
  if (c.raw_ == 0 || d.raw_ == 0) return D::error_value(errc::division_by_zero);
  const bool neg = ((a.raw_ < 0) != (b.raw_ < 0)) != ((c.raw_ < 0) != (d.raw_ < 0));
  const std::uint64_t dc = D::magnitude(c.raw_), dd = D::magnitude(d.raw_);
  // x = |a| * |b| * 10^S on three limbs
  const detail::u128 ab = detail::umul64(D::magnitude(a.raw_), D::magnitude(b.raw_));
  const detail::u128 lo = detail::umul64(ab.lo, D::unit), hi = detail::umul64(ab.hi, D::unit);
  const std::uint64_t x0 = lo.lo, x1 = hi.lo + lo.hi;
  const std::uint64_t x2 = hi.hi + (x1 < lo.hi ? 1u : 0u);
  // q = floor(x / (c * d)) by one 192/128 division; it fits 64 bits unless
  // x >= c * d * 2^64, which is an overflow
  const detail::u128 cd = detail::umul64(dc, dd);
  if (x2 > cd.hi || (x2 == cd.hi && x1 >= cd.lo)) return D::error_value(errc::overflow);
  const detail::qr128 qr = detail::div3by2(x2, x1, x0, cd);
  // compare the remainder with half of c * d: r against c * d - r
  const std::uint64_t rest_lo = cd.lo - qr.r.lo;
  const std::uint64_t rest_hi = cd.hi - qr.r.hi - (cd.lo < qr.r.lo ? 1u : 0u);
  const int half_cmp = qr.r.hi != rest_hi ? (qr.r.hi > rest_hi ? 1 : -1)
                                          : (qr.r.lo == rest_lo ? 0 : (qr.r.lo > rest_lo ? 1 : -1));
  const bool inc = detail::round_increments(R::kind, neg, (qr.q & 1u) != 0, half_cmp,
                                            (qr.r.hi | qr.r.lo) != 0);
  return D::from_magnitude(neg, qr.q, inc);
}

/// x rounded to a multiple of step (a tick or lot size) in direction R.
/// A step of zero or less is an error value (errc::division_by_zero for zero).
template <RoundingMode R, int S>
[[nodiscard]] constexpr decimal<S> round_to_multiple(decimal<S> x, decimal<S> step) noexcept {
  using D = decimal<S>;
  if (!x.is_valid()) return x;
  if (!step.is_valid()) return step;
  if (step.raw_ == 0) return D::error_value(errc::division_by_zero);
  if (step.raw_ < 0) return D::error_value(errc::invalid_number);
  const bool neg = x.raw_ < 0;
  const auto st = static_cast<std::uint64_t>(step.raw_);
  const std::uint64_t mag = D::magnitude(x.raw_);
  std::uint64_t q = mag / st;
  const std::uint64_t r = mag % st;
  if (detail::round_increments(R::kind, neg, (q & 1u) != 0, detail::half_compare(r, st), r != 0))
    ++q;
  if (q > static_cast<std::uint64_t>(D::max_raw) / st) return D::error_value(errc::overflow);
  return D::from_magnitude(neg, q * st);
}

template <int S>
[[nodiscard]] constexpr decimal<S> abs(decimal<S> a) noexcept {
  return a.raw() < 0 ? -a : a;
}

// --- conversions -------------------------------------------------------------

template <int Scale>
template <RoundingMode R>
constexpr result<decimal<Scale>> decimal<Scale>::from_double(double x) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const bool neg = (bits >> 63) != 0;
  const auto biased = static_cast<int>((bits >> 52) & 0x7ffu);
  const std::uint64_t frac = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) return failure{frac != 0 ? errc::not_a_number : errc::infinite};
  // value = m * 2^e exactly
  const std::uint64_t m = biased == 0 ? frac : (frac | (std::uint64_t{1} << 52));
  const int e = biased == 0 ? -1074 : biased - 1075;
  if (m == 0) return decimal{};
  const detail::u128 p = detail::umul64(m, unit);  // < 2^113
  if (e >= 0) {
    if (e > 62 || p.hi != 0 || p.lo > (static_cast<std::uint64_t>(max_raw) >> e))
      return failure{errc::overflow};
    const auto v = static_cast<rep>(p.lo << e);
    return decimal(neg ? -v : v, tag{});
  }
  const int k = -e;  // divide p by 2^k
  std::uint64_t q = 0;
  int half_cmp = -1;
  bool inexact = true;
  if (k < 128) {
    // q = p >> k; remainder = p mod 2^k; compare it with 2^(k-1)
    const detail::u128 qq = k >= 64 ? detail::u128{0, p.hi >> (k - 64)}
                                    : detail::u128{p.hi >> k, (p.lo >> k) | (k == 0 ? 0 : p.hi << (64 - k))};
    if (qq.hi != 0) return failure{errc::overflow};
    q = qq.lo;
    const detail::u128 rem = k >= 64 ? detail::u128{k == 64 ? 0 : p.hi & ((std::uint64_t{1} << (k - 64)) - 1), p.lo}
                                     : detail::u128{0, p.lo & ((std::uint64_t{1} << k) - 1)};
    const detail::u128 half = k - 1 >= 64 ? detail::u128{std::uint64_t{1} << (k - 1 - 64), 0}
                                          : detail::u128{0, std::uint64_t{1} << (k - 1)};
    inexact = rem.hi != 0 || rem.lo != 0;
    half_cmp = rem.hi != half.hi ? (rem.hi > half.hi ? 1 : -1)
                                 : (rem.lo == half.lo ? 0 : (rem.lo > half.lo ? 1 : -1));
  }
  const decimal d = from_magnitude(neg, q, detail::round_increments(R::kind, neg, (q & 1u) != 0, half_cmp, inexact));
  return d.checked();
}

template <int Scale>
constexpr result<decimal<Scale>> decimal<Scale>::parse_impl(std::string_view s, round_kind k,
                                                            bool exact) noexcept {
  std::size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  detail::u128 mant{};
  int kept = 0;        // significant digits accumulated
  int exp10 = 0;       // decimal exponent adjustment from the digits
  bool sticky = false; // a non-zero digit was dropped (beyond 38 significant digits)
  bool any_digit = false, seen_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (seen_point) return failure{errc::malformed_number};
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    const auto digit = static_cast<std::uint32_t>(c - '0');
    if (kept == 0 && digit == 0) {
      if (seen_point) --exp10;  // leading zero after the point
      continue;
    }
    if (kept < 38) {
      bool ovf = false;
      mant = detail::mul_add_small(mant, 10, digit, ovf);
      ++kept;
      if (seen_point) --exp10;
    } else {
      sticky = sticky || digit != 0;
      if (!seen_point) ++exp10;
    }
  }
  if (!any_digit) return failure{errc::malformed_number};
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i == s.size()) return failure{errc::malformed_number};
    int e = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
      if (e < 100000) e = e * 10 + (s[i] - '0');
    exp10 += eneg ? -e : e;
  }
  if (i != s.size()) return failure{errc::malformed_number};

  int shift = exp10 + Scale;  // raw = mant * 10^shift
  const bool zero = mant.hi == 0 && mant.lo == 0;
  if (zero && !sticky) return decimal{};
  if (shift >= 0) {
    bool ovf = sticky;  // 38+ significant digits at a non-negative shift cannot fit
    for (; shift > 0 && !ovf; --shift) mant = detail::mul_add_small(mant, 10, 0, ovf);
    if (ovf || mant.hi != 0 || mant.lo > static_cast<std::uint64_t>(max_raw))
      return failure{errc::overflow};
    const auto v = static_cast<rep>(mant.lo);
    return decimal(neg ? -v : v, tag{});
  }
  std::uint32_t round_digit = 0;
  for (int n = -shift; n > 0; --n) {
    if (mant.hi == 0 && mant.lo == 0) {  // only zeros left to remove
      sticky = sticky || round_digit != 0;
      round_digit = 0;
      break;
    }
    sticky = sticky || round_digit != 0;
    mant = detail::divmod10(mant, round_digit);
  }
  const bool inexact = round_digit != 0 || sticky;
  if (exact && inexact) return failure{errc::inexact};
  const int half_cmp = round_digit > 5 ? 1 : (round_digit == 5 ? (sticky ? 1 : 0) : -1);
  if (mant.hi != 0) return failure{errc::overflow};
  std::uint64_t q = mant.lo;
  return from_magnitude(neg, q, detail::round_increments(k, neg, (q & 1u) != 0, half_cmp, inexact)).checked();
}

template <int Scale>
constexpr std::to_chars_result decimal<Scale>::to_chars(char* first, char* last) const noexcept {
  char buf[max_chars];
  std::size_t n = 0;
  if (!is_valid()) {
    buf[n++] = '#';
    for (const char c : name(error())) buf[n++] = c;
  } else {
    std::uint64_t mag = magnitude(raw_);
    std::uint64_t ip = mag / unit, fp = mag % unit;
    if (raw_ < 0) buf[n++] = '-';
    char tmp[24];
    int t = 0;
    do {
      tmp[t++] = static_cast<char>('0' + ip % 10);
      ip /= 10;
    } while (ip != 0);
    while (t > 0) buf[n++] = tmp[--t];
    if (fp != 0) {
      int digits = Scale;
      while (fp % 10 == 0) {
        fp /= 10;
        --digits;
      }
      buf[n++] = '.';
      for (int d = digits - 1; d >= 0; --d) {
        tmp[d] = static_cast<char>('0' + fp % 10);
        fp /= 10;
      }
      for (int d = 0; d < digits; ++d) buf[n++] = tmp[d];
    }
  }
  if (static_cast<std::size_t>(last - first) < n) return {last, std::errc::value_too_large};
  for (std::size_t j = 0; j < n; ++j) first[j] = buf[j];
  return {first + n, std::errc{}};
}

namespace literals {
/// `12345.6789_dec`: an exact decimal<8> at compile time. A literal with more
/// than eight decimals or out of range does not compile.
consteval dec operator""_dec(const char* text) {
  std::size_t n = 0;
  while (text[n] != '\0') ++n;
  const result<dec> r = dec::parse_exact(std::string_view(text, n));
  return r.value();  // a failed parse stops constant evaluation here
}
}  // namespace literals

}  // namespace solvency::inline v1

#endif  // SOLVENCY_NUMERIC_DECIMAL_HPP
