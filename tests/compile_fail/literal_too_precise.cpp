// A decimal literal with more digits than the scale holds does not compile.
#include <solvency/numeric/decimal.hpp>
using namespace solvency::literals;
auto f() {
#ifdef SOLVENCY_COMPILE_FAIL
  return 0.123456789_dec;
#else
  return 0.12345678_dec;
#endif
}
