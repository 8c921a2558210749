// Tests for solvency/numeric/decimal.hpp: exact fixed-point arithmetic.
#include <solvency/numeric/decimal.hpp>

#include "check.hpp"

#include <cstdio>
#include <string>

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

namespace {

__extension__ typedef __int128 i128;

// --- an independent reference: exact integer division with each rounding ---
// Written from the definitions, with the compiler's 128-bit integers, so it
// shares no code with the library (which rounds magnitudes from remainders).
i128 ref_div(i128 n, i128 d, round_kind k) {
  const i128 q = n / d, r = n % d;  // truncating
  if (r == 0) return q;
  const bool negative = (n < 0) != (d < 0);
  const i128 away = negative ? q - 1 : q + 1;
  const i128 twice_r = r < 0 ? -2 * r : 2 * r;
  const i128 abs_d = d < 0 ? -d : d;
  switch (k) {
    case round_kind::down: return negative ? q - 1 : q;
    case round_kind::up: return negative ? q : q + 1;
    case round_kind::toward_zero: return q;
    case round_kind::away_from_zero: return away;
    case round_kind::nearest_even:
      if (twice_r > abs_d) return away;
      if (twice_r < abs_d) return q;
      return (q % 2 == 0) ? q : away;
    case round_kind::nearest_away: return twice_r >= abs_d ? away : q;
  }
  return q;
}

template <RoundingMode R>
dec expected_from(i128 exact_raw) {
  if (exact_raw > dec::max_raw || exact_raw < dec::min_raw) return dec::error_value(errc::overflow);
  return dec::from_raw(static_cast<std::int64_t>(exact_raw));
}

constexpr i128 unit = static_cast<i128>(dec::unit);

template <RoundingMode R>
void check_mul_div_cases(std::uint64_t seed, int n, int& checked) {
  rng g{seed};
  for (int i = 0; i < n; ++i) {
    std::int64_t a = g.any_magnitude(63), b = g.any_magnitude(63);
    switch (g.below(6)) {  // steer some cases onto ties and small divisors
      case 0: b = dec::unit / 2; break;                                          // x * 0.5
      case 1: b = static_cast<std::int64_t>(2 * dec::unit); break;               // x / 2
      case 2: a = g.any_magnitude(40); b = g.any_magnitude(30); break;           // typical sizes
      case 3: b = static_cast<std::int64_t>(g.below(20)) - 10; break;            // tiny b
      default: break;
    }
    if (a < dec::min_raw) a = dec::min_raw;
    if (b < dec::min_raw) b = dec::min_raw;
    const dec da = dec::from_raw(a), db = dec::from_raw(b);

    const i128 prod = static_cast<i128>(a) * b;
    const dec want_mul = expected_from<R>(ref_div(prod, unit, R::kind));
    const dec got_mul = mul<R>(da, db);
    REQUIRE_MESSAGE(identical(got_mul, want_mul), "mul ", a, " * ", b, " got ", got_mul.raw());

    if (b != 0) {
      const dec want_div = expected_from<R>(ref_div(static_cast<i128>(a) * unit, b, R::kind));
      const dec got_div = div<R>(da, db);
      REQUIRE_MESSAGE(identical(got_div, want_div), "div ", a, " / ", b, " got ", got_div.raw());

      const std::int64_t c = g.any_magnitude(50) | 1;
      const dec want_md = expected_from<R>(ref_div(prod, c, R::kind));
      REQUIRE(identical(muldiv<R>(da, db, dec::from_raw(c)), want_md));
    } else {
      CHECK(div<R>(da, db).error() == errc::division_by_zero);
    }
    checked += 3;
  }
}

template <RoundingMode R>
void check_round_to_multiple(std::uint64_t seed, int n) {
  rng g{seed};
  for (int i = 0; i < n; ++i) {
    const std::int64_t x = g.any_magnitude(50);
    const std::int64_t step = static_cast<std::int64_t>(g.below(1'000'000'000)) + 1;
    const i128 want = ref_div(x, step, R::kind) * step;
    REQUIRE(round_to_multiple<R>(dec::from_raw(x), dec::from_raw(step)).raw() == want);
  }
}

}  // namespace

TEST_CASE("published-style literals and basic values") {
  SOLVENCY_CHECK_CONSTEXPR((12345.6789_dec).raw() == 1'234'567'890'000);
  SOLVENCY_CHECK_CONSTEXPR((-0.0025_dec).raw() == -250'000);
  SOLVENCY_CHECK_CONSTEXPR(dec::from_int(7) == 7.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec{} == 0.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::epsilon().raw() == 1);
  SOLVENCY_CHECK_CONSTEXPR(decimal<2>::unit == 100);
  SOLVENCY_CHECK_CONSTEXPR(decimal<0>::from_int(5).raw() == 5);
}

TEST_CASE("addition and subtraction are exact and detect overflow") {
  SOLVENCY_CHECK_CONSTEXPR(0.1_dec + 0.2_dec == 0.3_dec);
  SOLVENCY_CHECK_CONSTEXPR(1.0_dec - 2.5_dec == -1.5_dec);
  SOLVENCY_CHECK_CONSTEXPR((dec::max() + dec::epsilon()).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR((dec::min() - dec::epsilon()).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR((dec::max() - dec::max()) == dec{});
  SOLVENCY_CHECK_CONSTEXPR((dec::min() + dec::max()) == dec{});
  SOLVENCY_CHECK_CONSTEXPR((-dec::min()) == dec::max());

  rng g{11};
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t a = std::max(g.any_magnitude(63), dec::min_raw);
    const std::int64_t b = std::max(g.any_magnitude(63), dec::min_raw);
    const i128 s = static_cast<i128>(a) + b, d = static_cast<i128>(a) - b;
    const dec da = dec::from_raw(a), db = dec::from_raw(b);
    REQUIRE(identical(da + db, expected_from<round::down>(s)));
    REQUIRE(identical(da - db, expected_from<round::down>(d)));
  }
  // sums at the edges of the range and of int64, every sign
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t a = dec::max_raw - static_cast<std::int64_t>(g.below(64));
    // small (a sum at max_raw), or near max_raw too (a sum past int64)
    const std::int64_t b = g.below(2) ? static_cast<std::int64_t>(g.below(64)) - 32
                                      : dec::max_raw - static_cast<std::int64_t>(g.below(64));
    for (const std::int64_t x : {a, -a}) {
      for (const std::int64_t y : {b, -b, x}) {
        REQUIRE(identical(dec::from_raw(x) + dec::from_raw(y), expected_from<round::down>(static_cast<i128>(x) + y)));
        REQUIRE(identical(dec::from_raw(x) - dec::from_raw(y), expected_from<round::down>(static_cast<i128>(x) - y)));
      }
    }
  }
}

TEST_CASE("error values travel through arithmetic and compare unordered") {
  constexpr dec bad = dec::max() + dec::max();
  SOLVENCY_CHECK_CONSTEXPR(!bad.is_valid());
  SOLVENCY_CHECK_CONSTEXPR((bad + 1.0_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR((1.0_dec - bad).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(bad, 2.0_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(2.0_dec, bad).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(!(bad == bad));
  SOLVENCY_CHECK_CONSTEXPR(!(bad < 1.0_dec) && !(bad > 1.0_dec) && !(bad <= bad));
  SOLVENCY_CHECK_CONSTEXPR(bad != bad);
  constexpr dec z = div<round::down>(1.0_dec, dec{});
  SOLVENCY_CHECK_CONSTEXPR(z.error() == errc::division_by_zero);
  SOLVENCY_CHECK_CONSTEXPR((z + bad).error() == errc::division_by_zero);  // first error wins
  SOLVENCY_CHECK_CONSTEXPR(z.checked() == failure{errc::division_by_zero});
  SOLVENCY_CHECK_CONSTEXPR((1.5_dec).checked().value() == 1.5_dec);
  CHECK(dec::error_value(errc::non_positive_price).error() == errc::invalid_number);
  CHECK(dec::from_raw(std::numeric_limits<std::int64_t>::min()).error() == errc::overflow);
}

TEST_CASE("mul, div and muldiv round correctly in every mode (generated, exact reference)") {
  int checked = 0;
  check_mul_div_cases<round::down>(101, 20'000, checked);
  check_mul_div_cases<round::up>(102, 20'000, checked);
  check_mul_div_cases<round::toward_zero>(103, 20'000, checked);
  check_mul_div_cases<round::away_from_zero>(104, 20'000, checked);
  check_mul_div_cases<round::nearest_even>(105, 20'000, checked);
  check_mul_div_cases<round::nearest_away>(106, 20'000, checked);
  CHECK(checked >= 300'000);
}

/// mul divides a product below 2^64 by a 64-bit division and a larger one
/// by the 128-bit reciprocal; overflow starts at 2^64 x unit. Products are
/// steered onto both seams, with every sign.
template <RoundingMode R>
void check_mul_seams(std::uint64_t seed, int n, int& checked) {
  rng g{seed};
  const i128 two64 = static_cast<i128>(1) << 64;
  for (int i = 0; i < n; ++i) {
    const bool near_overflow = (i & 1) != 0;
    // |b| in [2, 2^40] (near the overflow bound: above 2^28, so |a| fits)
    const std::int64_t b = near_overflow ? static_cast<std::int64_t>(g.below((1ull << 40) - (1ull << 28)) + (1ull << 28))
                                         : static_cast<std::int64_t>(g.below((1ull << 40) - 2) + 2);
    const i128 target = near_overflow ? two64 * unit : two64;
    const i128 a128 = target / b + static_cast<i128>(g.below(7)) - 3;
    if (a128 <= 0 || a128 > dec::max_raw) continue;
    const auto a = static_cast<std::int64_t>(a128);
    for (const std::int64_t sa : {a, -a}) {
      for (const std::int64_t sb : {b, -b}) {
        const dec want = expected_from<R>(ref_div(static_cast<i128>(sa) * sb, unit, R::kind));
        const dec got = mul<R>(dec::from_raw(sa), dec::from_raw(sb));
        REQUIRE_MESSAGE(identical(got, want), "mul ", sa, " * ", sb, " got ", got.raw());
        ++checked;
      }
    }
  }
}

template <RoundingMode R>
void check_muldiv2(std::uint64_t seed, int n) {
  rng g{seed};
  for (int i = 0; i < n; ++i) {
    // a * b * 10^8 must fit the reference's 127 bits: |a|, |b| < 2^40
    const std::int64_t a = g.any_magnitude(40), b = g.any_magnitude(40);
    std::int64_t c = g.any_magnitude(i % 3 == 0 ? 20 : 62), d = g.any_magnitude(i % 2 == 0 ? 12 : 62);
    if (c == 0) c = 1;
    if (d == 0) d = -3;
    const dec want = expected_from<R>(ref_div(static_cast<i128>(a) * b * unit, static_cast<i128>(c) * d, R::kind));
    const dec got = muldiv2<R>(dec::from_raw(a), dec::from_raw(b), dec::from_raw(c), dec::from_raw(d));
    REQUIRE_MESSAGE(identical(got, want), a, " * ", b, " / (", c, " * ", d, ")");
  }
}

TEST_CASE("a truncated magnitude of 2^64 - 1 rounded away from zero is an overflow, not 0") {
  // (the increment once wrapped the magnitude around to 0)
  const dec a = dec::from_raw(1827028596129757545), b = dec::from_raw(-1009658202);  // |a b| / 10^8 = 2^64 - 1 + r
  CHECK(mul<round::down>(a, b).error() == errc::overflow);
  CHECK(mul<round::away_from_zero>(a, b).error() == errc::overflow);
  CHECK(mul<round::up>(a, -b).error() == errc::overflow);
  CHECK(mul<round::toward_zero>(a, b).error() == errc::overflow);
  CHECK(dec::parse<round::up>("184467440737.095516151").error() == errc::overflow);   // 2^64 - 1 raw, and a digit more
  CHECK(dec::parse<round::down>("-184467440737.095516151").error() == errc::overflow);
}

TEST_CASE("mul at its seams: products around 2^64 and around the overflow bound (generated, exact reference)") {
  int checked = 0;
  check_mul_seams<round::down>(131, 5'000, checked);
  check_mul_seams<round::up>(132, 5'000, checked);
  check_mul_seams<round::toward_zero>(133, 5'000, checked);
  check_mul_seams<round::away_from_zero>(134, 5'000, checked);
  check_mul_seams<round::nearest_even>(135, 5'000, checked);
  check_mul_seams<round::nearest_away>(136, 5'000, checked);
  CHECK(checked >= 100'000);
}

TEST_CASE("muldiv2: (a*b)/(c*d) with one rounding (generated, exact reference)") {
  check_muldiv2<round::down>(111, 20'000);
  check_muldiv2<round::up>(112, 20'000);
  check_muldiv2<round::toward_zero>(113, 20'000);
  check_muldiv2<round::away_from_zero>(114, 20'000);
  check_muldiv2<round::nearest_even>(115, 20'000);
  check_muldiv2<round::nearest_away>(116, 20'000);
  // 1000 * (40000 - 50000) / (50000 * 40000) = -0.005
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::down>(1000.0_dec, -10000.0_dec, 50000.0_dec, 40000.0_dec) == -0.005_dec);
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::down>(1.0_dec, 1.0_dec, 3.0_dec, 1.0_dec).raw() == 33'333'333);
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::up>(1.0_dec, 1.0_dec, 3.0_dec, 1.0_dec).raw() == 33'333'334);
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::up>(dec::max(), dec::max(), 1.0_dec, 1.0_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::up>(dec::max(), dec::max(), dec::max(), dec::max()) == 1.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::up>(1.0_dec, 1.0_dec, dec{}, 1.0_dec).error() == errc::division_by_zero);
  SOLVENCY_CHECK_CONSTEXPR(muldiv2<round::up>(1.0_dec, 1.0_dec, 1.0_dec, dec::max() + dec::max()).error() == errc::overflow);
}

namespace {
__extension__ typedef unsigned __int128 u128_ref;

/// x / d for x = |a| |b| 10^8 on 192 bits, from the definition: long
/// division one bit at a time, then each rounding mode from the quotient and
/// remainder. Returns the rounded signed result, or an overflow error value.
template <RoundingMode R>
dec ref_muldiv2(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  const bool negative = ((a < 0) != (b < 0)) != ((c < 0) != (d < 0));
  const auto mag = [](std::int64_t v) { return static_cast<u128_ref>(v < 0 ? -static_cast<i128>(v) : v); };
  const u128_ref ab = mag(a) * mag(b);  // < 2^126
  // x = ab * 10^8 as hi * 2^128 + lo
  const u128_ref p0 = static_cast<u128_ref>(static_cast<std::uint64_t>(ab)) * dec::unit;
  const u128_ref p1 = (ab >> 64) * dec::unit + (p0 >> 64);
  const u128_ref hi = p1 >> 64;
  const u128_ref lo = (p1 << 64) | static_cast<std::uint64_t>(p0);
  const u128_ref den = mag(c) * mag(d);  // < 2^126
  u128_ref q = 0, r = 0;
  for (int bit = 255; bit >= 0; --bit) {
    r = (r << 1) | ((bit >= 128 ? hi >> (bit - 128) : lo >> bit) & 1u);  // r < 2^127: no carry out
    q <<= 1;
    if (r >= den) {
      r -= den;
      q |= 1u;
    }
    if ((q >> 100) != 0) return dec::error_value(errc::overflow);
  }
  const bool odd = (q & 1u) != 0;
  bool inc = false;
  switch (R::kind) {
    case round_kind::down: inc = r != 0 && negative; break;
    case round_kind::up: inc = r != 0 && !negative; break;
    case round_kind::toward_zero: break;
    case round_kind::away_from_zero: inc = r != 0; break;
    case round_kind::nearest_even: inc = 2 * r > den || (2 * r == den && odd); break;
    case round_kind::nearest_away: inc = 2 * r >= den && r != 0; break;
  }
  const i128 m = static_cast<i128>(q) + (inc ? 1 : 0);
  return expected_from<R>(negative ? -m : m);
}

/// muldiv2 over the whole range of its operands (a 154-bit numerator and a
/// divisor up to 2^126), steered onto the overflow bound, onto exact ties,
/// and onto divisors below 2^64, against the 192-bit reference.
template <RoundingMode R>
void check_muldiv2_wide(std::uint64_t seed, int n, int& checked) {
  rng g{seed};
  const auto sign = [&](std::int64_t v) { return (g.next() & 1u) ? -v : v; };
  for (int i = 0; i < n; ++i) {
    std::int64_t a = g.any_magnitude(63), b = g.any_magnitude(63);
    std::int64_t c = g.any_magnitude(63), d = g.any_magnitude(63);
    switch (g.below(5)) {
      case 0: {  // |result| near max_raw: b = 1.0, c * d around 10^15..10^16
        b = sign(static_cast<std::int64_t>(dec::unit));
        c = sign(static_cast<std::int64_t>(g.below(100'000'000) + 10'000'000));
        d = sign(static_cast<std::int64_t>(g.below(100'000'000) + 10'000'000));
        const i128 cd = static_cast<i128>(c < 0 ? -c : c) * (d < 0 ? -d : d);
        const i128 target = static_cast<i128>(dec::max_raw) + static_cast<i128>(g.below(40)) - 20;
        const i128 am = target * cd / (unit * unit) + static_cast<i128>(g.below(3)) - 1;
        a = sign(static_cast<std::int64_t>(am > dec::max_raw ? dec::max_raw : am));
        break;
      }
      case 1:  // an exact tie: a * b / (2.0 * b) = a / 2
        a = sign(g.any_magnitude(62) | 1);
        c = sign(static_cast<std::int64_t>(2 * dec::unit));
        d = b == 0 ? 1 : b;
        break;
      case 2:  // c * d below 2^64
        c = g.any_magnitude(32);
        d = g.any_magnitude(31);
        break;
      default: break;
    }
    if (a < dec::min_raw) a = dec::min_raw;
    if (b < dec::min_raw) b = dec::min_raw;
    if (c < dec::min_raw) c = dec::min_raw;
    if (d < dec::min_raw) d = dec::min_raw;
    if (c == 0) c = 7;
    if (d == 0) d = -1;
    const dec want = ref_muldiv2<R>(a, b, c, d);
    const dec got = muldiv2<R>(dec::from_raw(a), dec::from_raw(b), dec::from_raw(c), dec::from_raw(d));
    REQUIRE_MESSAGE(identical(got, want), a, " * ", b, " / (", c, " * ", d, ") got ", got.raw(), " want ", want.raw());
    ++checked;
  }
}

/// div and muldiv with quotients steered onto the overflow bound (max_raw,
/// and 2^64 where the division itself would no longer fit) and divisors up
/// to max_raw, every sign.
template <RoundingMode R>
void check_div_bounds(std::uint64_t seed, int n, int& checked) {
  rng g{seed};
  for (int i = 0; i < n; ++i) {
    const i128 target = (i & 1) ? static_cast<i128>(dec::max_raw) + static_cast<i128>(g.below(40)) - 20
                                : (static_cast<i128>(1) << 64) + static_cast<i128>(g.below(40)) - 20;
    // div: |a| * 10^8 / |b| near the target needs |b| <= 10^8 or so
    const auto b = static_cast<std::int64_t>(g.below(dec::unit) + 1);
    const i128 am = target * b / unit + static_cast<i128>(g.below(3)) - 1;
    if (am > 0 && am <= dec::max_raw) {
      const auto a = static_cast<std::int64_t>(am);
      for (const std::int64_t sa : {a, -a})
        for (const std::int64_t sb : {b, -b}) {
          const dec want = expected_from<R>(ref_div(static_cast<i128>(sa) * unit, sb, R::kind));
          const dec got = div<R>(dec::from_raw(sa), dec::from_raw(sb));
          REQUIRE_MESSAGE(identical(got, want), "div ", sa, " / ", sb, " got ", got.raw());
          ++checked;
        }
    }
    // muldiv: |x| * |y| / |c| near the target, c anywhere up to max_raw
    const std::int64_t c = g.below(2) ? dec::max_raw - static_cast<std::int64_t>(g.below(100))
                                      : (g.any_magnitude(63) & dec::max_raw) | 1;
    const auto y = static_cast<std::int64_t>((g.next() & static_cast<std::uint64_t>(dec::max_raw)) | 1);
    const i128 xm = target * c / y + static_cast<i128>(g.below(3)) - 1;
    if (xm > 0 && xm <= dec::max_raw) {
      const auto x = static_cast<std::int64_t>(xm);
      for (const std::int64_t sx : {x, -x})
        for (const std::int64_t sc : {c, -c}) {
          const dec want = expected_from<R>(ref_div(static_cast<i128>(sx) * y, sc, R::kind));
          const dec got = muldiv<R>(dec::from_raw(sx), dec::from_raw(y), dec::from_raw(sc));
          REQUIRE_MESSAGE(identical(got, want), "muldiv ", sx, " * ", y, " / ", sc, " got ", got.raw());
          ++checked;
        }
    }
  }
}
}  // namespace

TEST_CASE("muldiv2 over the whole operand range: the 192/128-bit division (generated, exact reference)") {
  int checked = 0;
  check_muldiv2_wide<round::down>(141, 10'000, checked);
  check_muldiv2_wide<round::up>(142, 10'000, checked);
  check_muldiv2_wide<round::toward_zero>(143, 10'000, checked);
  check_muldiv2_wide<round::away_from_zero>(144, 10'000, checked);
  check_muldiv2_wide<round::nearest_even>(145, 10'000, checked);
  check_muldiv2_wide<round::nearest_away>(146, 10'000, checked);
  CHECK(checked == 60'000);
  // error values travel, in argument order
  const dec e1 = dec::error_value(errc::overflow), e2 = dec::error_value(errc::division_by_zero);
  CHECK(identical(muldiv2<round::down>(1.0_dec, e2, e1, 1.0_dec), e2));
  CHECK(identical(muldiv2<round::down>(1.0_dec, 1.0_dec, 1.0_dec, e1), e1));
  CHECK(muldiv2<round::down>(e1, 1.0_dec, dec{}, 1.0_dec).error() == errc::overflow);
}

TEST_CASE("div and muldiv at the overflow bound (generated, exact reference)") {
  int checked = 0;
  check_div_bounds<round::down>(151, 5'000, checked);
  check_div_bounds<round::up>(152, 5'000, checked);
  check_div_bounds<round::toward_zero>(153, 5'000, checked);
  check_div_bounds<round::away_from_zero>(154, 5'000, checked);
  check_div_bounds<round::nearest_even>(155, 5'000, checked);
  check_div_bounds<round::nearest_away>(156, 5'000, checked);
  CHECK(checked >= 100'000);
}

TEST_CASE("rounding directions on hand-picked ties and signs") {
  // 1/3 and -1/3
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(1.0_dec, 3.0_dec).raw() == 33'333'333);
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(1.0_dec, 3.0_dec).raw() == 33'333'334);
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(-1.0_dec, 3.0_dec).raw() == -33'333'334);
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(-1.0_dec, 3.0_dec).raw() == -33'333'333);
  SOLVENCY_CHECK_CONSTEXPR(div<round::toward_zero>(-1.0_dec, 3.0_dec).raw() == -33'333'333);
  SOLVENCY_CHECK_CONSTEXPR(div<round::away_from_zero>(-1.0_dec, 3.0_dec).raw() == -33'333'334);
  // ties: 0.00000001 * 0.5 = 0.000000005; 0.00000003 * 0.5 = 0.000000015
  SOLVENCY_CHECK_CONSTEXPR(mul<round::nearest_even>(dec::epsilon(), 0.5_dec).raw() == 0);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::nearest_even>(0.00000003_dec, 0.5_dec).raw() == 2);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::nearest_away>(dec::epsilon(), 0.5_dec).raw() == 1);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::nearest_away>(-dec::epsilon(), 0.5_dec).raw() == -1);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::nearest_even>(-0.00000003_dec, 0.5_dec).raw() == -2);
  // exact products do not move in any mode
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(1.5_dec, 2.25_dec) == 3.375_dec);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(1.5_dec, 2.25_dec) == 3.375_dec);
  // size * price / leverage in one rounding
  SOLVENCY_CHECK_CONSTEXPR(muldiv<round::up>(0.001_dec, 30000.0_dec, 7.0_dec).raw() == 428'571'429);
}

TEST_CASE("mul and div overflow are reported, never wrapped") {
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(dec::max(), 2.0_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(dec::max(), -2.0_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(mul<round::down>(dec::max(), 1.0_dec) == dec::max());
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(dec::max(), 0.5_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(div<round::down>(1.0_dec, dec::epsilon()).raw() == 100'000'000'00000000);
  SOLVENCY_CHECK_CONSTEXPR(muldiv<round::up>(dec::max(), dec::max(), 1.0_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(muldiv<round::up>(1.0_dec, 1.0_dec, dec{}).error() == errc::division_by_zero);
  // a rounding increment that crosses the top of the range
  SOLVENCY_CHECK_CONSTEXPR(mul<round::up>(dec::max(), 1.00000001_dec).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(dec::from_int(92'233'720'368).is_valid());
  SOLVENCY_CHECK_CONSTEXPR(dec::from_int(92'233'720'369).error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(dec::from_int(-92'233'720'369).error() == errc::overflow);
}

TEST_CASE("round_to_multiple rounds to ticks in every mode (generated)") {
  check_round_to_multiple<round::down>(201, 20'000);
  check_round_to_multiple<round::up>(202, 20'000);
  check_round_to_multiple<round::toward_zero>(203, 20'000);
  check_round_to_multiple<round::away_from_zero>(204, 20'000);
  check_round_to_multiple<round::nearest_even>(205, 20'000);
  check_round_to_multiple<round::nearest_away>(206, 20'000);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(190.2926_dec, 0.01_dec) == 190.3_dec);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::down>(-0.75_dec, 0.5_dec) == -1.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(1.0_dec, dec{}).error() == errc::division_by_zero);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(1.0_dec, -0.5_dec).error() == errc::invalid_number);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(dec::max(), 3.0_dec).error() == errc::overflow);
}

TEST_CASE("parse: venue strings, exponents, rounding of excess digits") {
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("12345.6789").value() == 12345.6789_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("-0.0025").value() == -0.0025_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("+7").value() == 7.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact(".5").value() == 0.5_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("5.").value() == 5.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("1e-4").value() == 0.0001_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("2.5E+3").value() == 2500.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("0.00000000000000000000").value() == dec{});
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("000001.10000000000000").value() == 1.1_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("0.123456789").error() == errc::inexact);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::down>("0.123456789").value() == 0.12345678_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::up>("0.123456781").value() == 0.12345679_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::down>("-0.123456781").value() == -0.12345679_dec);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::nearest_even>("0.000000025").value().raw() == 2);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::nearest_even>("0.0000000250000000000000000000000000000000001").value().raw() == 3);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::up>("1e-400").value().raw() == 1);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse<round::down>("1e-400").value().raw() == 0);
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("92233720368.54775792").value() == dec::max());
  SOLVENCY_CHECK_CONSTEXPR(dec::parse_exact("-92233720368.54775792").value() == dec::min());
}

TEST_CASE("parse: bad input, case by case") {
  for (const char* bad : {"", "+", "-", ".", "1.2.3", "1e", "1e+", "abc", " 1", "1 ", "1,000", "nan",
                          "inf", "0x10", "--1", "1-", "e5", "1.5e2.5"}) {
    CAPTURE(bad);
    CHECK(dec::parse<round::down>(bad).error() == errc::malformed_number);
    CHECK(dec::parse_exact(bad).error() == errc::malformed_number);
  }
  CHECK(dec::parse_exact("92233720368.54775793").error() == errc::overflow);
  CHECK(dec::parse_exact("1e11").error() == errc::overflow);
  CHECK(dec::parse_exact("1e99999999").error() == errc::overflow);
  CHECK(dec::parse_exact("123456789012345678901234567890123456789012345").error() == errc::overflow);
  CHECK(dec::parse<round::up>("92233720368.547757921").error() == errc::overflow);
  CHECK(dec::parse<round::down>("92233720368.547757921").value() == dec::max());
  CHECK(dec::parse<round::up>("92233720368.547757911").value() == dec::max());
}

TEST_CASE("parse rounds like exact division on generated digit strings") {
  rng g{301};
  for (int i = 0; i < 30'000; ++i) {
    // up to 30 digits with the point anywhere: value = D / 10^frac
    const int ndigits = static_cast<int>(g.below(30)) + 1;
    i128 digits = 0;
    std::string body;
    for (int d = 0; d < ndigits; ++d) {
      const auto c = static_cast<int>(g.below(10));
      digits = digits * 10 + c;
      body.push_back(static_cast<char>('0' + c));
    }
    const int frac = static_cast<int>(g.below(static_cast<std::uint64_t>(ndigits) + 1));
    const auto cut = static_cast<std::size_t>(ndigits - frac);
    const bool neg = (g.next() & 1u) != 0;
    // built by concatenation: GCC 12's -Wrestrict misfires on string::insert at -O3
    const std::string s = std::string(neg ? "-" : "") + body.substr(0, cut) + "." + body.substr(cut);
    if (neg) digits = -digits;
    // raw = digits * 10^(8 - frac)
    i128 want;
    round_kind kinds[] = {round_kind::down, round_kind::up, round_kind::nearest_even};
    const round_kind k = kinds[g.below(3)];
    if (frac <= 8) {
      i128 p = 1;
      for (int j = 0; j < 8 - frac; ++j) p *= 10;
      want = digits * p;  // < 10^30: fits
    } else {
      i128 p = 1;
      for (int j = 0; j < frac - 8; ++j) p *= 10;
      want = ref_div(digits, p, k);
    }
    const dec expect = expected_from<round::down>(want);
    result<dec> got = k == round_kind::down  ? dec::parse<round::down>(s)
                      : k == round_kind::up ? dec::parse<round::up>(s)
                                            : dec::parse<round::nearest_even>(s);
    CAPTURE(s);
    if (expect.is_valid()) {
      REQUIRE(got.has_value());
      REQUIRE(got.value() == expect);
    } else {
      REQUIRE(got.error() == errc::overflow);
    }
  }
}

TEST_CASE("formatting is exact and round-trips through parse (generated)") {
  char buf[dec::max_chars];
  auto fmt = [&](dec d) { return std::string(buf, d.to_chars(buf, buf + sizeof buf).ptr); };
  CHECK(fmt(12345.6789_dec) == "12345.6789");
  CHECK(fmt(-0.0025_dec) == "-0.0025");
  CHECK(fmt(3.0_dec) == "3");
  CHECK(fmt(dec{}) == "0");
  CHECK(fmt(dec::epsilon()) == "0.00000001");
  CHECK(fmt(dec::min()) == "-92233720368.54775792");
  CHECK(fmt(dec::max() + dec::max()) == "#overflow");
  CHECK(fmt(div<round::up>(1.0_dec, dec{})) == "#division_by_zero");
  CHECK((1.5_dec).to_string() == "1.5");
  char small[3];
  CHECK((12345.6789_dec).to_chars(small, small + 3).ec == std::errc::value_too_large);

  rng g{401};
  for (int i = 0; i < 50'000; ++i) {
    const dec d = dec::from_raw(std::max(g.any_magnitude(63), dec::min_raw));
    const auto back = dec::parse_exact(fmt(d));
    REQUIRE(back.has_value());
    REQUIRE(identical(back.value(), d));
  }
}

TEST_CASE("from_double is exact before rounding: agrees with the double's decimal expansion") {
  CHECK(dec::from_double<round::nearest_even>(0.1).value() == 0.1_dec);
  CHECK(dec::from_double<round::up>(0.1).value() == 0.10000001_dec);  // 0.1000000000000000055...
  CHECK(dec::from_double<round::down>(0.1).value() == 0.09999999_dec + 0.00000001_dec);
  CHECK(dec::from_double<round::down>(0.3).value() == 0.29999999_dec);  // 0.2999999999999999888...
  CHECK(dec::from_double<round::up>(-0.3).value() == -0.29999999_dec);
  CHECK(dec::from_double<round::down>(1e-300).value() == dec{});
  CHECK(dec::from_double<round::up>(1e-300).value() == dec::epsilon());
  CHECK(dec::from_double<round::up>(5e-324).value() == dec::epsilon());
  CHECK(dec::from_double<round::down>(-0.0).value() == dec{});
  CHECK(dec::from_double<round::down>(std::numeric_limits<double>::quiet_NaN()).error() == errc::not_a_number);
  CHECK(dec::from_double<round::down>(std::numeric_limits<double>::infinity()).error() == errc::infinite);
  CHECK(dec::from_double<round::down>(-std::numeric_limits<double>::infinity()).error() == errc::infinite);
  CHECK(dec::from_double<round::down>(1e11).error() == errc::overflow);
  CHECK(dec::from_double<round::down>(-1e300).error() == errc::overflow);
  CHECK(dec::from_double<round::down>(92233720368.0).value() == dec::from_int(92233720368));
  static_assert(dec::from_double<round::nearest_even>(2.5).value() == 2.5_dec);

  rng g{501};
  char text[1400];
  for (int i = 0; i < 30'000; ++i) {
    // random doubles between about 2^-60 and 2^36, both signs
    const auto mant = static_cast<double>(g.next() >> 11) / 9007199254740992.0;  // [0, 1)
    const int e = static_cast<int>(g.below(96)) - 60;
    double x = mant;
    for (int j = 0; j < (e < 0 ? -e : e); ++j) x = e < 0 ? x / 2 : x * 2;
    if (g.next() & 1u) x = -x;
    std::snprintf(text, sizeof text, "%.1100f", x);  // glibc prints the exact expansion
    CAPTURE(text);
    REQUIRE(dec::from_double<round::down>(x) == dec::parse<round::down>(text));
    REQUIRE(dec::from_double<round::up>(x) == dec::parse<round::up>(text));
    REQUIRE(dec::from_double<round::nearest_even>(x) == dec::parse<round::nearest_even>(text));
    REQUIRE(dec::from_double<round::nearest_away>(x) == dec::parse<round::nearest_away>(text));
  }
}

TEST_CASE("to_double and to_int") {
  CHECK((12345.6789_dec).to_double() == 12345.6789);
  CHECK((dec::max() + dec::max()).to_double() != (dec::max() + dec::max()).to_double());  // NaN
  SOLVENCY_CHECK_CONSTEXPR((2.5_dec).to_int<round::nearest_even>().value() == 2);
  SOLVENCY_CHECK_CONSTEXPR((3.5_dec).to_int<round::nearest_even>().value() == 4);
  SOLVENCY_CHECK_CONSTEXPR((-2.5_dec).to_int<round::down>().value() == -3);
  SOLVENCY_CHECK_CONSTEXPR((-2.5_dec).to_int<round::nearest_away>().value() == -3);
  SOLVENCY_CHECK_CONSTEXPR((2.00000001_dec).to_int<round::up>().value() == 3);
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(1.0_dec, dec{}).to_int<round::up>().error() == errc::division_by_zero);
}

TEST_CASE("other scales") {
  using cents = decimal<2>;
  CHECK(mul<round::up>(cents::parse_exact("10.01").value(), cents::parse_exact("0.5").value()).raw() == 501);
  CHECK(mul<round::down>(cents::parse_exact("10.01").value(), cents::parse_exact("0.5").value()).raw() == 500);
  using d18 = decimal<18>;
  CHECK(d18::max().to_string() == "9.223372036854775792");
  CHECK(div<round::down>(d18::from_int(1), d18::from_int(3)).raw() == 333'333'333'333'333'333);
  CHECK(d18::from_int(10).error() == errc::overflow);
  using d0 = decimal<0>;
  CHECK(div<round::nearest_even>(d0::from_int(7), d0::from_int(2)).raw() == 4);
  CHECK(d0::parse<round::up>("2.1").value().raw() == 3);
}
