// solvency/liquidation/concepts.hpp: the vocabulary of liquidation prices.
//
// Types and concepts in this header:
//
//   price_state             whether a solved price exists: at a price, never
//                           (no positive price triggers it) or always (every
//                           positive price does)
//   solved_price<N>         a price_state and, when it is at_price, the price
//   tick_rounding<L, S>     how a solved price is rounded to the venue's tick:
//                           direction L for a long, S for a short
//   conservative_rounding   the library default: a long's price up, a short's
//                           down, so liquidation comes no later than the exact
//                           price and closing at the bankruptcy price never
//                           needs fund money
//   uniform_rounding<R>     one direction for both sides: how venues print
//                           (Binance docs: nearest; Bybit inverse: up)
//   PriceRounding           the concept the two templates above satisfy
//   margined_position<N>    a position and the margin that backs it
//   liquidation_convention  a margin_convention plus what the liquidation-price
//                           formulas of venues add: the margin model's input
//                           units, and Bybit UTA's extra margin net of the fee
//                           to close
#ifndef SOLVENCY_LIQUIDATION_CONCEPTS_HPP
#define SOLVENCY_LIQUIDATION_CONCEPTS_HPP

#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/rounding.hpp>

#include <cstdint>
#include <string_view>

namespace solvency::inline v1 {

/// Whether a solved price exists.
enum class price_state : std::uint8_t {
  at_price,  ///< the rule triggers at `value`, and at every price beyond it in the adverse direction
  never,     ///< no positive price triggers it (a long backed by more than its value)
  always,    ///< every positive price triggers it (equity short of the requirement wherever the price goes)
};

[[nodiscard]] constexpr std::string_view name(price_state s) noexcept {
  switch (s) {
    case price_state::at_price: return "at_price";
    case price_state::never: return "never";
    case price_state::always: return "always";
  }
  return "invalid";
}

/// A liquidation or bankruptcy price, or the reason there is none. `value`
/// is zero unless `state` is at_price, so a never or always answer can never
/// be mistaken for a price.
template <Number N>
struct solved_price {
  price_state state = price_state::never;
  price<N> value{};

  [[nodiscard]] static constexpr solved_price at(price<N> p) noexcept { return {price_state::at_price, p}; }
  [[nodiscard]] static constexpr solved_price never() noexcept { return {price_state::never, {}}; }
  [[nodiscard]] static constexpr solved_price always() noexcept { return {price_state::always, {}}; }

  [[nodiscard]] constexpr bool has_price() const noexcept { return state == price_state::at_price; }

  friend constexpr bool operator==(const solved_price& a, const solved_price& b) noexcept {
    return a.state == b.state && a.value == b.value;
  }
};

/// How a solved price is rounded to the venue's tick: Long for a long
/// position's price, Short for a short's.
template <RoundingMode Long, RoundingMode Short>
struct tick_rounding {
  using long_rounding = Long;
  using short_rounding = Short;
};

/// The library default. A long's liquidation price rounds up and a short's
/// down, so the position is liquidated no later than at the exact price; a
/// long's bankruptcy price rounds up and a short's down, so a close at it
/// never leaves a deficit.
using conservative_rounding = tick_rounding<round::up, round::down>;

/// One direction whatever the side, e.g. uniform_rounding<round::nearest_away>
/// for the two-decimal prices Binance's documentation prints, or
/// uniform_rounding<round::up> for Bybit's inverse prices (0.5 USD tick).
template <RoundingMode R>
using uniform_rounding = tick_rounding<R, R>;

template <class T>
concept PriceRounding = RoundingMode<typename T::long_rounding> && RoundingMode<typename T::short_rounding>;

static_assert(PriceRounding<conservative_rounding>);
static_assert(PriceRounding<uniform_rounding<round::nearest_away>>);

/// A position and the margin that backs it.
///
///   isolated: margin = the position's margin: initial margin plus margin
///             added, minus funding paid and margin removed
///   cross:    margin = wallet balance + the other positions' unrealised PnL
///             - their maintenance margin, all held fixed (Binance's
///             WB - TMM1 + UPNL1; the cross functions compute it)
///
/// extra_margin says how much of `margin` was added after the position
/// opened; only a convention with extra_margin_net_of_close_fee reads it.
template <Number N>
struct margined_position {
  position<N> pos{};
  money<N> margin{};
  money<N> extra_margin{};

  friend constexpr bool operator==(const margined_position&, const margined_position&) = default;
};

/// The choices the liquidation-price formulas of venues make differently.
template <Number N>
struct liquidation_convention {
  /// Where maintenance margin is measured, and whether and how the fee to
  /// close joins it (margin/concepts.hpp).
  margin_convention<N> margin{};
  /// The units of the margin model's input (margin/requirements.hpp): size in
  /// contracts or exposure; the notional in the settlement currency. An
  /// inverse contract's requirement must be in its settlement currency, so
  /// value_currency::quote is refused for it.
  input_options inputs{};
  /// Bybit UTA (venues.md 3.2, 4.1). The fee to close on the bankruptcy value
  /// was reserved out of the initial margin when the position opened, so it
  /// is not in `margin`; `margin` - `extra_margin` is the initial margin
  /// without that reserve. Extra margin lowers the bankruptcy price, and with
  /// it the fee charged there, so it backs the position only at
  /// extra / (1 - side x fee) (linear, quanto) or extra / (1 + side x fee)
  /// (inverse): Bybit's published formulas. Requires close_fee::on_bankruptcy_value.
  bool extra_margin_net_of_close_fee = false;

  /// Maintenance measured at `where` (the mark, i.e. at the answer, or the
  /// entry), no fee to close, size in `unit`: what most venues publish.
  [[nodiscard]] static constexpr liquidation_convention measured_at(measure_at where,
                                                                    size_unit unit = size_unit::contracts) noexcept {
    return {{where, close_fee::excluded, rate<N>{}}, {unit, value_currency::settlement}, false};
  }
  /// Maintenance measured at `where` plus the estimated fee to close, charged
  /// as `fee` says at `taker_fee`; `net_of_fee` for Bybit UTA's extra margin.
  [[nodiscard]] static constexpr liquidation_convention with_close_fee(measure_at where, close_fee fee,
                                                                       rate<N> taker_fee,
                                                                       bool net_of_fee = false) noexcept {
    return {{where, fee, taker_fee}, {size_unit::contracts, value_currency::settlement}, net_of_fee};
  }

  friend constexpr bool operator==(const liquidation_convention& a, const liquidation_convention& b) noexcept {
    return a.margin == b.margin && a.inputs.size == b.inputs.size && a.inputs.value == b.inputs.value &&
           a.extra_margin_net_of_close_fee == b.extra_margin_net_of_close_fee;
  }
};

}  // namespace solvency::inline v1

#endif  // SOLVENCY_LIQUIDATION_CONCEPTS_HPP
