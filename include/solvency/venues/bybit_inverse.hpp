// solvency/venues/bybit_inverse.hpp: Bybit inverse perpetuals (BTCUSD, ...),
// under the unified account (UTA) and the pre-UTA pages.
//
// Sources (venues.md 4): "Liquidation Price Calculation under Isolated Mode
// (Unified Trading Account)"
// (https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account,
// current and 2024-09 versions, the fee term via a third-party
// transcription), the pre-UTA cross page (help.bybit.com 360039261334), the
// pre-UTA isolated formulas implied by Bybit's ADL example.
//
// Conventions composed here (Q = contracts x 1 USD, values in coin):
//   margin model   risk limits with an MM deduction, by position value in
//                  coin (Q / mark), cap-inclusive
//   unified        MM = PV MMR - ded + estimated fee to close at the mark (at
//                  the answer), the fee on the bankruptcy value reserved out
//                  of the initial margin, extra margin net of it:
//                    LP_long  = Q (MMR + 1) / (Q/E + Q/E/lev + Extra/(1 + fee) + ded)
//                    LP_short = Q (1 - MMR) / (Q/E - Q/E/lev - Extra/(1 - fee) - ded)
//   classic isolated  MM on the ENTRY value, no fee (pre-UTA):
//                    LP_long = E lev / (lev + 1 - MMR lev), BP = E lev / (lev +/- 1)
//   classic cross  MM on the entry value plus the taker fee (0.075%) on the
//                  bankruptcy value; the position backed by account balance
//                  minus order margin:
//                    BP_long = (1 + fee) Q / (Q/E + AB - OM)
//   display        Bybit's published inverse long liquidation and bankruptcy
//                  prices are the exact value rounded UP to the 0.5 USD tick;
//                  the same direction is used for shorts (not stated)
//
// Verified (tests/unit/venues/bybit_inverse.cpp): the three formulas on
// generated positions, and the up-to-0.5 display on derived examples.
// Not verified: venues.md has no published Bybit inverse liquidation price
// (no test vector); the fee term of the UTA formula comes from a third-party
// transcription; the short side's display direction is not stated; the short
// classic-cross BP formula comes from a Bybit clone's page. No default risk
// limit table is published in venues.md: build one with risk_limit_model.
#ifndef SOLVENCY_VENUES_BYBIT_INVERSE_HPP
#define SOLVENCY_VENUES_BYBIT_INVERSE_HPP

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

namespace solvency::inline v1::venues::bybit_inverse {

/// Up to the 0.5 USD tick (published long prices; shorts assumed alike).
using display_rounding = uniform_rounding<round::up>;
template <Number N>
[[nodiscard]] constexpr price_delta<N> display_step() noexcept {
  return price_delta<N>{detail::venue::num<N>(5, 1)};
}

/// The unified account: MM at the mark plus the taker fee on the bankruptcy
/// value, extra margin net of it.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> unified_convention(rate<N> taker_fee) noexcept {
  return liquidation_convention<N>::with_close_fee(measure_at::mark, close_fee::on_bankruptcy_value, taker_fee, true);
}
/// Pre-UTA isolated: MM on the entry value, no fee.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> classic_isolated_convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::entry);
}
/// Pre-UTA cross: MM on the entry value plus the taker fee on the bankruptcy
/// value, held in the margin (so the bankruptcy price leaves exactly the fee).
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> classic_cross_convention(rate<N> taker_fee) noexcept {
  return liquidation_convention<N>::with_close_fee(measure_at::entry, close_fee::on_bankruptcy_value, taker_fee);
}
/// The pre-UTA cross page's taker fee: 0.075%.
template <Number N>
[[nodiscard]] constexpr rate<N> classic_taker_fee() noexcept {
  return rate<N>{detail::venue::num<N>(75, 5)};
}

template <Number N>
using rulebook = venues::rulebook<tiered_with_deduction<N>, display_rounding>;

template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_unified(
    M model, rate<typename M::number_type> taker_fee, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Bybit inverse (UTA)", model, unified_convention<N>(taker_fee), tick, display_step<N>()};
}
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_classic_isolated(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Bybit inverse (classic isolated)", model, classic_isolated_convention<N>(), tick, display_step<N>()};
}
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_classic_cross(
    M model, rate<typename M::number_type> taker_fee, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Bybit inverse (classic cross)", model, classic_cross_convention<N>(taker_fee), tick, display_step<N>()};
}

/// The margin model over risk limits in coin as the API returns them,
/// converted into `buffer` (caller-owned, outliving the model).
template <Number N>
[[nodiscard]] constexpr result<tiered_with_deduction<N>> risk_limit_model(
    std::span<const bybit_risk_limit<N>> limits, std::span<tier_row<N>> buffer) noexcept {
  return tiers_from(limits, buffer).transform([](const tier_table_view<N>& v) {
    return tiered_with_deduction<N>{v, tier_basis::notional};
  });
}

/// BTCUSD and the other inverse perpetuals: 1 USD per contract.
template <Number N>
[[nodiscard]] constexpr contract<N> usd_contract() noexcept {
  return inverse_contract(from_int<N>(1));
}

/// Position margin: Q / E / leverage in coin (rounded up) + extra margin,
/// for a leverage the risk limit at the entry value allows.
template <Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<margined_position<N>> position_margin(const R& rb,
                                                                     const std::type_identity_t<position<N>>& pos,
                                                                     std::type_identity_t<rate<N>> leverage,
                                                                     std::type_identity_t<money<N>> extra = {}) noexcept {
  return at_leverage(rb, pos, leverage, extra);
}

/// Pre-UTA cross: the position backed by the account balance less the order
/// margin (the page's AB - OM). Exact.
template <Number N>
[[nodiscard]] constexpr margined_position<N> classic_cross(const position<N>& pos,
                                                           std::type_identity_t<money<N>> account_balance,
                                                           std::type_identity_t<money<N>> order_margin) noexcept {
  return {pos, account_balance - order_margin, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::bybit_inverse

#endif  // SOLVENCY_VENUES_BYBIT_INVERSE_HPP
