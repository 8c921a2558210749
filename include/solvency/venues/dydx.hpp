// solvency/venues/dydx.hpp: dYdX v4 perpetuals (linear, USDC), the dYdX
// Chain's default software.
//
// Sources (venues.md 10): dydxprotocol/v4-documentation
// docs/pages/concepts/trading/{margin,liquidations}.mdx; dydxprotocol/v4-chain
// @84d4664 (x/clob liquidations, x/perpetuals, testing/mainnet/genesis.json).
//
// Conventions composed here:
//   margin model   liquidity tiers: MMR = |S P MMF| at the oracle price, IMR =
//                  |S P IMF| with the initial fraction scaled up by the
//                  market's open interest (oi_scaled_margin); mainnet genesis
//                  Large-Cap 5% / 3%, Mid-Cap 10% / 5%, Long-Tail 20% / 10%,
//                  Safety 100% / 20%
//   measured at    the oracle price (the mark); no fee in the requirement
//   margin         the subaccount's equity e (TNC = USDC + sum S P): an
//                  isolated subaccount holds one position; cross: e less the
//                  other positions' MMR (the cross functions)
//   reduces to     p' = (e - s p) / (|s| MMF - s)          (isolated)
//                  p' = (e - s p - MMR_o) / (|s| MMF - s)  (cross)
//                  with s the signed size and p the oracle price
//   bankruptcy     equity exhausted (the liquidation fill's insurance-fund
//                  delta is measured against it)
//   display        the docs print prices to the cent (3,174.60, 3,380.95): nearest
//
// Verified (tests/unit/venues/dydx.cpp): DY-1 (isolated, 3,174.60) and DY-2
// (cross, 3,380.95), to the cent.
// Not verified: the protocol's fillable price and bankruptcy quote of a
// liquidation order (venues.md 10.3) are the liquidation plan's business, not
// a price preset; the genesis tiers' open-interest caps are not in venues.md
// (they default to zero: no scaling) and are set at run time.
#ifndef SOLVENCY_VENUES_DYDX_HPP
#define SOLVENCY_VENUES_DYDX_HPP

#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/venues/rulebook.hpp>

#include <type_traits>

namespace solvency::inline v1::venues::dydx {

/// The docs print prices to the cent, nearest.
using display_rounding = uniform_rounding<round::nearest_away>;
template <Number N>
[[nodiscard]] constexpr price_delta<N> display_step() noexcept {
  return cents<N>();
}

/// MM at the oracle price, no fee.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark);
}

template <Number N>
using rulebook = venues::rulebook<oi_scaled_margin<N>, display_rounding>;

template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_rulebook(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"dYdX v4", model, convention<N>(), tick, display_step<N>()};
}

/// The mainnet genesis liquidity tiers (venues.md 10.1), without
/// open-interest scaling (set lower_cap, upper_cap, open_interest and
/// oracle_price on the model for it).
template <Number N>
[[nodiscard]] constexpr oi_scaled_margin<N> large_cap() noexcept {
  return oi_scaled_margin<N>::from_ppm(50'000, 600'000);
}
template <Number N>
[[nodiscard]] constexpr oi_scaled_margin<N> mid_cap() noexcept {
  return oi_scaled_margin<N>::from_ppm(100'000, 500'000);
}
template <Number N>
[[nodiscard]] constexpr oi_scaled_margin<N> long_tail() noexcept {
  return oi_scaled_margin<N>::from_ppm(200'000, 500'000);
}
template <Number N>
[[nodiscard]] constexpr oi_scaled_margin<N> safety() noexcept {
  return oi_scaled_margin<N>::from_ppm(1'000'000, 200'000);
}

/// An isolated subaccount from its equity e at the oracle price p, as the
/// docs state it: the position backed by e - (its PnL at p), so that its
/// equity at p is e. The PnL is rounded up (the margin down: the exchange's
/// side). Errors: the position's, non_positive_price, the number errors.
template <Number N>
[[nodiscard]] constexpr result<margined_position<N>> isolated(const position<N>& pos, std::type_identity_t<price<N>> oracle,
                                                              std::type_identity_t<money<N>> equity) noexcept {
  if (const auto v = validate(pos); !v) return failure{v.error()};
  if (!oracle.is_valid()) return failure{error_of(oracle.value())};
  if (!(oracle.value() > N{})) return failure{errc::non_positive_price};
  if (!equity.is_valid()) return failure{error_of(equity.value())};
  const money<N> m = equity - pnl<round::up>(pos, oracle);
  if (!m.is_valid()) return failure{error_of(m.value())};
  return margined_position<N>{pos, m, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::dydx

#endif  // SOLVENCY_VENUES_DYDX_HPP
