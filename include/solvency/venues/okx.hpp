// solvency/venues/okx.hpp: OKX perpetual and expiry swaps, USDT-margined
// (linear) and coin-margined (inverse).
//
// Sources (venues.md 6): "Tiered maintenance margin ratio rules"
// (https://www.okx.com/help/v-tiered-maintenance-margin-ratio-rules) and its
// rewrites, the position-tiers API (GET /api/v5/public/position-tiers), the
// 1INCHUSDT tier announcement of 2022-06-09, the old OKEx help text (copy in
// bradkyle/Qenv), freqtrade's OKX implementation and tests.
//
// Conventions composed here:
//   margin model   position tiers in CONTRACTS, the whole position at its
//                  tier's rate, no deduction (tiered_whole_position by size);
//                  integer ranges minSz..maxSz (cap-inclusive). Cross mode
//                  tiers on the total contracts of one underlying.
//   measured at    the mark; liquidation when the margin ratio reaches 100%,
//                  i.e. equity = position value x (MMR + taker fee)
//   fee to close   the taker fee rate on the value at the price, added to MMR
//   reduces to     linear (q = ctVal |N| ctMult base units):
//                    LP_long = (E - M/q) / (1 - MMR - fee), LP_short = (E + M/q) / (1 + MMR + fee)
//                  inverse (q = ctVal |N| USD):
//                    LP_long = q (1 + MMR + fee) / (M + q/E), LP_short = q (1 - MMR - fee) / (q/E - M)
//   margin         isolated: the position's margin (value / leverage at
//                  opening, plus margin added); cross: the cross functions
//   display        not documented: nearest, to the tick
//
// Verified (tests/unit/venues/okx.cpp): OKX-I1 (freqtrade's isolated values,
// to 1e-13), OKX-1 (the old OKEx margin-ratio example at 9,010).
// Not verified: no OKX-published liquidation price could be retrieved; the
// formula is DERIVED from the margin ratio (OKX-2, 9,144.02, is derived).
// The partial liquidation to lower tiers (tier 3 and above) is not composed.
// The 1INCHUSDT tiers below are the announcement's first four rows only.
#ifndef SOLVENCY_VENUES_OKX_HPP
#define SOLVENCY_VENUES_OKX_HPP

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

#include <array>
#include <span>
#include <type_traits>

namespace solvency::inline v1::venues::okx {

/// Not documented: nearest, to the display step (the tick by default).
using display_rounding = uniform_rounding<round::nearest_away>;

/// MM at the mark, the taker fee on the value at the price joining MMR;
/// tiers in contracts.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> convention(rate<N> taker_fee) noexcept {
  return liquidation_convention<N>::with_close_fee(measure_at::mark, close_fee::on_value_at_price, taker_fee);
}

template <Number N>
using rulebook = venues::rulebook<tiered_whole_position<N>, display_rounding>;

/// An OKX rulebook over any margin model (position tiers by contracts,
/// usually), with the taker fee of the margin ratio.
template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_rulebook(
    M model, rate<typename M::number_type> taker_fee, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"OKX", model, convention<N>(taker_fee), tick, tick};
}

/// The margin model over position tiers as the API returns them (contracts),
/// converted into `buffer` (caller-owned, outliving the model). Errors: those
/// of tiers_from (minSz not the previous maxSz or one more, ...).
template <Number N>
[[nodiscard]] constexpr result<tiered_whole_position<N>> position_tier_model(
    std::span<const okx_position_tier<N>> tiers, std::span<tier_row<N>> buffer) noexcept {
  return tiers_from(tiers, buffer).transform([](const tier_table_view<N>& v) {
    return tiered_whole_position<N>{v, tier_basis::size};
  });
}

/// 1INCHUSDT swap position tiers (announcement 2022-06-09, venues.md 6.1),
/// the four rows printed: T1 0-1,000 contracts 1.0% / 1.3% 75x, T2 ... 2,500
/// 1.5% / 2.0% 50x, T3 ... 65,000 2.0% / 5.0% 20x, T4 ... 130,000 2.5% / 5.5% 18.18x.
template <Number N>
[[nodiscard]] constexpr std::array<okx_position_tier<N>, 4> one_inch_usdt_swap_rows() noexcept {
  using detail::venue::num;
  return {{{num<N>(0), num<N>(1'000), num<N>(1, 2), num<N>(13, 3), num<N>(75)},
           {num<N>(1'001), num<N>(2'500), num<N>(15, 3), num<N>(2, 2), num<N>(50)},
           {num<N>(2'501), num<N>(65'000), num<N>(2, 2), num<N>(5, 2), num<N>(20)},
           {num<N>(65'001), num<N>(130'000), num<N>(25, 3), num<N>(55, 3), num<N>(1818, 2)}}};
}
template <Number N>
inline constexpr fixed_tier_table<N, 4> one_inch_usdt_swap = tiers_from(one_inch_usdt_swap_rows<N>()).value();

/// 1INCHUSDT swap over the announcement's tiers, with a taker fee.
template <Number N>
[[nodiscard]] constexpr rulebook<N> one_inch_usdt(rate<N> taker_fee, price_delta<N> tick = {}) noexcept {
  return make_rulebook(tiered_whole_position<N>{one_inch_usdt_swap<N>.view().value(), tier_basis::size}, taker_fee, tick);
}

/// A USDT-margined swap: ctVal x ctMult base units per contract.
template <Number N>
[[nodiscard]] constexpr contract<N> linear_swap(N ct_val, N ct_mult = from_int<N>(1)) noexcept {
  return linear_contract(mul<round::down>(ct_val, ct_mult));
}
/// A coin-margined swap: ctVal USD per contract (BTC-USD-SWAP: 100).
template <Number N>
[[nodiscard]] constexpr contract<N> inverse_swap(N ct_val) noexcept {
  return inverse_contract(ct_val);
}

/// Isolated: the position backed by its margin.
template <Number N>
[[nodiscard]] constexpr margined_position<N> isolated(const position<N>& pos, std::type_identity_t<money<N>> margin) noexcept {
  return {pos, margin, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::okx

#endif  // SOLVENCY_VENUES_OKX_HPP
