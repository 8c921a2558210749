// solvency/venues/deribit.hpp: Deribit futures and perpetuals under standard
// margin: inverse BTC and ETH contracts (margin in coin) and linear USDC ones.
//
// Sources (venues.md 9): https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual,
// https://support.deribit.com/hc/en-us/articles/25944826427293-11-January-2022,
// the legacy rule on test.deribit.com.
//
// Conventions composed here:
//   margin model   rates linear in the position's size in coin (since
//                  2022-01-11): BTC IM 2% + 0.005% per BTC, MM 1% + 0.005% per
//                  BTC; ETH 2% / 1% + 0.0004% per ETH; SOL_USDC 4% / 2% +
//                  0.0005% per SOL; margin = value x rate, in coin for
//                  inverse contracts, in USDC for linear ones
//   measured at    the mark; no fee in the requirement (the liquidation fee
//                  is an extra charge on liquidation trades)
//   linear USDC    the size is in base units, fixed: size_linear_margin over
//                  size_unit::exposure, one rate for the position
//   inverse        the size in coin is the position's value at the mark,
//                  x = F / P, so the rate moves with the price and MM =
//                  x (b + k x) is quadratic in it, which the tier solver
//                  (affine per tier) cannot take whole. coin_margin charges,
//                  on each size_step bucket of x (1 coin by default), the
//                  chord of that curve: continuous, exact at whole steps
//                  (every published example), never below Deribit's MM and
//                  above it by at most k step^2 / 4 (1.25e-5 BTC for BTC)
//   margin         the account's equity (cross, one currency): wallet
//                  balance, the position's PnL added by the solver
//   display        not documented: nearest, to the tick
//
// Verified (tests/unit/venues/deribit.cpp): DB-1..DB-6 and DB-8 (rates, coin
// and USDC amounts), DB-7 (DERIVED: the page was cut off).
// Not verified: the incremental liquidation (small slices until MM < equity)
// is a process, not a price; the estimated liquidation price the API reports
// (estimated_liquidation_ratio x mark) has no published example; the
// liquidation fee schedule was not re-checked (FLAG); Deribit publishes no
// cap on the linear rates and none is applied.
#ifndef SOLVENCY_VENUES_DERIBIT_HPP
#define SOLVENCY_VENUES_DERIBIT_HPP

#include <solvency/config.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/venues/rulebook.hpp>

#include <type_traits>

namespace solvency::inline v1::venues::deribit {

/// Not documented: nearest, to the display step (the tick by default).
using display_rounding = uniform_rounding<round::nearest_away>;

/// Deribit's requirement for an INVERSE contract, whose size in coin is its
/// value x at the measuring price: MM = x (b + k x), quadratic in x. On each
/// bucket ((j - 1) step, j step] of x the model charges the chord of that
/// curve between the bucket's ends: a tier with rate b + k step (2j - 1) and
/// deduction k step^2 j (j - 1), i.e. MM = x rate - deduction. The curve is
/// convex, so the chord is never below it; it meets it at every whole step
/// and is continuous across buckets, above it by at most k step^2 / 4
/// (1.25e-5 BTC for BTC with a step of 1). A MarginModel tiered by the
/// notional (the value in coin), so the liquidation solver walks the buckets
/// as the price moves. The initial rate is the line's at the bucket's top
/// (never below Deribit's). Errors: those of the lines, invalid_argument for
/// a size_step <= 0.
template <Number N>
struct coin_margin {
  using number_type = N;
  size_linear_margin<N> lines{};
  N size_step = from_int<N>(1);

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    if (!is_valid(size_step)) return failure{error_of(size_step)};
    if (!(size_step > N{})) return failure{errc::invalid_argument};
    if (!in.notional.is_valid()) return failure{error_of(in.notional.value())};
    if (in.notional.value() < N{}) return failure{errc::invalid_argument};
    const N x = in.notional.value();
    // the bucket's ends: the smallest multiple of the step at or above x
    // (the first bucket for x = 0), and one step below it
    N top = round_to_multiple<round::up>(x, size_step);
    if (!is_valid(top)) return failure{error_of(top)};
    if (!(top > N{})) top = size_step;
    const N low = top - size_step;
    const result<margin_tier<N>> hi = lines.tier_for(margin_input<N>{quantity<N>{top}, in.notional});
    if (!hi) return hi;
    const result<margin_tier<N>> lo = lines.tier_for(margin_input<N>{quantity<N>{low}, in.notional});
    if (!lo) return lo;
    const N m_hi = hi->maintenance.value(), m_lo = lo->maintenance.value();
    margin_tier<N> t = *hi;  // the initial rate and leverage at the top
    // chord through (low, low m_lo) and (top, top m_hi): rate rounded up,
    // deduction down, so MM only rounds up
    t.maintenance = rate<N>{div<round::up>(mul<round::up>(top, m_hi) - mul<round::down>(low, m_lo), size_step)};
    t.deduction = money<N>{muldiv<round::down>(top, mul<round::down>(low, m_hi - m_lo), size_step)};
    t.lower = low;
    t.upper = top;
    t.unbounded = false;
    t.upper_inclusive = true;
    for (const N v : {t.maintenance.value(), t.deduction.value()})
      if (!is_valid(v)) return failure{error_of(v)};
    return t;
  }
};
static_assert(MarginModel<coin_margin<dec>>);
static_assert(MarginModel<coin_margin<double>>);

