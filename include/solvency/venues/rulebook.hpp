// solvency/venues/rulebook.hpp: the bundle every venue preset is.
//
// A host names its rules once, as one flat value (DESIGN.md principle 2):
//
//   auto rb = venues::binance_usdm::btcusdt<dec>();           // a venue preset
//   auto mp = venues::binance_usdm::isolated(pos, wallet);     // the venue's margin
//   result<solved_price<dec>> lp = venues::liquidation_price(rb, mp);
//   result<solved_price<dec>> shown = venues::liquidation_price<venues::as_displayed>(rb, mp);
//
// Types, concepts and functions in this header:
//
//   rulebook<M, Display>    the bundle: the number type, the margin model M (any
//                           MarginModel: a run-time table view, a static table,
//                           a flat rate), the liquidation_convention, the
//                           venue's price tick, and how the venue prints prices
//                           (Display rounding to display_step) beside the
//                           library's conservative default
//   Rulebook                the concept every bundle satisfies
//   as_displayed            asks a function for the venue's display rounding
//   cents<N>()              0.01, the display step most venues use
//   liquidation_price(rb, mp), bankruptcy_price(rb, mp)
//                           one position, conservative to the tick by default
//   cross_liquidation_prices(rb, acct, marks, out), cross_bankruptcy_prices
//                           every position of a cross account (liquidation/cross.hpp)
//   maintenance_margin(rb, mp, p), initial_margin(rb, pos, p)
//                           the requirement the prices solve for, at a price
//   at_leverage(rb, pos, leverage, extra)
//                           a position opened at a leverage its tier allows:
//                           margin = entry value / leverage + extra
//
// The bundle is a plain aggregate of named members, so later families (a
// waterfall, an ADL policy) join it as more members; venue headers
// (venues/<venue>.hpp) build one with the venue's conventions filled in.
//
// Rounding: every price is solved exactly, bracketed from the exchange's side,
// then rounded once to a step: by default conservatively (a long's price up,
// a short's down: liquidation no later than the exact price, a close at the
// bankruptcy price never needs fund money) to the venue's `tick`; with
// as_displayed in the venue's own direction to `display_step` (Binance's
// documentation: nearest cent; Bybit inverse: up to 0.5 USD); with any other
// PriceRounding in that direction to `tick`. A step of zero keeps every digit
// of the number type.
#ifndef SOLVENCY_VENUES_RULEBOOK_HPP
#define SOLVENCY_VENUES_RULEBOOK_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/liquidation/cross.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/numeric/rounding.hpp>

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace solvency::inline v1 {

namespace venues {

/// A venue's rules as one value. M is any MarginModel; Display is how the
/// venue prints prices (direction), display_step the step it prints them to.
template <MarginModel M, PriceRounding Display = conservative_rounding>
struct rulebook {
  using number_type = typename M::number_type;
  using margin_model = M;
  using display_rounding = Display;

  std::string_view venue{};                     ///< a readable name, for reports
  M model{};                                    ///< maintenance and initial margin
  liquidation_convention<number_type> convention{};  ///< where MM is measured, the fee to close, input units
  price_delta<number_type> tick{};              ///< the venue's price tick (zero: every digit)
  price_delta<number_type> display_step{};      ///< the step the venue prints prices to (zero: every digit)
};

/// A rulebook: the types and members above, whatever else it holds.
template <class R>
concept Rulebook = requires {
  typename R::number_type;
  typename R::margin_model;
  typename R::display_rounding;
} && Number<typename R::number_type> && MarginModel<typename R::margin_model> &&
    std::same_as<typename R::margin_model::number_type, typename R::number_type> &&
    PriceRounding<typename R::display_rounding> && requires(const R& rb) {
      { rb.model } -> std::convertible_to<const typename R::margin_model&>;
      { rb.convention } -> std::convertible_to<const liquidation_convention<typename R::number_type>&>;
      { rb.tick } -> std::convertible_to<price_delta<typename R::number_type>>;
      { rb.display_step } -> std::convertible_to<price_delta<typename R::number_type>>;
    };

static_assert(Rulebook<rulebook<flat_margin<dec>>>);
static_assert(Rulebook<rulebook<flat_margin<double>, uniform_rounding<round::nearest_away>>>);

/// Pass as the rounding of a rulebook function to get the price as the venue
/// prints it: its display direction, to its display step.
struct as_displayed {};

/// A rounding a rulebook function accepts: any PriceRounding (to the tick) or
/// as_displayed (the venue's own, to its display step).
template <class T>
concept PriceRequest = PriceRounding<T> || std::same_as<T, as_displayed>;

}  // namespace venues

namespace detail::venue {

template <class Request, class R>
struct rounding_of {
  using type = Request;
};
template <class R>
struct rounding_of<venues::as_displayed, R> {
  using type = typename R::display_rounding;
};
/// The PriceRounding a request means for rulebook R.
template <class Request, class R>
using rounding_t = typename rounding_of<Request, R>::type;

/// The step a request rounds to.
template <class Request, venues::Rulebook R>
[[nodiscard]] constexpr price_delta<typename R::number_type> step_of(const R& rb) noexcept {
  if constexpr (std::same_as<Request, venues::as_displayed>)
    return rb.display_step;
  else
    return rb.tick;
}

/// units x 10^-places: exact in a decimal that holds it, the correctly
/// rounded nearest double otherwise. How the venue headers write published
/// figures generically (a consteval literal cannot be generic).
template <Number N>
[[nodiscard]] constexpr N num(std::int64_t units, int places = 0) noexcept {
  std::int64_t p = 1;
  for (int i = 0; i < places; ++i) p *= 10;
  return places == 0 ? from_int<N>(units) : div<round::nearest_even>(from_int<N>(units), from_int<N>(p));
}

}  // namespace detail::venue

namespace venues {

/// One cent (0.01), the step most venues print prices to.
template <Number N>
[[nodiscard]] constexpr price_delta<N> cents() noexcept {
  return price_delta<N>{detail::venue::num<N>(1, 2)};
}

// ============================================================================
// one position
// ============================================================================

/// The liquidation price of `mp` under the rulebook: equity meets the
/// maintenance requirement of the tier holding the notional at that price
/// (liquidation/price.hpp). Conservative to rb.tick by default.
template <PriceRequest Rounding = conservative_rounding, Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<solved_price<N>> liquidation_price(
    const R& rb, const std::type_identity_t<margined_position<N>>& mp) noexcept {
  return solvency::liquidation_price<detail::venue::rounding_t<Rounding, R>>(mp, rb.model, rb.convention,
                                                                            detail::venue::step_of<Rounding>(rb));
}

/// The bankruptcy price of `mp` under the rulebook: equity exhausted (or equal
/// to the fee to close where the convention charges it on the bankruptcy
/// value and holds it in the margin). Conservative to rb.tick by default.
template <PriceRequest Rounding = conservative_rounding, Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<solved_price<N>> bankruptcy_price(
    const R& rb, const std::type_identity_t<margined_position<N>>& mp) noexcept {
  return solvency::bankruptcy_price<detail::venue::rounding_t<Rounding, R>>(mp, rb.convention,
                                                                           detail::venue::step_of<Rounding>(rb));
}

/// The maintenance requirement of `mp` at price p under the rulebook's
/// convention (measured at p or at the entry, plus the fee to close where the
/// venue charges it): the right-hand side of the liquidation equation.
template <Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<money<N>> maintenance_margin(const R& rb,
                                                            const std::type_identity_t<margined_position<N>>& mp,
                                                            std::type_identity_t<price<N>> p) noexcept {
  return maintenance_requirement(mp, p, rb.model, rb.convention);
}

/// The initial margin of `pos` valued at price p at its tier's initial rate,
/// in the rulebook's input units.
template <Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<money<N>> initial_margin(const R& rb, const std::type_identity_t<position<N>>& pos,
                                                        std::type_identity_t<price<N>> p) noexcept {
  return margin_input_at(pos, p, rb.convention.inputs).and_then([&](const margin_input<N>& in) {
    return solvency::initial_margin(rb.model, in);
  });
}

/// A position opened at `leverage`: margin = its value at the entry /
/// leverage (rounded up), plus `extra` (margin added later; negative for
/// funding paid out of the position margin), recorded as extra_margin too
/// (read by Bybit's unified-account convention only). The leverage must be
/// one the tier at the entry value allows. Errors: the position's, the
/// model's, invalid_argument for leverage <= 0, leverage_above_max, the
/// number error of an invalid extra.
template <Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<margined_position<N>> at_leverage(const R& rb,
                                                                 const std::type_identity_t<position<N>>& pos,
                                                                 std::type_identity_t<rate<N>> leverage,
                                                                 std::type_identity_t<money<N>> extra = {}) noexcept {
  if (!extra.is_valid()) return failure{error_of(extra.value())};
  const result<isolated_position<N>> iso = open_isolated(rb.model, pos, leverage, rb.convention.inputs);
  if (!iso) return failure{iso.error()};
  const money<N> m = iso->margin + extra;
  if (!m.is_valid()) return failure{error_of(m.value())};
  return margined_position<N>{pos, m, extra};
}

// ============================================================================
// a cross account
// ============================================================================

/// Every liquidation price of a cross account, each position moved alone
/// with the others at their marks, one model (rb.model) for all positions.
/// Errors and output as solvency::cross_liquidation_prices.
template <PriceRequest Rounding = conservative_rounding, Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<void> cross_liquidation_prices(
    const R& rb, const std::type_identity_t<account_view<N>>& acct,
    std::type_identity_t<std::span<const price<N>>> marks,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return solvency::cross_liquidation_prices<detail::venue::rounding_t<Rounding, R>>(
      acct, marks, rb.model, rb.convention, detail::venue::step_of<Rounding>(rb), out);
}

/// The same with a model per position (a callable models(i), e.g.
/// per_position(span)): one table per contract, the rulebook's convention
/// and step for all.
template <PriceRequest Rounding = conservative_rounding, Rulebook R, class Ms, Number N = typename R::number_type>
  requires AccountModels<Ms, N>
[[nodiscard]] constexpr result<void> cross_liquidation_prices(
    const R& rb, const Ms& models, const std::type_identity_t<account_view<N>>& acct,
    std::type_identity_t<std::span<const price<N>>> marks,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return solvency::cross_liquidation_prices<detail::venue::rounding_t<Rounding, R>>(
      acct, marks, models, rb.convention, detail::venue::step_of<Rounding>(rb), out);
}

/// Every bankruptcy price of a cross account (the account's equity
/// exhausted, the others at their marks).
template <PriceRequest Rounding = conservative_rounding, Rulebook R, Number N = typename R::number_type>
[[nodiscard]] constexpr result<void> cross_bankruptcy_prices(
    const R& rb, const std::type_identity_t<account_view<N>>& acct,
    std::type_identity_t<std::span<const price<N>>> marks,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return solvency::cross_bankruptcy_prices<detail::venue::rounding_t<Rounding, R>>(
      acct, marks, rb.convention, detail::venue::step_of<Rounding>(rb), out);
}

}  // namespace venues
}  // namespace solvency::inline v1

#endif  // SOLVENCY_VENUES_RULEBOOK_HPP
