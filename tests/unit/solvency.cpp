// Tests for solvency/solvency.hpp: the umbrella header gives the whole API,
// in the versioned inline namespace.
#include <solvency/solvency.hpp>

#include "check.hpp"

#include <type_traits>

TEST_CASE("umbrella header and versioned namespace") {
  static_assert(std::is_same_v<solvency::dec, solvency::v1::decimal<8>>);
  static_assert(std::is_same_v<solvency::position<double>, solvency::v1::position<double>>);
  using namespace solvency::literals;
  const solvency::position<solvency::dec> p{solvency::side::long_, solvency::quantity{1.0_dec},
                                            solvency::price{10.0_dec}, solvency::contract<solvency::dec>{}};
  CHECK(solvency::pnl<solvency::round::down>(p, solvency::price{12.0_dec}) == solvency::money{2.0_dec});
}
