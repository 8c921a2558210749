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
