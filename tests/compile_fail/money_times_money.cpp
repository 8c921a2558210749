// Money times money has no meaning.
#include <solvency/core/quantities.hpp>
using namespace solvency;
using namespace solvency::literals;
auto f() {
  money a{100.0_dec}, b{2.0_dec};
#ifdef SOLVENCY_COMPILE_FAIL
  return mul<round::up>(a, b);
#else
  return div<round::up>(a, b);
#endif
}
