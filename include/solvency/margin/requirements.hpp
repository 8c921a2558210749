// solvency/margin/requirements.hpp: maintenance and initial margin amounts.
//
// Functions in this header, for a tier (margin_tier) or any MarginModel:
//
//   maintenance_margin(tier | model, ...)   max(notional x MMR - deduction, 0),
//                                           plus the fee to close when a
//                                           margin_convention says so
//   fee_to_close(conv, notional, bv)        the estimated fee to close: taker
//                                           fee x notional (on_value_at_price:
//                                           OKX, BitMEX) or x the bankruptcy
//                                           value bv (on_bankruptcy_value:
//                                           Bybit UTA); zero when excluded
//   initial_margin(tier | model, ...)       notional x IMR, or notional /
//                                           leverage for a chosen leverage
//   max_leverage(model, input)              the tier's maximum leverage
//   margin_input_at(pos, price, opts)       a position's size and value at a
//   margin_input_for(pos, mark, at, opts)   price; _for picks the mark or the
//                                           entry price per measure_at
//   position_maintenance_margin(...)        the above from a position
//   position_initial_margin(...)
//
// Rounding: every requirement rounds UP (the exchange's side); a deduction is
// subtracted exactly.
//
// Units: a requirement is in the currency of the notional it is given. From
// a position, margin_input_at values it in the settlement currency by default
// (position_value: quote for linear, coin for inverse, the settlement coin for
// quanto), which is what Binance COIN-M brackets and BitMEX risk limits use;
// value_currency::quote selects the quote notional instead. The size is in
// contracts by default (OKX tiers); size_unit::exposure gives contracts x
// multiplier (base units for linear: Deribit's BTC, Kraken levels in USD for
// inverse).
#ifndef SOLVENCY_MARGIN_REQUIREMENTS_HPP
#define SOLVENCY_MARGIN_REQUIREMENTS_HPP

#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <cstdint>

