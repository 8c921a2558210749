// solvency/venues/binance_usdm.hpp: Binance USDⓈ-M futures (linear).
//
// Sources (venues.md 1): FAQ "How to Calculate Liquidation Price of USDⓈ-M
// Futures Contracts" (https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93),
// the leverage-bracket FAQ and API (GET /fapi/v1/leverageBracket), the 2019
// "Liquidation" article (word-for-word copy in bradkyle/Qenv), freqtrade's
// implementation and tests.
//
// Conventions composed here:
//   margin model   brackets with a maintenance amount ("cum"):
//                  MM = notional x MMR - cum, tiered by the notional at the
//                  mark, notionalFloor < notional <= notionalCap (cap-inclusive)
//   measured at    the mark, and for a liquidation price at that price: the
//                  bracket is the one holding the notional AT the answer
//   fee to close   not in the formula (a clearance fee is charged separately)
//   margin         isolated: the isolated wallet balance; cross: WB - TMM1 +
//                  UPNL1 (the other contracts' maintenance margin and PnL held
//                  fixed), which the cross functions compute
//   reduces to     LP = (WB - TMM1 + UPNL1 + cum - side Pos EP) / (Pos MMR - side Pos)
//   bankruptcy     not published as a formula: the same with MMR = cum = 0
//   display        the documentation prints prices to the cent, rounded to
//                  nearest from unrounded intermediates (BN-L2: 190.2926 -> 190.29)
//
// Verified by published numbers (tests/unit/venues/binance_usdm.cpp): BN-L1,
// BN-L2 (cross, 2 dp), BN-I1..BN-I4 (isolated, freqtrade's values), BN-M1..BN-M3
// (the maintenance-amount recurrence and the 2021 BTCUSDT table).
// Not verified: the current page's formula is an image; how the mark price it
// lists enters it could not be read (the transcription above reproduces every
// published example). The bankruptcy price is derived. Current clearance-fee
// rates were not retrieved. Hedge mode (both legs in one formula) is not
// composed here: use the margin family's hedge_margin.
#ifndef SOLVENCY_VENUES_BINANCE_USDM_HPP
#define SOLVENCY_VENUES_BINANCE_USDM_HPP

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

namespace solvency::inline v1::venues::binance_usdm {

/// How Binance's documentation prints prices: to the cent, nearest.
using display_rounding = uniform_rounding<round::nearest_away>;
template <Number N>
[[nodiscard]] constexpr price_delta<N> display_step() noexcept {
  return cents<N>();
}

/// Binance's convention: MM at the mark (at the answer), no fee to close.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark);
}

/// The rulebook over a run-time bracket table.
template <Number N>
using rulebook = venues::rulebook<tiered_with_deduction<N>, display_rounding>;

/// A Binance USDⓈ-M rulebook over any margin model (a bracket table, usually).
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_rulebook(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Binance USD-M", model, convention<N>(), tick, display_step<N>()};
}

/// A rulebook over brackets as the API returns them (GET /fapi/v1/leverageBracket),
/// converted into `buffer` (caller-owned, as long as `brackets`, outliving the
/// rulebook). Errors: those of tiers_from (brackets that do not tile, a cum the
/// recurrence does not give, rates that do not increase, ...).
template <Number N>
[[nodiscard]] constexpr result<rulebook<N>> from_brackets(std::span<const binance_bracket<N>> brackets,
                                                          std::span<tier_row<N>> buffer,
                                                          price_delta<N> tick = {}) noexcept {
  const result<tier_table_view<N>> v = tiers_from(brackets, buffer);
  if (!v) return failure{v.error()};
  return make_rulebook(tiered_with_deduction<N>{*v, tier_basis::notional}, tick);
}

/// The BTCUSDT brackets of 2021 (venues.md 1.1, from a reverse-engineered
/// calculator, not the current table): caps 50k ... 500M USDT, MMR 0.4% ...
/// 50%, cum 0 ... 100,016,300 (BN-M3: the recurrence gives every cum),
/// initial leverage 125 ... 1.
template <Number N>
[[nodiscard]] constexpr std::array<binance_bracket<N>, 10> btcusdt_2021_brackets() noexcept {
  using detail::venue::num;
  constexpr std::array<std::int64_t, 11> edge{0,          50'000,      250'000,     1'000'000,   10'000'000,  20'000'000,
                                              50'000'000, 100'000'000, 200'000'000, 300'000'000, 500'000'000};
  constexpr std::array<std::int64_t, 10> mmr_per_10k{40, 50, 100, 250, 500, 1000, 1250, 1500, 2500, 5000};
  constexpr std::array<std::int64_t, 10> cum{0,         50,        1'300,      16'300,     266'300,
                                             1'266'300, 2'516'300, 5'016'300, 25'016'300, 100'016'300};
  constexpr std::array<std::int64_t, 10> lev{125, 100, 50, 20, 10, 5, 4, 3, 2, 1};
  std::array<binance_bracket<N>, 10> b{};
  for (std::size_t i = 0; i < b.size(); ++i)
    b[i] = {num<N>(edge[i]), num<N>(edge[i + 1]), num<N>(mmr_per_10k[i], 4), num<N>(cum[i]), num<N>(lev[i])};
  return b;
}

/// The 2021 BTCUSDT table, checked when compiling (a stated cum that the
/// recurrence does not give would not compile).
template <Number N>
inline constexpr fixed_tier_table<N, 10> btcusdt_2021 = tiers_from(btcusdt_2021_brackets<N>()).value();

/// The BTCUSDT rulebook over the 2021 snapshot (a view of btcusdt_2021).
template <Number N>
[[nodiscard]] constexpr rulebook<N> btcusdt(price_delta<N> tick = {}) noexcept {
  return make_rulebook(tiered_with_deduction<N>{btcusdt_2021<N>.view().value(), tier_basis::notional}, tick);
}

/// The same snapshot as a template argument: no state, the table validated by
/// the compiler (decimal only: Clang 14 takes no floating-point template
/// arguments). Same answers as btcusdt<dec>().
[[nodiscard]] constexpr auto btcusdt_static(price_delta<dec> tick = {}) noexcept {
  return make_rulebook(static_tiered_with_deduction<btcusdt_2021<dec>>{}, tick);
}

/// Isolated margin: the position backed by its isolated wallet balance
/// (initial margin, plus margin added, minus margin removed).
template <Number N>
[[nodiscard]] constexpr margined_position<N> isolated(const position<N>& pos,
                                                      std::type_identity_t<money<N>> isolated_wallet_balance) noexcept {
  return {pos, isolated_wallet_balance, {}};
}

/// Cross margin from the formula's own variables: WB - TMM1 + UPNL1, where
/// TMM1 and UPNL1 are the maintenance margin and unrealised PnL of every
/// OTHER contract (a host that has them; cross_liquidation_prices computes
/// them from an account_view). Exact: no rounding.
template <Number N>
[[nodiscard]] constexpr margined_position<N> cross(const position<N>& pos, std::type_identity_t<money<N>> wallet_balance,
                                                   std::type_identity_t<money<N>> others_maintenance,
                                                   std::type_identity_t<money<N>> others_unrealized_pnl) noexcept {
  return {pos, wallet_balance - others_maintenance + others_unrealized_pnl, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::binance_usdm

#endif  // SOLVENCY_VENUES_BINANCE_USDM_HPP
