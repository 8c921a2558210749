// Tests for solvency/numeric/io.hpp.
#include <solvency/numeric/io.hpp>

#include "check.hpp"

#include <sstream>

using namespace solvency;
using namespace solvency::literals;

TEST_CASE("stream output writes the exact text") {
  std::ostringstream os;
  os << -12.5_dec << ' ' << (dec::max() + dec::max()) << ' ' << errc::inexact << ' ' << decimal<2>::from_int(3);
  CHECK(os.str() == "-12.5 #overflow inexact 3");
}
