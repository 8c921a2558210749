// Tests for solvency/core/contract.hpp.
#include <solvency/core/contract.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;

TEST_CASE("contract constructors and names") {
  SOLVENCY_CHECK_CONSTEXPR(linear_contract(0.001_dec).kind == contract_kind::linear);
  SOLVENCY_CHECK_CONSTEXPR(inverse_contract(100.0_dec).multiplier == 100.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(quanto_contract(0.000001_dec).kind == contract_kind::quanto);
  SOLVENCY_CHECK_CONSTEXPR(contract<dec>{}.multiplier == 1.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(contract<double>{}.kind == contract_kind::linear);
  SOLVENCY_CHECK_CONSTEXPR(linear_contract(1.0_dec) == contract<dec>{});
  CHECK(name(contract_kind::inverse) == "inverse");
  CHECK(name(contract_kind::linear) == "linear");
  CHECK(name(contract_kind::quanto) == "quanto");
  CHECK(name(static_cast<contract_kind>(9)) == "invalid");
}