/// BTC futures and perpetuals (and BTC_USDC): IM 2% + 0.005% per BTC, MM 1%
/// + 0.005% per BTC (since 2022-01-11).
template <Number N>
[[nodiscard]] constexpr size_linear_margin<N> btc_lines() noexcept {
  using detail::venue::num;
  return {rate<N>{num<N>(2, 2)}, rate<N>{num<N>(5, 5)}, rate<N>{num<N>(1, 2)}, rate<N>{num<N>(5, 5)}};
}
/// ETH: IM 2% + 0.0004% per ETH, MM 1% + 0.0004% per ETH.
template <Number N>
[[nodiscard]] constexpr size_linear_margin<N> eth_lines() noexcept {
  using detail::venue::num;
  return {rate<N>{num<N>(2, 2)}, rate<N>{num<N>(4, 6)}, rate<N>{num<N>(1, 2)}, rate<N>{num<N>(4, 6)}};
}
/// SOL_USDC: IM 4% + 0.0005% per SOL, MM 2% + 0.0005% per SOL.
template <Number N>
[[nodiscard]] constexpr size_linear_margin<N> sol_usdc_lines() noexcept {
  using detail::venue::num;
  return {rate<N>{num<N>(4, 2)}, rate<N>{num<N>(5, 6)}, rate<N>{num<N>(2, 2)}, rate<N>{num<N>(5, 6)}};
}

/// Inverse: MM at the mark on the value in coin; the model's notional is
/// that value.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> inverse_convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark);
}
/// Linear USDC: MM at the mark; the model's size is the position in base
/// units (contracts x multiplier).
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> linear_convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark, size_unit::exposure);
}

template <Number N>
using inverse_rulebook = venues::rulebook<coin_margin<N>, display_rounding>;
template <Number N>
using linear_rulebook = venues::rulebook<size_linear_margin<N>, display_rounding>;

/// An inverse rulebook (BTC-PERPETUAL, ETH-PERPETUAL, inverse futures).
template <Number N>
[[nodiscard]] constexpr inverse_rulebook<N> make_inverse(size_linear_margin<N> lines, price_delta<N> tick = {},
                                                        N size_step = from_int<N>(1)) noexcept {
  return {"Deribit inverse", coin_margin<N>{lines, size_step}, inverse_convention<N>(), tick, tick};
}
/// A linear USDC rulebook (BTC_USDC, SOL_USDC, ...).
template <Number N>
[[nodiscard]] constexpr linear_rulebook<N> make_linear(size_linear_margin<N> lines, price_delta<N> tick = {}) noexcept {
  return {"Deribit linear USDC", lines, linear_convention<N>(), tick, tick};
}

/// BTC inverse futures and perpetuals (BTC-PERPETUAL: 10 USD per contract).
template <Number N>
[[nodiscard]] constexpr inverse_rulebook<N> btc_inverse(price_delta<N> tick = {}) noexcept {
  return make_inverse(btc_lines<N>(), tick);
}
/// ETH inverse futures and perpetuals.
template <Number N>
[[nodiscard]] constexpr inverse_rulebook<N> eth_inverse(price_delta<N> tick = {}) noexcept {
  return make_inverse(eth_lines<N>(), tick);
}
/// BTC_USDC linear perpetual.
template <Number N>
[[nodiscard]] constexpr linear_rulebook<N> btc_usdc(price_delta<N> tick = {}) noexcept {
  return make_linear(btc_lines<N>(), tick);
}
/// SOL_USDC linear perpetual.
template <Number N>
[[nodiscard]] constexpr linear_rulebook<N> sol_usdc(price_delta<N> tick = {}) noexcept {
  return make_linear(sol_usdc_lines<N>(), tick);
}

/// The position backed by the account's balance in its margin currency
/// (standard margin is cross per currency: with one position, the balance is
/// its margin; the solver adds the position's own PnL).
template <Number N>
[[nodiscard]] constexpr margined_position<N> account(const position<N>& pos, std::type_identity_t<money<N>> balance) noexcept {
  return {pos, balance, {}};
}

static_assert(Rulebook<inverse_rulebook<dec>>);
static_assert(Rulebook<linear_rulebook<double>>);

}  // namespace solvency::inline v1::venues::deribit

#endif  // SOLVENCY_VENUES_DERIBIT_HPP
