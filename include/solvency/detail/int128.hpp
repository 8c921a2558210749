// solvency/detail/int128.hpp: the one place that does wide integer arithmetic.
//
// Everything above this header works on unsigned 128-bit magnitudes held as
// two 64-bit halves, so the code is the same on every compiler. Only two
// primitives differ by platform: the 64x64->128 multiply and the 128/64
// division. With GCC and Clang they use `unsigned __int128` (and, for the
// division at run time on x86-64, the `divq` instruction); elsewhere, or when
// SOLVENCY_FORCE_SOFT_INT128 is defined, portable constexpr code on 32-bit
// halves. The test suite is built both ways and checks the two against each
// other.
#ifndef SOLVENCY_DETAIL_INT128_HPP
#define SOLVENCY_DETAIL_INT128_HPP

#include <solvency/config.hpp>

#include <bit>
#include <cstdint>
#include <type_traits>

// The x86-64 `divq` fast path of div2by1 (GCC-style inline assembly; only
// with the native backend, so that the forced-soft build tests the portable
// code alone).
#if SOLVENCY_HAS_NATIVE_INT128 && (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define SOLVENCY_HAS_X86_64_DIVQ 1
#else
#define SOLVENCY_HAS_X86_64_DIVQ 0
#endif

namespace solvency::inline v1::detail {

#if SOLVENCY_HAS_NATIVE_INT128
__extension__ typedef unsigned __int128 native_u128;
#endif

struct u128 {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  friend constexpr bool operator==(const u128&, const u128&) = default;
};

struct qr64 {
  std::uint64_t q;
  std::uint64_t r;
};

/// a * b, exactly.
[[nodiscard]] SOLVENCY_HOT constexpr u128 umul64(std::uint64_t a, std::uint64_t b) noexcept {
#if SOLVENCY_HAS_NATIVE_INT128
  const native_u128 p = static_cast<native_u128>(a) * b;
  return {static_cast<std::uint64_t>(p >> 64), static_cast<std::uint64_t>(p)};
#else
  const std::uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
  const std::uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & 0xffffffffu)};
#endif
}

/// Portable (hi:lo) / d for hi < d, one bit at a time: slow and obviously
/// right. Used at compile time to derive reciprocals (and by the tests).
[[nodiscard]] constexpr qr64 div2by1_bitwise(std::uint64_t hi, std::uint64_t lo,
                                             std::uint64_t d) noexcept {
  std::uint64_t r = hi, q = 0;
  for (int i = 63; i >= 0; --i) {
    const bool carry = (r >> 63) != 0;
    r = (r << 1) | ((lo >> i) & 1u);
    q <<= 1;
    if (carry || r >= d) {
      r -= d;
      q |= 1u;
    }
  }
  return {q, r};
}

/// Portable (hi:lo) / d for hi < d in two steps of 32-bit quotient digits
/// (Knuth's algorithm D on 32-bit digits, as in Hacker's Delight `divlu`):
/// two 64-bit divisions and a few corrections instead of 64 shift-subtract
/// steps. The run-time division of the soft backend.
[[nodiscard]] constexpr qr64 div2by1_halves(std::uint64_t hi, std::uint64_t lo, std::uint64_t d) noexcept {
  constexpr std::uint64_t b = std::uint64_t{1} << 32;
  const int s = std::countl_zero(d);
  const std::uint64_t v = d << s;  // normalised: top bit set
  const std::uint64_t vn1 = v >> 32, vn0 = v & 0xffffffffu;
  const std::uint64_t un32 = s == 0 ? hi : (hi << s) | (lo >> (64 - s));  // < v since hi < d
  const std::uint64_t un10 = lo << s;
  const std::uint64_t un1 = un10 >> 32, un0 = un10 & 0xffffffffu;
  // first digit: (un32:un1) / v, estimated from vn1 and corrected (at most twice)
  std::uint64_t q1 = un32 / vn1;
  std::uint64_t rhat = un32 - q1 * vn1;
  while (q1 >= b || q1 * vn0 > ((rhat << 32) | un1)) {
    --q1;
    rhat += vn1;
    if (rhat >= b) break;
  }
  const std::uint64_t un21 = (un32 << 32) + un1 - q1 * v;  // the partial remainder, < v
  // second digit: (un21:un0) / v
  std::uint64_t q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= b || q0 * vn0 > ((rhat << 32) | un0)) {
    --q0;
    rhat += vn1;
    if (rhat >= b) break;
  }
  const std::uint64_t rn = (un21 << 32) + un0 - q0 * v;
  return {(q1 << 32) + q0, rn >> s};
}

