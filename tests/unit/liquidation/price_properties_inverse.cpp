// Generated properties of solvency/liquidation/price.hpp for inverse
// contracts, long and short: see price_properties.hpp.
#include "price_properties.hpp"

using solvency::contract_kind;
using solvency::side;

TEST_CASE("inverse long, generated") {
  price_properties::run(contract_kind::inverse, side::long_, 103, price_properties::cases);
}
TEST_CASE("inverse short, generated") {
  price_properties::run(contract_kind::inverse, side::short_, 104, price_properties::cases);
}
