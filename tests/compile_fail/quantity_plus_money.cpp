// A size and an amount of money are different kinds.
#include <solvency/core/quantities.hpp>
using namespace solvency;
using namespace solvency::literals;
auto f() {
  quantity q{1.0_dec};
  money m{100.0_dec};
#ifdef SOLVENCY_COMPILE_FAIL
  return q + m;
#else
  return money{q.value()} + m;
#endif
}