/// (hi:lo) / d with a run-time divisor. Precondition: hi < d (so the
/// quotient fits in 64 bits); callers check it and report overflow.
///
/// A 128-bit `/` and `%` compile to a call of the general 128/128 routine
/// (__udivmodti4), which cannot know that the quotient fits. On x86-64 with
/// GCC or Clang the run-time path is therefore the one instruction that
/// divides 128 by 64 bits (`divq`, which faults when hi >= d: hence the
/// precondition); during constant evaluation, and on other targets, the
/// native 128-bit division.
[[nodiscard]] SOLVENCY_HOT constexpr qr64 div2by1(std::uint64_t hi, std::uint64_t lo,
                                                  std::uint64_t d) noexcept {
#if SOLVENCY_HAS_NATIVE_INT128
#if SOLVENCY_HAS_X86_64_DIVQ
  if (!std::is_constant_evaluated()) {
    std::uint64_t q, r;
    __asm__("divq %[d]" : "=a"(q), "=d"(r) : [d] "rm"(d), "a"(lo), "d"(hi) : "cc");
    return {q, r};
  }
#endif
  const native_u128 n = (static_cast<native_u128>(hi) << 64) | lo;
  return {static_cast<std::uint64_t>(n / d), static_cast<std::uint64_t>(n % d)};
#else
  return div2by1_halves(hi, lo, d);
#endif
}

/// A divisor known in advance, prepared for division by multiplication
/// (Moller and Granlund, "Improved division by invariant integers", 2011).
struct reciprocal {
  std::uint64_t d;       // the divisor
  std::uint64_t d_norm;  // d shifted so its top bit is set
  std::uint64_t v;       // floor((2^128 - 1) / d_norm) - 2^64
  int shift;
};

[[nodiscard]] constexpr reciprocal make_reciprocal(std::uint64_t d) noexcept {
  const int s = std::countl_zero(d);
  const std::uint64_t dn = d << s;
  return {d, dn, div2by1_bitwise(~dn, ~std::uint64_t{0}, dn).q, s};
}

/// (hi:lo) / rec.d by two multiplications. Precondition: hi < rec.d.
[[nodiscard]] SOLVENCY_HOT constexpr qr64 div2by1(std::uint64_t hi, std::uint64_t lo,
                                                  const reciprocal& rec) noexcept {
  const int s = rec.shift;
  const std::uint64_t n1 = s == 0 ? hi : (hi << s) | (lo >> (64 - s));
  const std::uint64_t n0 = lo << s;
  const u128 p = umul64(rec.v, n1);
  std::uint64_t q0 = p.lo + n0;
  std::uint64_t q1 = p.hi + n1 + 1 + (q0 < p.lo ? 1u : 0u);
  std::uint64_t r = n0 - q1 * rec.d_norm;
  if (r > q0) {
    --q1;
    r += rec.d_norm;
  }
  if (r >= rec.d_norm) {
    ++q1;
    r -= rec.d_norm;
  }
  return {q1, r >> s};
}

