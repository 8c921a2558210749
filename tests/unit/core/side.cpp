// Tests for solvency/core/side.hpp.
#include <solvency/core/side.hpp>

#include "check.hpp"

using namespace solvency;

TEST_CASE("side signs, opposites and names") {
  SOLVENCY_CHECK_CONSTEXPR(sign(side::long_) == 1 && sign(side::short_) == -1);
  SOLVENCY_CHECK_CONSTEXPR(opposite(side::long_) == side::short_);
  SOLVENCY_CHECK_CONSTEXPR(opposite(opposite(side::short_)) == side::short_);
  SOLVENCY_CHECK_CONSTEXPR(!is_valid(static_cast<side>(0)));
  CHECK(name(side::long_) == "long");
  CHECK(name(side::short_) == "short");
  CHECK(name(static_cast<side>(3)) == "invalid");
}
