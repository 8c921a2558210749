// Static tests for solvency/numeric: nothing here runs; it passes by compiling.
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/number.hpp>

#include <limits>

namespace {
using namespace solvency;
using namespace solvency::literals;

// ===== literals and exact arithmetic =====
static_assert(0.1_dec + 0.2_dec == 0.3_dec);
static_assert((1.0_dec - 0.00000001_dec).raw() == 99'999'999);
static_assert(dec::max().raw() == 9'223'372'036'854'775'792);
static_assert(dec::min() == -dec::max());

// ===== one rounding per product, in the named direction =====
static_assert(mul<round::down>(0.33333333_dec, 3.0_dec) == 0.99999999_dec);
static_assert(mul<round::up>(0.00000001_dec, 0.1_dec) == 0.00000001_dec);
static_assert(mul<round::down>(0.00000001_dec, 0.1_dec) == 0.0_dec);
static_assert(mul<round::down>(-0.00000001_dec, 0.1_dec) == -0.00000001_dec);
static_assert(div<round::nearest_even>(2.0_dec, 3.0_dec) == 0.66666667_dec);
static_assert(div<round::toward_zero>(2.0_dec, 3.0_dec) == 0.66666666_dec);
static_assert(muldiv<round::down>(3.0_dec, 1.0_dec, 3.0_dec) == 1.0_dec);

// ===== errors are values =====
static_assert(!div<round::down>(1.0_dec, 0.0_dec).is_valid());
static_assert(div<round::down>(1.0_dec, 0.0_dec).error() == errc::division_by_zero);
static_assert((dec::max() + 0.00000001_dec).error() == errc::overflow);
static_assert(dec::parse_exact("1.5x").error() == errc::malformed_number);
static_assert(dec::from_double<round::down>(std::numeric_limits<double>::infinity()).error() == errc::infinite);

// ===== the Number concept =====
static_assert(Number<dec> && Number<double> && Number<decimal<2>>);
static_assert(!Number<int> && !Number<long double> && !Number<const char*>);

// ===== no operator* or operator/ on decimal: every product names its rounding =====
template <class T>
concept has_star = requires(T a, T b) { a * b; };
template <class T>
concept has_slash = requires(T a, T b) { a / b; };
static_assert(!has_star<dec> && !has_slash<dec>);
}  // namespace

// ===== decimals and kinds are structural: usable as template arguments =====
namespace structural {
using namespace solvency;
using namespace solvency::literals;
template <dec X>
constexpr dec twice = X + X;
static_assert(twice<1.25_dec> == 2.5_dec);
}  // namespace structural
