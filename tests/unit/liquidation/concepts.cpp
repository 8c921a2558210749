// Tests for solvency/liquidation/concepts.hpp: the vocabulary of liquidation
// prices.
#include <solvency/liquidation/concepts.hpp>

#include "check.hpp"

#include <type_traits>

using namespace solvency;
using namespace solvency::literals;

TEST_CASE("solved_price: a price, never or always; never a stray value") {
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>::at(price{1.5_dec}).has_price());
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>::at(price{1.5_dec}).value == price{1.5_dec});
  SOLVENCY_CHECK_CONSTEXPR(!solved_price<dec>::never().has_price());
  SOLVENCY_CHECK_CONSTEXPR(!solved_price<dec>::always().has_price());
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>::never().value == price<dec>{});
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>::always().value == price<dec>{});
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>::never() != solved_price<dec>::always());
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>{} == solved_price<dec>::never());
  SOLVENCY_CHECK_CONSTEXPR(solved_price<dec>::at(price{1.0_dec}) != solved_price<dec>::at(price{2.0_dec}));
  SOLVENCY_CHECK_CONSTEXPR(solved_price<double>::at(price{2.0}).value.value() == 2.0);
  SOLVENCY_CHECK_CONSTEXPR(name(price_state::at_price) == "at_price");
  SOLVENCY_CHECK_CONSTEXPR(name(price_state::never) == "never");
  SOLVENCY_CHECK_CONSTEXPR(name(price_state::always) == "always");
  SOLVENCY_CHECK_CONSTEXPR(name(static_cast<price_state>(9)) == "invalid");
}

TEST_CASE("tick rounding policies") {
  static_assert(PriceRounding<conservative_rounding>);
  static_assert(PriceRounding<tick_rounding<round::toward_zero, round::away_from_zero>>);
  static_assert(PriceRounding<uniform_rounding<round::nearest_even>>);
  static_assert(!PriceRounding<round::up>);
  static_assert(!PriceRounding<int>);
  static_assert(std::is_same_v<conservative_rounding::long_rounding, round::up>);
  static_assert(std::is_same_v<conservative_rounding::short_rounding, round::down>);
  static_assert(std::is_same_v<uniform_rounding<round::up>::short_rounding, round::up>);
  CHECK(true);
}

TEST_CASE("margined_position and liquidation_convention") {
  constexpr margined_position<dec> a{{side::long_, quantity{1.0_dec}, price{10.0_dec}, linear_contract(1.0_dec)},
                                     money{2.0_dec}, {}};
  constexpr margined_position<dec> b{a.pos, money{2.0_dec}, money{1.0_dec}};
  SOLVENCY_CHECK_CONSTEXPR(a == a);
  SOLVENCY_CHECK_CONSTEXPR(a != b);
  constexpr liquidation_convention<dec> binance{};
  constexpr liquidation_convention<dec> bybit{{measure_at::mark, close_fee::on_bankruptcy_value, rate{0.00055_dec}}, {}, true};
  SOLVENCY_CHECK_CONSTEXPR(binance.margin.maintenance_at == measure_at::mark);
  SOLVENCY_CHECK_CONSTEXPR(binance.margin.fee == close_fee::excluded);
  SOLVENCY_CHECK_CONSTEXPR(!binance.extra_margin_net_of_close_fee);
  SOLVENCY_CHECK_CONSTEXPR(binance.inputs.size == size_unit::contracts);
  SOLVENCY_CHECK_CONSTEXPR(binance != bybit);
  SOLVENCY_CHECK_CONSTEXPR(bybit == bybit);
  constexpr liquidation_convention<dec> by_exposure{{}, {size_unit::exposure, value_currency::settlement}, false};
  SOLVENCY_CHECK_CONSTEXPR(binance != by_exposure);
  constexpr liquidation_convention<dec> not_net{bybit.margin, {}, false};
  SOLVENCY_CHECK_CONSTEXPR(bybit != not_net);
}