/// 10^n for n in [0, 19].
[[nodiscard]] constexpr std::uint64_t pow10_u64(int n) noexcept {
  std::uint64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

/// x * m + add on 128 bits; `overflow` is set when the result needs more.
[[nodiscard]] constexpr u128 mul_add_small(u128 x, std::uint32_t m, std::uint32_t add,
                                           bool& overflow) noexcept {
  const u128 lo = umul64(x.lo, m);
  const u128 hi = umul64(x.hi, m);
  u128 out{hi.lo + lo.hi, lo.lo + add};
  if (hi.hi != 0 || out.hi < lo.hi) overflow = true;
  if (out.lo < lo.lo) {
    ++out.hi;
    if (out.hi == 0) overflow = true;
  }
  return out;
}

/// x / 10 on 128 bits, returning the quotient and the digit removed.
[[nodiscard]] constexpr u128 divmod10(u128 x, std::uint32_t& digit) noexcept {
  constexpr reciprocal ten = make_reciprocal(10);
  const std::uint64_t qh = x.hi / 10;
  const qr64 low = div2by1(x.hi % 10, x.lo, ten);
  digit = static_cast<std::uint32_t>(low.r);
  return {qh, low.q};
}

/// A 64-bit quotient and a 128-bit remainder.
struct qr128 {
  std::uint64_t q;
  u128 r;
};

/// (n2:n1:n0) / d for a 128-bit divisor d != 0. Precondition: (n2:n1) < d,
/// so the quotient fits in 64 bits (callers check it and report overflow).
///
/// One 128/64 division and a few products (Knuth's algorithm D for a single
/// quotient digit of a two-digit divisor): d is shifted so that its top bit
/// is set, the quotient is estimated from the top digit of d, and the second
/// digit corrects the estimate exactly (at most two steps down).
[[nodiscard]] SOLVENCY_HOT constexpr qr128 div3by2(std::uint64_t n2, std::uint64_t n1,
                                                   std::uint64_t n0, u128 d) noexcept {
  if (d.hi == 0) {  // then n2 == 0 and n1 < d.lo
    const qr64 qr = div2by1(n1, n0, d.lo);
    return {qr.q, {0, qr.r}};
  }
  const int s = std::countl_zero(d.hi);
  // normalise: (n2:n1:n0) < d * 2^64, so it still fits 192 bits shifted
  const std::uint64_t d1 = s == 0 ? d.hi : (d.hi << s) | (d.lo >> (64 - s));
  const std::uint64_t d0 = d.lo << s;
  const std::uint64_t u2 = s == 0 ? n2 : (n2 << s) | (n1 >> (64 - s));
  const std::uint64_t u1 = s == 0 ? n1 : (n1 << s) | (n0 >> (64 - s));
  const std::uint64_t u0 = n0 << s;
  // estimate from (u2:u1) / d1; u2 <= d1 by the precondition
  std::uint64_t q, rhat;
  bool rhat_big;  // rhat >= 2^64: the estimate can no longer be too large
  if (u2 >= d1) {
    q = ~std::uint64_t{0};
    rhat = u1 + d1;
    rhat_big = rhat < u1;
  } else {
    const qr64 e = div2by1(u2, u1, d1);
    q = e.q;
    rhat = e.r;
    rhat_big = false;
  }
  // q * d > u  <=>  q * d0 > (rhat:u0); at most two corrections
  for (int i = 0; i < 2 && !rhat_big; ++i) {
    const u128 p = umul64(q, d0);
    if (p.hi < rhat || (p.hi == rhat && p.lo <= u0)) break;
    --q;
    rhat += d1;
    rhat_big = rhat < d1;
  }
  // remainder (u1:u0) - q * (d1:d0), exact on 128 bits since it is below d
  const u128 p0 = umul64(q, d0);
  const std::uint64_t p1 = p0.hi + q * d1;
  const std::uint64_t r0 = u0 - p0.lo;
  const std::uint64_t r1 = u1 - p1 - (u0 < p0.lo ? 1u : 0u);
  // denormalise
  const u128 r = s == 0 ? u128{r1, r0} : u128{r1 >> s, (r0 >> s) | (r1 << (64 - s))};
  return {q, r};
}

}  // namespace solvency::inline v1::detail

#endif  // SOLVENCY_DETAIL_INT128_HPP
