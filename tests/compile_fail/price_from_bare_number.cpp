// A bare number does not silently become a price.
#include <solvency/core/quantities.hpp>
using namespace solvency;
using namespace solvency::literals;
price<dec> f() {
#ifdef SOLVENCY_COMPILE_FAIL
  return 100.0_dec;
#else
  return price{100.0_dec};
#endif
}
