// Tests for solvency/version.hpp.
#include <solvency/version.hpp>

#include "check.hpp"

#include <string>

TEST_CASE("version macros, string and value agree") {
  SOLVENCY_CHECK_CONSTEXPR(solvency::version.major == SOLVENCY_VERSION_MAJOR);
  SOLVENCY_CHECK_CONSTEXPR(solvency::version.minor == SOLVENCY_VERSION_MINOR);
  SOLVENCY_CHECK_CONSTEXPR(solvency::version.patch == SOLVENCY_VERSION_PATCH);
  CHECK(std::string(SOLVENCY_VERSION_STRING) ==
        std::to_string(SOLVENCY_VERSION_MAJOR) + "." + std::to_string(SOLVENCY_VERSION_MINOR) + "." +
            std::to_string(SOLVENCY_VERSION_PATCH));
}
