// solvency/venues/bybit_linear.hpp: Bybit USDT/USDC linear perpetuals, under
// the classic account's pages and the Unified Trading Account's (UTA).
//
// Sources (venues.md 3): "Liquidation Price (USDT Contract)"
// (https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract),
// the older help.bybit.com 900000181046, "Trading Rules: Liquidation Process"
// (https://www.bybit.com/en/help-center/article/UTA-Trading-Rules, read via a
// third-party transcription), "Bankruptcy Price"
// (https://www.bybit.com/en/help-center/article/Bankruptcy-Price-Perpetual-and-Expiry-Contracts),
// the risk-limit API (GET /v5/market/risk-limit).
//
// Conventions composed here:
//   margin model   risk limits with an MM deduction: MM = value x MMR - mmDeduction,
//                  tiered by position value, "<= riskLimitValue" (cap-inclusive)
//   classic        MM on the ENTRY value (IM = Q E / leverage, MM = Q E MMR - ded),
//                  no fee to close:
//                    LP = E -/+ (IM - MM)/Q -/+ Extra/Q
//   unified (UTA)  MM at the mark (at the answer) plus the estimated fee to
//                  close on the bankruptcy value, which was reserved out of the
//                  initial margin; extra margin counts net of that fee:
//                    LP_long  = (E Q - E Q/lev - Extra/(1 - fee) - ded) / (Q - Q MMR)
//                    LP_short = (E Q + E Q/lev + Extra/(1 + fee) + ded) / (Q + Q MMR)
//   position margin  Q E / leverage + extra margin; funding paid out of the
//                  position margin enters as negative extra margin
//   bankruptcy     BP = E (1 -/+ 1/leverage) with no extra margin
//   display        BY-L6 is printed to the cent (36,380.25 from 36,380.2503):
//                  nearest; the page does not say which direction
//
// Verified by published numbers (tests/unit/venues/bybit_linear.cpp): BY-L1..BY-L5
// (classic), BY-L6, BY-L7 (UTA price and MM with the fee), BY-L8 (bankruptcy),
// BY-M1 (the BTCUSDT deductions), BY-I1 (freqtrade's classic values).
// Not verified: BY-L9 (the UTA short mirror) has no published number (FLAG);
// the UTA page was read through a transcription. A cross UTA position's
// liquidation price is "an estimate" per Bybit, and its fee to close on the
// bankruptcy value has no per-position bankruptcy price to be charged on:
// the cross functions refuse that convention (errc::invalid_argument).
#ifndef SOLVENCY_VENUES_BYBIT_LINEAR_HPP
#define SOLVENCY_VENUES_BYBIT_LINEAR_HPP

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

namespace solvency::inline v1::venues::bybit_linear {

/// BY-L6 is printed to the cent, nearest.
using display_rounding = uniform_rounding<round::nearest_away>;
template <Number N>
[[nodiscard]] constexpr price_delta<N> display_step() noexcept {
  return cents<N>();
}

/// The classic pages: MM on the entry value, no fee to close.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> classic_convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::entry);
}
/// The unified account: MM at the mark plus the taker fee on the bankruptcy
/// value, extra margin net of that fee.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> unified_convention(rate<N> taker_fee) noexcept {
  return liquidation_convention<N>::with_close_fee(measure_at::mark, close_fee::on_bankruptcy_value, taker_fee, true);
}
/// The taker fee of the UTA page's worked example (BY-L6): 0.055%.
template <Number N>
[[nodiscard]] constexpr rate<N> example_taker_fee() noexcept {
  return rate<N>{detail::venue::num<N>(55, 5)};
}

template <Number N>
using rulebook = venues::rulebook<tiered_with_deduction<N>, display_rounding>;

/// A classic-account rulebook over any margin model.
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_classic(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Bybit linear (classic)", model, classic_convention<N>(), tick, display_step<N>()};
}
/// A unified-account rulebook over any margin model, with the taker fee
/// Bybit estimates the close with.
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_unified(
    M model, rate<typename M::number_type> taker_fee, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Bybit linear (UTA)", model, unified_convention<N>(taker_fee), tick, display_step<N>()};
}

