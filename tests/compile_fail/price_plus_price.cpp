// Two prices cannot be added: a price is a point on an axis, not an amount.
#include <solvency/core/quantities.hpp>
using namespace solvency;
using namespace solvency::literals;
auto f() {
  price a{100.0_dec}, b{90.0_dec};
#ifdef SOLVENCY_COMPILE_FAIL
  return a + b;
#else
  return a - b;
#endif
}
