// Tests for solvency/numeric/number.hpp: one generic rule, two number types.
#include <solvency/numeric/number.hpp>

#include "check.hpp"

#include <cmath>
#include <limits>

using namespace solvency;
using namespace solvency::literals;

namespace {
// A rule written once: the fee on a notional, rounded up.
template <Number N>
constexpr N fee(N size, N px, N rate) {
  return mul<round::up>(mul<round::up>(size, px), rate);
}
}  // namespace

TEST_CASE("decimal and double both satisfy Number; other types do not") {
  static_assert(Number<dec> && Number<double> && Number<decimal<4>>);
  static_assert(!Number<int>);
  static_assert(!Number<float>);
  CHECK(number_traits<dec>::exact);
  CHECK_FALSE(number_traits<double>::exact);
}

TEST_CASE("the same rule on both types agrees") {
  SOLVENCY_CHECK_CONSTEXPR(fee(2.0_dec, 30000.0_dec, 0.0004_dec) == 24.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(fee(2.0, 30000.0, 0.0004) > 23.999999 && fee(2.0, 30000.0, 0.0004) < 24.000001);
  SOLVENCY_CHECK_CONSTEXPR(from_int<double>(3) == 3.0);
  SOLVENCY_CHECK_CONSTEXPR(from_int<dec>(3) == 3.0_dec);
}

TEST_CASE("validity for doubles: NaN and infinities are errors") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  SOLVENCY_CHECK_CONSTEXPR(is_valid(1.0) && !is_valid(inf) && !is_valid(-inf) && !is_valid(nan));
  SOLVENCY_CHECK_CONSTEXPR(error_of(nan) == errc::not_a_number);
  SOLVENCY_CHECK_CONSTEXPR(error_of(-inf) == errc::infinite);
  SOLVENCY_CHECK_CONSTEXPR(error_of(2.0) == errc{});
  CHECK(!is_valid(div<round::up>(1.0, 0.0)));
  SOLVENCY_CHECK_CONSTEXPR(checked(nan) == failure{errc::not_a_number});
  SOLVENCY_CHECK_CONSTEXPR(checked(2.0).value() == 2.0);
  SOLVENCY_CHECK_CONSTEXPR(checked(dec::max() + dec::max()) == failure{errc::overflow});
}

TEST_CASE("round_to_multiple on doubles follows the same directions as on decimals") {
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::down>(190.2926, 0.5) == 190.0);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(190.2926, 0.5) == 190.5);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::down>(-1.25, 0.5) == -1.5);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(-1.25, 0.5) == -1.0);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::toward_zero>(-1.75, 0.5) == -1.5);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::away_from_zero>(-1.25, 0.5) == -1.5);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_even>(2.5, 1.0) == 2.0);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_even>(3.5, 1.0) == 4.0);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_even>(-2.5, 1.0) == -2.0);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_away>(-2.5, 1.0) == -3.0);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::up>(3.0, 1.0) == 3.0);
  CHECK(!is_valid(round_to_multiple<round::up>(3.0, 0.0)));
  CHECK(!is_valid(round_to_multiple<round::up>(3.0, -1.0)));
  // huge quotients are already integers; NaN and infinities stay invalid (no int64 cast of them)
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::nearest_even>(1e300, 1.0) == 1e300);
  SOLVENCY_CHECK_CONSTEXPR(round_to_multiple<round::down>(-1e20, 0.5) == -1e20);
  CHECK(!is_valid(round_to_multiple<round::up>(std::numeric_limits<double>::quiet_NaN(), 1.0)));
  CHECK(!is_valid(round_to_multiple<round::up>(std::numeric_limits<double>::infinity(), 1.0)));
  // agrees with the decimal version on generated ticks
  solvency_test::rng g{7};
  for (int i = 0; i < 20'000; ++i) {
    const dec x = dec::from_raw(g.any_magnitude(40));
    const dec step = dec::from_int(static_cast<std::int64_t>(g.below(50)) + 1);
    CHECK(round_to_multiple<round::down>(x, step).to_double() ==
          round_to_multiple<round::down>(x.to_double(), step.to_double()));
    CHECK(round_to_multiple<round::nearest_even>(x, step).to_double() ==
          round_to_multiple<round::nearest_even>(x.to_double(), step.to_double()));
  }
}

TEST_CASE("detail::select: c ? a : b on the representation, error values and signed zeros kept") {
  using solvency::detail::select;
  static_assert(select(true, 1.5_dec, 2.5_dec) == 1.5_dec && select(false, 1.5_dec, 2.5_dec) == 2.5_dec);
  static_assert(select(true, -1.5, 2.5) == -1.5 && select(false, -1.5, 2.5) == 2.5);
  const dec err = dec::error_value(errc::overflow);
  CHECK(error_of(select(true, err, 1.0_dec)) == errc::overflow);  // an error value passes through whole
  CHECK(select(false, err, 1.0_dec) == 1.0_dec);
  CHECK(std::signbit(select(true, -0.0, 0.0)));  // the bits, not a comparison: -0 stays -0
  CHECK_FALSE(std::signbit(select(false, -0.0, 0.0)));
  CHECK(std::isnan(select(true, std::numeric_limits<double>::quiet_NaN(), 1.0)));
  CHECK(select(false, std::numeric_limits<double>::quiet_NaN(), 1.0) == 1.0);
}