namespace solvency::inline v1 {

/// The unit of margin_input::size built from a position.
enum class size_unit : std::uint8_t {
  contracts,  ///< the position's size in contracts (OKX position tiers)
  exposure,   ///< contracts x multiplier: base units (linear, quanto) or face value (inverse)
};

/// The currency of margin_input::notional built from a position.
enum class value_currency : std::uint8_t {
  settlement,  ///< position_value: the currency margin is held in (default)
  quote,       ///< notional: the quote currency (the face value for inverse)
};

struct input_options {
  size_unit size = size_unit::contracts;
  value_currency value = value_currency::settlement;
};

namespace detail {
template <Number N>
[[nodiscard]] constexpr result<void> check_amount(money<N> m) noexcept {
  if (!m.is_valid()) return failure{error_of(m.value())};
  if (m.value() < N{}) return failure{errc::invalid_argument};
  return {};
}
template <Number N>
[[nodiscard]] constexpr result<money<N>> checked_money(money<N> m) noexcept {
  if (!m.is_valid()) return failure{error_of(m.value())};
  return m;
}
}  // namespace detail

// ============================================================================
// from a tier
// ============================================================================

/// notional x MMR (rounded up) - deduction, never below zero (a tier used
/// below its floor would go negative). Errors: invalid_argument for a
/// negative notional, the number error of an invalid one, overflow.
template <Number N>
[[nodiscard]] constexpr result<money<N>> maintenance_margin(const margin_tier<N>& t, money<N> notional) noexcept {
  if (const auto c = detail::check_amount(notional); !c) return failure{c.error()};
  const money<N> mm = mul<round::up>(notional, t.maintenance) - t.deduction;
  if (!mm.is_valid()) return failure{error_of(mm.value())};
  return mm.value() < N{} ? money<N>{} : mm;
}

/// The estimated fee to close under a convention: zero (excluded), taker fee
/// x notional (on_value_at_price), or taker fee x bankruptcy_value
/// (on_bankruptcy_value), rounded up. Errors: invalid_argument for a
/// negative fee rate or amount.
template <Number N>
[[nodiscard]] constexpr result<money<N>> fee_to_close(const margin_convention<N>& c, money<N> notional,
                                                      money<N> bankruptcy_value) noexcept {
  if (c.fee == close_fee::excluded) return money<N>{};
  if (!c.taker_fee.is_valid()) return failure{error_of(c.taker_fee.value())};
  if (c.taker_fee.value() < N{}) return failure{errc::invalid_argument};
  const money<N> base = c.fee == close_fee::on_value_at_price ? notional : bankruptcy_value;
  if (const auto ok = detail::check_amount(base); !ok) return failure{ok.error()};
  return detail::checked_money(mul<round::up>(base, c.taker_fee));
}

/// MM plus the fee to close when the convention includes it on the value at
/// the price. A convention on_bankruptcy_value needs the bankruptcy value:
/// use the overload that takes it (here: errc::invalid_argument).
template <Number N>
[[nodiscard]] constexpr result<money<N>> maintenance_margin(const margin_tier<N>& t, money<N> notional,
                                                            const margin_convention<N>& c) noexcept {
  if (c.fee == close_fee::on_bankruptcy_value) return failure{errc::invalid_argument};
  return maintenance_margin(t, notional, c, money<N>{});
}

/// MM plus the fee to close per the convention; bankruptcy_value is the
/// position's value at its bankruptcy price (read only for on_bankruptcy_value).
template <Number N>
[[nodiscard]] constexpr result<money<N>> maintenance_margin(const margin_tier<N>& t, money<N> notional,
                                                            const margin_convention<N>& c,
                                                            money<N> bankruptcy_value) noexcept {
  const result<money<N>> mm = maintenance_margin(t, notional);
  if (!mm) return mm;
  const result<money<N>> fee = fee_to_close(c, notional, bankruptcy_value);
  if (!fee) return fee;
  return detail::checked_money(*mm + *fee);
}

/// notional x IMR, rounded up: the initial margin at the tier's own rate.
template <Number N>
[[nodiscard]] constexpr result<money<N>> initial_margin(const margin_tier<N>& t, money<N> notional) noexcept {
  if (const auto c = detail::check_amount(notional); !c) return failure{c.error()};
  return detail::checked_money(mul<round::up>(notional, t.initial));
}

/// Whether a chosen leverage is allowed in this tier. Errors: the number
/// error of an invalid leverage, invalid_argument for leverage <= 0,
/// leverage_above_max above the tier's maximum.
template <Number N>
[[nodiscard]] constexpr result<void> check_leverage(const margin_tier<N>& t, rate<N> leverage) noexcept {
  if (!leverage.is_valid()) return failure{error_of(leverage.value())};
  if (!(leverage.value() > N{})) return failure{errc::invalid_argument};
  if (leverage > t.max_leverage) return failure{errc::leverage_above_max};
  return {};
}

/// notional / leverage, rounded up, for a leverage the tier allows.
template <Number N>
[[nodiscard]] constexpr result<money<N>> initial_margin(const margin_tier<N>& t, money<N> notional,
                                                        rate<N> leverage) noexcept {
  if (const auto c = detail::check_amount(notional); !c) return failure{c.error()};
  if (const auto c = check_leverage(t, leverage); !c) return failure{c.error()};
  return detail::checked_money(div<round::up>(notional, leverage));
}

// ============================================================================
// from a model
// ============================================================================

/// The model's tier for `in`, then maintenance_margin(tier, in.notional).
/// The input is already valued at the measuring price.
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> maintenance_margin(
    const M& model, const margin_input<typename M::number_type>& in) noexcept {
  return model.tier_for(in).and_then([&](const margin_tier<typename M::number_type>& t) {
    return maintenance_margin(t, in.notional);
  });
}
/// With the fee to close on the value at the price (or excluded).
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> maintenance_margin(
    const M& model, const margin_input<typename M::number_type>& in,
    const margin_convention<typename M::number_type>& c) noexcept {
  return model.tier_for(in).and_then([&](const margin_tier<typename M::number_type>& t) {
    return maintenance_margin(t, in.notional, c);
  });
}
/// With the fee to close, any convention.
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> maintenance_margin(
    const M& model, const margin_input<typename M::number_type>& in,
    const margin_convention<typename M::number_type>& c,
    money<typename M::number_type> bankruptcy_value) noexcept {
  return model.tier_for(in).and_then([&](const margin_tier<typename M::number_type>& t) {
    return maintenance_margin(t, in.notional, c, bankruptcy_value);
  });
}

/// notional x the tier's IMR.
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> initial_margin(
    const M& model, const margin_input<typename M::number_type>& in) noexcept {
  return model.tier_for(in).and_then([&](const margin_tier<typename M::number_type>& t) {
    return initial_margin(t, in.notional);
  });
}
/// notional / leverage, if the tier allows that leverage.
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> initial_margin(
    const M& model, const margin_input<typename M::number_type>& in,
    rate<typename M::number_type> leverage) noexcept {
  return model.tier_for(in).and_then([&](const margin_tier<typename M::number_type>& t) {
    return initial_margin(t, in.notional, leverage);
  });
}
/// The largest leverage the input's tier allows.
template <MarginModel M>
[[nodiscard]] constexpr result<rate<typename M::number_type>> max_leverage(
    const M& model, const margin_input<typename M::number_type>& in) noexcept {
  return model.tier_for(in).transform(
      [](const margin_tier<typename M::number_type>& t) { return t.max_leverage; });
}

// ============================================================================
// from a position
// ============================================================================

/// A position's size and value at price p, in the units `o` names (see the
/// banner). Errors: validate(pos)'s, non_positive_price for p <= 0, overflow.
template <Number N>
[[nodiscard]] constexpr result<margin_input<N>> margin_input_at(const position<N>& pos, price<N> p,
                                                               input_options o = {}) noexcept {
  if (const auto v = validate(pos); !v) return failure{v.error()};
  if (!p.is_valid()) return failure{error_of(p.value())};
  if (!(p.value() > N{})) return failure{errc::non_positive_price};
  const quantity<N> size = o.size == size_unit::contracts ? pos.size : quantity<N>{exposure<round::up>(pos)};
  const money<N> value = o.value == value_currency::settlement ? position_value<round::up>(pos, p)
                                                               : notional<round::up>(pos, p);
  if (!value.is_valid()) return failure{error_of(value.value())};
  return margin_input<N>{size, value};
}

/// The input at the price a convention measures maintenance at: the mark, or
/// the position's entry price (BitMEX's worked example, Bybit classic).
template <Number N>
[[nodiscard]] constexpr result<margin_input<N>> margin_input_for(const position<N>& pos, price<N> mark,
                                                                measure_at where, input_options o = {}) noexcept {
  return margin_input_at(pos, where == measure_at::entry ? pos.entry : mark, o);
}

/// A position's maintenance margin under a convention (measured at the mark
/// or the entry; the fee to close on the value at that price, or excluded).
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> position_maintenance_margin(
    const M& model, const position<typename M::number_type>& pos, price<typename M::number_type> mark,
    const margin_convention<typename M::number_type>& c = {}, input_options o = {}) noexcept {
  using N = typename M::number_type;
  return margin_input_for(pos, mark, c.maintenance_at, o).and_then([&](const margin_input<N>& in) {
    return maintenance_margin(model, in, c);
  });
}
/// The same with the position's bankruptcy value, for any convention.
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> position_maintenance_margin(
    const M& model, const position<typename M::number_type>& pos, price<typename M::number_type> mark,
    const margin_convention<typename M::number_type>& c, money<typename M::number_type> bankruptcy_value,
    input_options o = {}) noexcept {
  using N = typename M::number_type;
  return margin_input_for(pos, mark, c.maintenance_at, o).and_then([&](const margin_input<N>& in) {
    return maintenance_margin(model, in, c, bankruptcy_value);
  });
}

/// A position's initial margin at price p for a chosen leverage.
template <MarginModel M>
[[nodiscard]] constexpr result<money<typename M::number_type>> position_initial_margin(
    const M& model, const position<typename M::number_type>& pos, price<typename M::number_type> p,
    rate<typename M::number_type> leverage, input_options o = {}) noexcept {
  using N = typename M::number_type;
  return margin_input_at(pos, p, o).and_then([&](const margin_input<N>& in) {
    return initial_margin(model, in, leverage);
  });
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_MARGIN_REQUIREMENTS_HPP
