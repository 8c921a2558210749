// Tests for solvency/detail/int128.hpp: the wide-arithmetic primitives, in
// both backends (this file is built with and without SOLVENCY_FORCE_SOFT_INT128)
// against the compiler's own 128-bit integers.
#include <solvency/detail/int128.hpp>

#include "check.hpp"

using namespace solvency::detail;
using solvency_test::rng;

namespace {
__extension__ typedef unsigned __int128 ref_u128;
ref_u128 join(u128 x) { return (static_cast<ref_u128>(x.hi) << 64) | x.lo; }
}  // namespace

TEST_CASE("backend in use matches the configuration") {
#ifdef SOLVENCY_FORCE_SOFT_INT128
  CHECK(SOLVENCY_HAS_NATIVE_INT128 == 0);
#else
  CHECK(SOLVENCY_HAS_NATIVE_INT128 == 1);
#endif
}

TEST_CASE("umul64 is the exact product") {
  SOLVENCY_CHECK_CONSTEXPR(umul64(~0ull, ~0ull) == (u128{0xfffffffffffffffeull, 1}));
  SOLVENCY_CHECK_CONSTEXPR(umul64(0, ~0ull) == (u128{0, 0}));
  rng g{1};
  for (int i = 0; i < 200'000; ++i) {
    const std::uint64_t a = g.next() >> g.below(64), b = g.next() >> g.below(64);
    REQUIRE(join(umul64(a, b)) == static_cast<ref_u128>(a) * b);
  }
}

TEST_CASE("division by a run-time divisor and by a prepared reciprocal agree with exact division") {
  rng g{2};
  for (int i = 0; i < 200'000; ++i) {
    std::uint64_t d = g.next() >> g.below(64);
    if (d == 0) d = 1;
    const std::uint64_t hi = g.next() % d, lo = g.next();
    const ref_u128 n = (static_cast<ref_u128>(hi) << 64) | lo;
    const auto want_q = static_cast<std::uint64_t>(n / d), want_r = static_cast<std::uint64_t>(n % d);
    const qr64 a = div2by1(hi, lo, d);
    const qr64 b = div2by1(hi, lo, make_reciprocal(d));
    const qr64 c = div2by1_bitwise(hi, lo, d);
    const qr64 h = div2by1_halves(hi, lo, d);
    REQUIRE(h.q == want_q);
    REQUIRE(h.r == want_r);
    REQUIRE(a.q == want_q);
    REQUIRE(a.r == want_r);
    REQUIRE(b.q == want_q);
    REQUIRE(b.r == want_r);
    REQUIRE(c.q == want_q);
    REQUIRE(c.r == want_r);
  }
  constexpr reciprocal ten8 = make_reciprocal(100'000'000);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(99'999'999, ~0ull, ten8).q == div2by1_bitwise(99'999'999, ~0ull, 100'000'000).q);
}

TEST_CASE("small multiply-add and divide-by-ten on 128 bits") {
  bool ovf = false;
  const u128 x = mul_add_small(u128{0, ~0ull}, 10, 9, ovf);
  CHECK(!ovf);
  CHECK(join(x) == static_cast<ref_u128>(~0ull) * 10 + 9);
  (void)mul_add_small(u128{~0ull, 0}, 10, 0, ovf);
  CHECK(ovf);
  std::uint32_t digit = 0;
  const u128 q = divmod10(x, digit);
  CHECK(digit == 9);
  CHECK(join(q) == static_cast<ref_u128>(~0ull));
  SOLVENCY_CHECK_CONSTEXPR(pow10_u64(19) == 10'000'000'000'000'000'000ull);
}

namespace {
/// (n2:n1:n0) / d one bit at a time, from the definition (the quotient is
/// known to fit 64 bits): an independent reference for div3by2.
void ref_div3by2(std::uint64_t n2, std::uint64_t n1, std::uint64_t n0, ref_u128 d, std::uint64_t& q,
                 ref_u128& r) {
  const std::uint64_t limbs[3] = {n2, n1, n0};
  r = 0;
  q = 0;
  for (int bit = 191; bit >= 0; --bit) {
    const bool carry = (r >> 127) != 0;
    r = (r << 1) | ((limbs[2 - bit / 64] >> (bit % 64)) & 1u);
    q <<= 1;
    if (carry || r >= d) {
      r -= d;
      q |= 1u;
    }
  }
}
/// A value of a random bit length in [1, 128], or one steered near a power of two.
ref_u128 any_u128(rng& g) {
  const ref_u128 x = (static_cast<ref_u128>(g.next()) << 64) | g.next();
  switch (g.below(4)) {
    case 0: return ~static_cast<ref_u128>(0) - g.below(3);                         // near 2^128
    case 1: return (static_cast<ref_u128>(1) << (64 + g.below(64))) + g.below(3) - 1;  // near 2^k, k >= 64
    default: return x >> g.below(128);
  }
}
}  // namespace

