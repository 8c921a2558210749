// solvency/core/contract.hpp: how a contract turns price moves into money.
//
// Kinds in this header:
//
//   linear   PnL in the quote currency. multiplier = base units per contract
//            (1 for a contract of one BTC; 0.001 for Binance's BTCUSDT lot).
//            value = contracts * multiplier * price.
//   inverse  PnL in the base currency. multiplier = face value per contract in
//            the quote currency (100 USD on Binance COIN-M BTCUSD, 1 USD on
//            BitMEX XBTUSD). value = contracts * multiplier / price.
//   quanto   PnL in a third currency at a fixed rate. multiplier = settlement
//            currency per contract per unit of price (BitMEX ETHUSD:
//            0.000001 XBT). value = contracts * multiplier * price.
#ifndef SOLVENCY_CORE_CONTRACT_HPP
#define SOLVENCY_CORE_CONTRACT_HPP

#include <solvency/config.hpp>
#include <solvency/numeric/number.hpp>

#include <cstdint>
#include <string_view>

namespace solvency::inline v1 {

enum class contract_kind : std::uint8_t { linear, inverse, quanto };

[[nodiscard]] constexpr std::string_view name(contract_kind k) noexcept {
  switch (k) {
    case contract_kind::linear: return "linear";
    case contract_kind::inverse: return "inverse";
    case contract_kind::quanto: return "quanto";
  }
  return "invalid";
}

template <Number N>
struct contract {
  contract_kind kind = contract_kind::linear;
  N multiplier = number_traits<N>::from_int(1);

  friend constexpr bool operator==(const contract&, const contract&) = default;
};

template <Number N>
[[nodiscard]] constexpr contract<N> linear_contract(N base_units_per_contract) noexcept {
  return {contract_kind::linear, base_units_per_contract};
}
template <Number N>
[[nodiscard]] constexpr contract<N> inverse_contract(N face_value) noexcept {
  return {contract_kind::inverse, face_value};
}
template <Number N>
[[nodiscard]] constexpr contract<N> quanto_contract(N multiplier) noexcept {
  return {contract_kind::quanto, multiplier};
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_CORE_CONTRACT_HPP
