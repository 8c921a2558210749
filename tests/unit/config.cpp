// Tests for solvency/config.hpp.
#include <solvency/config.hpp>

#include "check.hpp"

TEST_CASE("configuration macros") {
#if defined(SOLVENCY_FORCE_SOFT_INT128)
  CHECK(SOLVENCY_HAS_NATIVE_INT128 == 0);
#elif defined(__SIZEOF_INT128__)
  CHECK(SOLVENCY_HAS_NATIVE_INT128 == 1);
#endif
  CHECK(SOLVENCY_CPLUSPLUS >= 202002L);
}
