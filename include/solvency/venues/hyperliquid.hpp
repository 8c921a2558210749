// solvency/venues/hyperliquid.hpp: Hyperliquid perpetuals (linear, USDC).
//
// Sources (venues.md 8): https://hyperliquid.gitbook.io/hyperliquid-docs/trading/
// liquidations, margin-tiers, margining (markdown export in dzmbs/hyperliquid-docs),
// the official snippet hyperliquid-dex/ts-examples examples/LiquidationPx.tsx.
//
// Conventions composed here:
//   margin model   margin tiers from the API's marginTable: a tier STARTS at
//                  its lowerBound (cap-exclusive) and allows maxLeverage;
//                  MMR = 1 / (2 maxLeverage) ("maintenance leverage" 2 x max),
//                  MM = notional x MMR - deduction, deduction_n = deduction_{n-1}
//                  + lowerBound_n (MMR_n - MMR_{n-1})
//   measured at    the mark; the tier of the notional AT the liquidation price
//   fee to close   none: no clearance fee on liquidations
//   margin         isolated: isolated margin = size x entry / leverage for an
//                  integer leverage 1 ... maxLeverage, plus margin added;
//                  cross: account value less the others' maintenance margin
//   reduces to     liq = price - side x margin_available / size / (1 - l side),
//                  l = 1 / maintenance leverage, margin_available = margin -
//                  maintenance margin (isolated), both in the tier of the answer;
//                  an isolated long: (E - M/Q) / (1 - l) within one tier
//   display        not documented: nearest, to the tick
//
// Verified (tests/unit/venues/hyperliquid.cpp): no Hyperliquid liquidation
// price is published with its inputs (venues.md 8.4: the API agrees with the
// formula to ~1e-8); the preset is checked by the defining property and by
// the formula above on positions, in both tiers of the BTC table; the BTC
// tier-2 deduction 1,875,000 (DERIVED).
// Not verified: the 20% partial book liquidations of large positions and the
// backstop at 2/3 of MM are processes, not prices, and are not composed.
#ifndef SOLVENCY_VENUES_HYPERLIQUID_HPP
#define SOLVENCY_VENUES_HYPERLIQUID_HPP

#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/venues/rulebook.hpp>

#include <array>
#include <span>
#include <type_traits>

namespace solvency::inline v1::venues::hyperliquid {

/// Not documented: nearest, to the display step (the tick by default).
using display_rounding = uniform_rounding<round::nearest_away>;

/// MM at the mark, no fee.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark);
}

template <Number N>
using rulebook = venues::rulebook<tiered_with_deduction<N>, display_rounding>;

template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_rulebook(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Hyperliquid", model, convention<N>(), tick, tick};
}

/// The margin model over a marginTable as the API returns it, converted into
/// `buffer` (caller-owned, outliving the model). Errors: those of tiers_from
/// (a first lowerBound other than 0, a leverage below 1, bounds that do not
/// increase, ...).
template <Number N>
[[nodiscard]] constexpr result<tiered_with_deduction<N>> margin_table_model(
    std::span<const hyperliquid_margin_tier<N>> tiers, std::span<tier_row<N>> buffer) noexcept {
  return tiers_from(tiers, buffer).transform([](const tier_table_view<N>& v) {
    return tiered_with_deduction<N>{v, tier_basis::notional};
  });
}

/// BTC: 0-150M USDC at 40x, from 150M at 20x (venues.md 8.1; deduction of
/// the second tier 1,875,000).
template <Number N>
inline constexpr fixed_tier_table<N, 2> btc_margin_table =
    tiers_from(std::array{hyperliquid_margin_tier<N>{from_int<N>(0), from_int<N>(40)},
                          hyperliquid_margin_tier<N>{from_int<N>(150'000'000), from_int<N>(20)}})
        .value();
/// ETH: 0-100M USDC at 25x, from 100M at 15x (venues.md 8.1).
template <Number N>
inline constexpr fixed_tier_table<N, 2> eth_margin_table =
    tiers_from(std::array{hyperliquid_margin_tier<N>{from_int<N>(0), from_int<N>(25)},
                          hyperliquid_margin_tier<N>{from_int<N>(100'000'000), from_int<N>(15)}})
        .value();

template <Number N>
[[nodiscard]] constexpr rulebook<N> btc(price_delta<N> tick = {}) noexcept {
  return make_rulebook(tiered_with_deduction<N>{btc_margin_table<N>.view().value(), tier_basis::notional}, tick);
}
template <Number N>
[[nodiscard]] constexpr rulebook<N> eth(price_delta<N> tick = {}) noexcept {
  return make_rulebook(tiered_with_deduction<N>{eth_margin_table<N>.view().value(), tier_basis::notional}, tick);
}

/// An isolated position the Hyperliquid way: margin = size x entry /
/// leverage (rounded up) for an INTEGER leverage from 1 to the tier's
/// maxLeverage, plus margin added. Errors: invalid_argument for a leverage
/// that is not a whole number or below 1, leverage_above_max, and those of
/// venues::at_leverage.
template <Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<margined_position<N>> isolated_at_leverage(const R& rb,
                                                                          const std::type_identity_t<position<N>>& pos,
                                                                          std::type_identity_t<rate<N>> leverage,
                                                                          std::type_identity_t<money<N>> added = {}) noexcept {
  const N lev = leverage.value();
  if (!is_valid(lev)) return failure{error_of(lev)};
  if (lev < from_int<N>(1) || !(round_to_multiple<round::down>(lev, from_int<N>(1)) == lev))
    return failure{errc::invalid_argument};
  return at_leverage(rb, pos, leverage, added);
}

/// Isolated: the position backed by its isolated margin.
template <Number N>
[[nodiscard]] constexpr margined_position<N> isolated(const position<N>& pos,
                                                      std::type_identity_t<money<N>> isolated_margin) noexcept {
  return {pos, isolated_margin, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::hyperliquid

#endif  // SOLVENCY_VENUES_HYPERLIQUID_HPP
