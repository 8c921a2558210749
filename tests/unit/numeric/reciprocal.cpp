// The division by a prepared reciprocal (detail::div2by1(hi, lo, reciprocal)),
// the step behind every decimal mul (division by 10^S) and a batch's tick:
// its two corrections (the first one a mask, not a branch, for speed) checked
// against long division for the powers of ten and other divisors, with
// numerators steered onto the quotient's and the corrections' edges.
#include <solvency/detail/int128.hpp>
#include <solvency/numeric/decimal.hpp>

#include "check.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace {
using namespace solvency::detail;
using solvency_test::rng;

/// The reference: the native 128-bit division when the compiler has one,
/// else the bit-by-bit long division (obviously right, slow).
qr64 reference(std::uint64_t hi, std::uint64_t lo, std::uint64_t d) {
#if SOLVENCY_HAS_NATIVE_INT128
  const native_u128 n = (static_cast<native_u128>(hi) << 64) | lo;
  return {static_cast<std::uint64_t>(n / d), static_cast<std::uint64_t>(n % d)};
#else
  return div2by1_bitwise(hi, lo, d);
#endif
}

/// The numerators of one divisor: hi and lo at their edges (0, 1, d - 1,
/// 2^64 - 1), products q d + r with q and r at theirs, and random ones.
std::vector<std::array<std::uint64_t, 2>> numerators(std::uint64_t d, rng& g, int random_count) {
  std::vector<std::array<std::uint64_t, 2>> out;
  const std::array<std::uint64_t, 5> his{0, 1, d / 2, d - 1, d > 2 ? d - 2 : 0};
  const std::array<std::uint64_t, 6> los{0, 1, d - 1, d, ~0ull, ~0ull - 1};
  for (const std::uint64_t hi : his)
    for (const std::uint64_t lo : los)
      if (hi < d) out.push_back({hi, lo});
  // n = q d + r for q near 2^64 - 1, 2^63, 2^32, small, and r in {0, 1, d - 1}
  const std::array<std::uint64_t, 7> qs{~0ull, ~0ull - 1, 1ull << 63, (1ull << 63) - 1, 1ull << 32, 12345, 0};
  for (const std::uint64_t q : qs) {
    for (const std::uint64_t r : {std::uint64_t{0}, std::uint64_t{1}, d - 1}) {
      const u128 p = umul64(q, d);
      const std::uint64_t lo = p.lo + r;
      const std::uint64_t hi = p.hi + (lo < p.lo ? 1u : 0u);
      if (hi < d) out.push_back({hi, lo});
    }
  }
  for (int i = 0; i < random_count; ++i) {
    const std::uint64_t hi = g.below(8) == 0 ? 0 : g.below(d);
    out.push_back({hi, g.next()});
  }
  return out;
}

int check_divisor(std::uint64_t d, rng& g, int random_count) {
  const reciprocal rec = make_reciprocal(d);
  int checked = 0;
  for (const auto& n : numerators(d, g, random_count)) {
    const std::uint64_t hi = n[0], lo = n[1];  // (not a structured binding: clang 14 cannot name one in doctest's messages)
    const qr64 want = reference(hi, lo, d);
    const qr64 got = div2by1(hi, lo, rec);
    REQUIRE_MESSAGE(got.q == want.q, hi, ":", lo, " / ", d);
    REQUIRE_MESSAGE(got.r == want.r, hi, ":", lo, " % ", d);
    ++checked;
  }
  return checked;
}
}  // namespace

TEST_CASE("reciprocal division by 10^S, S = 0..19, agrees with long division (generated, edges included)") {
  rng g{0x5ec1};
  int checked = 0;
  for (int s = 0; s <= 19; ++s) checked += check_divisor(pow10_u64(s), g, 4000);
  CHECK(checked >= 80'000);
}

TEST_CASE("reciprocal division by other divisors: ticks, 2^k, 2^k +- 1, near 2^64 (generated)") {
  rng g{0x5ec2};
  int checked = 0;
  std::vector<std::uint64_t> ds{1, 2, 3, 7, 10'000'000, 50'000'000, 1'000'000, 500'000};  // ticks of 0.1, 0.5 at 8 places
  for (int k = 1; k < 64; k += 3) {
    ds.push_back(1ull << k);
    ds.push_back((1ull << k) + 1);
    ds.push_back((1ull << k) - 1 > 0 ? (1ull << k) - 1 : 1);
  }
  ds.push_back(~0ull);
  ds.push_back(~0ull - 1);
  ds.push_back(1ull << 63);
  for (int i = 0; i < 40; ++i) ds.push_back(g.next() | 1u);
  for (const std::uint64_t d : ds) checked += check_divisor(d, g, 800);
  CHECK(checked >= 80'000);
}

TEST_CASE("reciprocal division: each correction taken and not taken") {
  // For d = 10^8 the estimate is one too many (the first correction, the
  // mask) for a good share of numerators and right for the rest: over a
  // sweep both happen, and every answer is exact.
  const std::uint64_t d = 100'000'000;
  const reciprocal rec = make_reciprocal(d);
  int over = 0, exact = 0;
  rng g{0x5ec3};
  for (int i = 0; i < 20'000; ++i) {
    const std::uint64_t hi = g.below(d), lo = g.next();
    // the estimate before the corrections (the steps of div2by1)
    const int s = rec.shift;
    const std::uint64_t n1 = (hi << s) | (lo >> (64 - s)), n0 = lo << s;
    const u128 p = umul64(rec.v, n1);
    const std::uint64_t q0 = p.lo + n0;
    const std::uint64_t q1 = p.hi + n1 + 1 + (q0 < p.lo ? 1u : 0u);
    const std::uint64_t r = n0 - q1 * rec.d_norm;
    if (r > q0)
      ++over;
    else if (r < rec.d_norm)
      ++exact;
    const qr64 want = reference(hi, lo, d);
    const qr64 got = div2by1(hi, lo, rec);
    REQUIRE(got.q == want.q);
    REQUIRE(got.r == want.r);
  }
  CHECK(over > 1000);
  CHECK(exact > 1000);
  // and at compile time
  constexpr reciprocal ten8 = make_reciprocal(100'000'000);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(99'999'999, ~0ull, ten8).q == div2by1_bitwise(99'999'999, ~0ull, 100'000'000).q);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(99'999'999, ~0ull, ten8).r == div2by1_bitwise(99'999'999, ~0ull, 100'000'000).r);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(0, 0, ten8).q == 0 && div2by1(0, 99'999'999, ten8).q == 0);
  SOLVENCY_CHECK_CONSTEXPR(div2by1(0, 100'000'000, ten8).q == 1 && div2by1(0, 100'000'000, ten8).r == 0);
}
