// Generated properties of solvency/liquidation/price.hpp for quanto
// contracts, long and short: see price_properties.hpp.
#include "price_properties.hpp"

using solvency::contract_kind;
using solvency::side;

TEST_CASE("quanto long, generated") {
  price_properties::run(contract_kind::quanto, side::long_, 105, price_properties::cases);
}
TEST_CASE("quanto short, generated") {
  price_properties::run(contract_kind::quanto, side::short_, 106, price_properties::cases);
}
