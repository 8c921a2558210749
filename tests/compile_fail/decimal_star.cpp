// A product of decimals must name its rounding direction: no operator*.
#include <solvency/numeric/decimal.hpp>
using namespace solvency;
using namespace solvency::literals;
auto f() {
#ifdef SOLVENCY_COMPILE_FAIL
  return 1.5_dec * 2.0_dec;
#else
  return mul<round::up>(1.5_dec, 2.0_dec);
#endif
}