TEST_CASE("div2by1 at its edges: divisors near 2^64 and 2^63, quotients near 2^64 and 2^63") {
  // (the 32-bit-digit division corrects an estimate of each digit: the
  // divisors with a 32-bit half of ones or zeros are where it errs most)
  rng g{3};
  int checked = 0;
  for (int i = 0; i < 100'000; ++i) {
    std::uint64_t d = 0;
    constexpr std::uint64_t halves[] = {0, 1, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    switch (g.below(5)) {
      case 0: d = ~0ull - g.below(1000); break;               // near 2^64
      case 1: d = (1ull << 63) + g.below(1000) - 500; break;  // near 2^63
      case 2: d = g.next() >> g.below(64); break;
      case 3: d = ((halves[g.below(6)] << 32) | halves[g.below(6)]) >> g.below(33); break;
      default: d = 1 + g.below(16); break;
    }
    if (d == 0) d = 1;
    // quotient near 2^64 (hi = d - 1), near 2^63, or anything
    std::uint64_t hi = 0, lo = g.next();
    switch (g.below(3)) {
      case 0: hi = d - 1; lo = ~0ull - g.below(4); break;
      case 1: {
        const ref_u128 n = static_cast<ref_u128>(d) * ((1ull << 63) + g.below(8) - 4) + g.below(d);
        hi = static_cast<std::uint64_t>(n >> 64);
        lo = static_cast<std::uint64_t>(n);
        break;
      }
      default: hi = g.next() % d; break;
    }
    const ref_u128 n = (static_cast<ref_u128>(hi) << 64) | lo;
    const qr64 a = div2by1(hi, lo, d);
    REQUIRE_MESSAGE(a.q == static_cast<std::uint64_t>(n / d), hi, ":", lo, " / ", d);
    REQUIRE(a.r == static_cast<std::uint64_t>(n % d));
    const qr64 h = div2by1_halves(hi, lo, d);  // the soft backend's division, in both builds
    REQUIRE(h.q == a.q);
    REQUIRE(h.r == a.r);
    ++checked;
  }
  CHECK(checked == 100'000);
  // the same at compile time
  SOLVENCY_CHECK_CONSTEXPR(div2by1(~0ull - 1, ~0ull, ~0ull).q == ~0ull);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(~0ull - 1, ~0ull, ~0ull).r == ~0ull - 1);
  SOLVENCY_CHECK_CONSTEXPR(div2by1((1ull << 63) - 1, ~0ull, 1ull << 63).q == ~0ull);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(0, 7, 2).q == 3 && div2by1(0, 7, 2).r == 1);
  SOLVENCY_CHECK_CONSTEXPR(div2by1_halves(~0ull - 1, ~0ull, ~0ull).q == ~0ull);
  SOLVENCY_CHECK_CONSTEXPR(div2by1_halves((1ull << 63) - 1, ~0ull, 1ull << 63).q == ~0ull);
  SOLVENCY_CHECK_CONSTEXPR(div2by1_halves(0, 7, 2).r == 1);
}

TEST_CASE("div3by2: 192 by 128 bits agrees with long division (generated, edges included)") {
  rng g{4};
  int checked = 0;
  for (int i = 0; i < 200'000; ++i) {
    ref_u128 d = any_u128(g);
    if (d == 0) d = 1;
    // the top two limbs below d: anything, or just below d (quotients near 2^64)
    ref_u128 top = 0;
    switch (g.below(3)) {
      case 0: top = d - 1 - (d > 4 ? g.below(4) : 0); break;
      case 1: top = d >> 1; break;  // quotients near 2^63
      default: top = ((static_cast<ref_u128>(g.next()) << 64) | g.next()) % d; break;
    }
    const std::uint64_t n2 = static_cast<std::uint64_t>(top >> 64), n1 = static_cast<std::uint64_t>(top);
    const std::uint64_t n0 = g.below(4) == 0 ? ~0ull - g.below(2) : g.next();
    std::uint64_t want_q = 0;
    ref_u128 want_r = 0;
    ref_div3by2(n2, n1, n0, d, want_q, want_r);
    const qr128 got = div3by2(n2, n1, n0, u128{static_cast<std::uint64_t>(d >> 64), static_cast<std::uint64_t>(d)});
    REQUIRE_MESSAGE(got.q == want_q, n2, ":", n1, ":", n0);
    REQUIRE(join(got.r) == want_r);
    ++checked;
  }
  CHECK(checked == 200'000);
  // at compile time: a divisor with its top bit set, one below 2^64, and the
  // estimate 2^64 - 1 taken when the top limbs are equal
  SOLVENCY_CHECK_CONSTEXPR(div3by2(~0ull - 1, ~0ull, ~0ull, u128{~0ull, ~0ull}).q == ~0ull);
  SOLVENCY_CHECK_CONSTEXPR(div3by2(0, 2, 1, u128{0, 3}).q == 12297829382473034411ull);
  SOLVENCY_CHECK_CONSTEXPR(div3by2(~0ull - 1, ~0ull, ~0ull, u128{~0ull, ~0ull}).r == (u128{0, ~0ull - 1}));
  SOLVENCY_CHECK_CONSTEXPR(div3by2(5, 0, 0, u128{5, 1}).q == ~0ull);  // 5 * 2^128 / (5 * 2^64 + 1)
  SOLVENCY_CHECK_CONSTEXPR(div3by2(5, 0, 0, u128{5, 1}).r == (u128{4, 1}));
}
