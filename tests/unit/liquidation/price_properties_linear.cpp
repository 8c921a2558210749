// Generated properties of solvency/liquidation/price.hpp for linear
// contracts, long and short: see price_properties.hpp.
#include "price_properties.hpp"

using solvency::contract_kind;
using solvency::side;

TEST_CASE("linear long, generated") {
  price_properties::run(contract_kind::linear, side::long_, 101, price_properties::cases);
}
TEST_CASE("linear short, generated") {
  price_properties::run(contract_kind::linear, side::short_, 102, price_properties::cases);
}