/// The margin model over risk limits as the API returns them, converted into
/// `buffer` (caller-owned, outliving the model). Errors: those of tiers_from.
template <Number N>
[[nodiscard]] constexpr result<tiered_with_deduction<N>> risk_limit_model(
    std::span<const bybit_risk_limit<N>> limits, std::span<tier_row<N>> buffer) noexcept {
  return tiers_from(limits, buffer).transform([](const tier_table_view<N>& v) {
    return tiered_with_deduction<N>{v, tier_basis::notional};
  });
}

/// BTCUSDT risk limits, the API snapshot of venues.md 3.1 (third-party
/// capture): 2M ... 10M USDT, MMR 0.5% ... 1.3%, deductions 0 ... 46,000 as
/// stated (BY-M1: the recurrence gives each).
template <Number N>
[[nodiscard]] constexpr std::array<bybit_risk_limit<N>, 9> btcusdt_risk_limit_rows() noexcept {
  using detail::venue::num;
  constexpr std::array<std::int64_t, 9> value{2'000'000, 2'600'000, 3'200'000, 3'800'000, 4'400'000,
                                              5'000'000, 5'600'000, 8'500'000, 10'000'000};
  constexpr std::array<std::int64_t, 9> mmr_per_10k{50, 56, 63, 67, 71, 77, 91, 100, 130};
  constexpr std::array<std::int64_t, 9> imr_per_10k{100, 111, 125, 133, 143, 154, 182, 200, 222};
  constexpr std::array<std::int64_t, 9> lev{100, 90, 80, 75, 70, 65, 55, 50, 45};
  constexpr std::array<std::int64_t, 9> ded{0, 1'200, 3'020, 4'300, 5'820, 8'460, 15'460, 20'500, 46'000};
  std::array<bybit_risk_limit<N>, 9> r{};
  for (std::size_t i = 0; i < r.size(); ++i)
    r[i] = {num<N>(value[i]), num<N>(mmr_per_10k[i], 4), num<N>(imr_per_10k[i], 4), num<N>(lev[i]), num<N>(ded[i]), true};
  return r;
}
template <Number N>
inline constexpr fixed_tier_table<N, 9> btcusdt_risk_limits = tiers_from(btcusdt_risk_limit_rows<N>()).value();

/// BTCUSDT under the classic pages, over the snapshot.
template <Number N>
[[nodiscard]] constexpr rulebook<N> btcusdt_classic(price_delta<N> tick = {}) noexcept {
  return make_classic(tiered_with_deduction<N>{btcusdt_risk_limits<N>.view().value(), tier_basis::notional}, tick);
}
/// BTCUSDT under the unified account, over the snapshot, with a taker fee.
template <Number N>
[[nodiscard]] constexpr rulebook<N> btcusdt_unified(rate<N> taker_fee, price_delta<N> tick = {}) noexcept {
  return make_unified(tiered_with_deduction<N>{btcusdt_risk_limits<N>.view().value(), tier_basis::notional}, taker_fee,
                      tick);
}

/// Position margin the Bybit way: Q E / leverage (rounded up) + extra margin,
/// for a leverage the risk limit at the entry value allows. Errors as
/// venues::at_leverage (leverage_above_max above the tier's maximum).
template <Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<margined_position<N>> position_margin(const R& rb,
                                                                     const std::type_identity_t<position<N>>& pos,
                                                                     std::type_identity_t<rate<N>> leverage,
                                                                     std::type_identity_t<money<N>> extra = {}) noexcept {
  return at_leverage(rb, pos, leverage, extra);
}

/// Funding paid out of the position margin (payment > 0; received: < 0):
/// Bybit counts it as negative extra margin (BY-L3: 200 USDT paid moves a
/// 50x long's liquidation price from 19,700 to 19,900).
template <Number N>
[[nodiscard]] constexpr margined_position<N> pay_funding(margined_position<N> mp,
                                                         std::type_identity_t<money<N>> payment) noexcept {
  mp.margin -= payment;
  mp.extra_margin -= payment;
  return mp;
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::bybit_linear

#endif  // SOLVENCY_VENUES_BYBIT_LINEAR_HPP
