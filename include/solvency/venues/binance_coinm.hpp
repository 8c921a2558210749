// solvency/venues/binance_coinm.hpp: Binance COIN-M futures (inverse).
//
// Sources (venues.md 2): FAQ https://www.binance.com/en/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46
// (the formula is an image; the reconstruction there reproduces the
// exchange's own calculator), the COIN-M leverage brackets (GET /dapi/v1/leverageBracket).
//
// Conventions composed here:
//   contracts      inverse, CM USD each: BTCUSD 100 USD, the others 10 USD
//   margin model   brackets with a maintenance amount, IN COIN: MM = notional
//                  (coin) x MMR - cum, notional = N CM / mark, tiered by that
//                  coin notional at the mark (at the answer for a liquidation
//                  price), cap-inclusive like USDⓈ-M
//   fee to close   not in the formula
//   margin         isolated: the isolated wallet balance (coin); cross:
//                  WB - TMM1 + UPNL1 of the same margin coin (the page notes
//                  TMM = UPNL = 0 in isolated; their cross use is a
//                  reconstruction, unverified)
//   reduces to     long  LP = N CM (1 + MMR) / (WB + cum + N CM / E)
//                  short LP = N CM (MMR - 1) / (WB + cum - N CM / E)
//   bankruptcy     derived: the same with MMR = cum = 0
//   display        no COIN-M price is printed in venues.md; the USDⓈ-M
//                  documentation's cent, nearest, is used
//
// Verified by published numbers (tests/unit/venues/binance_coinm.cpp): BC-M1
// (100 contracts at 25,000: 0.4 BTC, MM 0.0016 BTC), BC-M2 and BC-M3 (the
// recurrence in coin; the floors below 50 BTC are not printed).
// Not verified: no published COIN-M liquidation price; the formula is checked
// on generated positions. No default table: venues.md prints only parts of
// the BTCUSD table (level 1 at 0.4%, level 5 from 50 BTC, 300 BTC at 12.5%),
// so load the brackets from the API (from_brackets).
#ifndef SOLVENCY_VENUES_BINANCE_COINM_HPP
#define SOLVENCY_VENUES_BINANCE_COINM_HPP

#include <solvency/config.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/venues/rulebook.hpp>

#include <span>
#include <type_traits>

namespace solvency::inline v1::venues::binance_coinm {

/// Binance's documentation prints prices to the cent, nearest (USDⓈ-M pages).
using display_rounding = uniform_rounding<round::nearest_away>;
template <Number N>
[[nodiscard]] constexpr price_delta<N> display_step() noexcept {
  return cents<N>();
}

/// MM at the mark (at the answer), on the notional in coin; no fee to close.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark);
}

template <Number N>
using rulebook = venues::rulebook<tiered_with_deduction<N>, display_rounding>;

/// A COIN-M rulebook over any margin model whose table is in coin.
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_rulebook(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Binance COIN-M", model, convention<N>(), tick, display_step<N>()};
}

/// A rulebook over COIN-M brackets as the API returns them (notional in
/// coin), converted into `buffer` (caller-owned, outliving the rulebook).
/// Errors: those of tiers_from.
template <Number N>
[[nodiscard]] constexpr result<rulebook<N>> from_brackets(std::span<const binance_bracket<N>> brackets,
                                                          std::span<tier_row<N>> buffer,
                                                          price_delta<N> tick = {}) noexcept {
  const result<tier_table_view<N>> v = tiers_from(brackets, buffer);
  if (!v) return failure{v.error()};
  return make_rulebook(tiered_with_deduction<N>{*v, tier_basis::notional}, tick);
}

/// The BTCUSD contract: 100 USD each.
template <Number N>
[[nodiscard]] constexpr contract<N> btcusd_contract() noexcept {
  return inverse_contract(from_int<N>(100));
}
/// The other COIN-M contracts: 10 USD each.
template <Number N>
[[nodiscard]] constexpr contract<N> alt_contract() noexcept {
  return inverse_contract(from_int<N>(10));
}

/// Isolated: the position backed by its isolated wallet balance, in coin.
template <Number N>
[[nodiscard]] constexpr margined_position<N> isolated(const position<N>& pos,
                                                      std::type_identity_t<money<N>> isolated_wallet_balance) noexcept {
  return {pos, isolated_wallet_balance, {}};
}

/// Cross, from the formula's variables: WB - TMM1 + UPNL1 of the other
/// contracts on the same margin coin (a reconstruction: see the banner).
template <Number N>
[[nodiscard]] constexpr margined_position<N> cross(const position<N>& pos, std::type_identity_t<money<N>> wallet_balance,
                                                   std::type_identity_t<money<N>> others_maintenance,
                                                   std::type_identity_t<money<N>> others_unrealized_pnl) noexcept {
  return {pos, wallet_balance - others_maintenance + others_unrealized_pnl, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::binance_coinm

#endif  // SOLVENCY_VENUES_BINANCE_COINM_HPP
