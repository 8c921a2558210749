// solvency/core/position.hpp: a position and what it is worth at a price.
//
// Functions in this header (R is the rounding direction of the result):
//
//   validate(pos)               errc for a non-positive size, price or
//                               multiplier, an invalid side or contract
//                               kind, or a size whose
//                               exposure is not exact at the number's scale
//   exposure<R>(pos)            contracts * multiplier: base units (linear,
//                               quanto) or face value in quote (inverse)
//   notional<R>(pos, mark)      size in the quote currency: exposure * mark
//                               (linear, quanto); the face value (inverse)
//   position_value<R>(pos, p)   value in the settlement currency at price p:
//                               exposure * p, or exposure / p for inverse
//   pnl<R>(pos, mark)           unrealised PnL in the settlement currency:
//                               side * exposure * (mark - entry), or for
//                               inverse side * exposure * (1/entry - 1/mark)
//
// Margin uses notional rounded up; equity uses PnL rounded down: pass the
// direction that favours the exchange's solvency at each call.
//
// Every result is the exact value rounded once: inverse PnL is computed as
// F * (mark - entry) / (entry * mark) on 192 bits, not as a difference of two
// rounded quotients.
#ifndef SOLVENCY_CORE_POSITION_HPP
#define SOLVENCY_CORE_POSITION_HPP

#include <solvency/config.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

namespace solvency::inline v1 {

template <Number N>
struct position {
  solvency::side side = solvency::side::long_;
  quantity<N> size{};  ///< contracts, greater than zero
  price<N> entry{};    ///< average entry price, greater than zero
  contract<N> spec{};

  friend constexpr bool operator==(const position&, const position&) = default;
};

/// Contracts times multiplier, rounded in direction R.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr N exposure(const position<N>& pos) noexcept {
  return mul<R>(pos.size.value(), pos.spec.multiplier);
}

/// Checks a position for the inputs every rule rejects.
template <Number N>
[[nodiscard]] constexpr result<void> validate(const position<N>& pos) noexcept {
  const N zero{};
  if (!solvency::is_valid(pos.side)) return failure{errc::invalid_argument};
  if (pos.spec.kind != contract_kind::linear && pos.spec.kind != contract_kind::inverse &&
      pos.spec.kind != contract_kind::quanto)
    return failure{errc::invalid_argument};
  if (!pos.size.is_valid()) return failure{error_of(pos.size.value())};
  if (!pos.entry.is_valid()) return failure{error_of(pos.entry.value())};
  if (!is_valid(pos.spec.multiplier)) return failure{error_of(pos.spec.multiplier)};
  if (!(pos.size.value() > zero) || !(pos.spec.multiplier > zero))
    return failure{errc::non_positive_quantity};
  if (!(pos.entry.value() > zero)) return failure{errc::non_positive_price};
  const N lo = exposure<round::toward_zero>(pos);
  if (!is_valid(lo)) return failure{error_of(lo)};
  if (number_traits<N>::exact && !(lo == exposure<round::away_from_zero>(pos)))
    return failure{errc::inexact};
  return {};
}

/// Value in the settlement currency at price p (p > 0 is the caller's check;
/// a zero price gives a division_by_zero error value for inverse contracts).
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> position_value(const position<N>& pos, price<N> p) noexcept {
  const N units = exposure<round::toward_zero>(pos);
  if (pos.spec.kind == contract_kind::inverse) return money<N>{div<R>(units, p.value())};
  return money<N>{mul<R>(units, p.value())};
}

/// Size in the quote currency at the mark.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> notional(const position<N>& pos, price<N> mark) noexcept {
  if (pos.spec.kind == contract_kind::inverse) return money<N>{exposure<round::toward_zero>(pos)};
  return position_value<R>(pos, mark);
}

/// Unrealised PnL at the mark, in the settlement currency.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> pnl(const position<N>& pos, price<N> mark) noexcept {
  const N units = exposure<round::toward_zero>(pos);
  const bool is_long = pos.side == side::long_;
  if (pos.spec.kind == contract_kind::inverse) {
    // side * F * (1/entry - 1/mark) = F * (mark - entry) / (entry * mark), one rounding
    const N move = is_long ? mark.value() - pos.entry.value() : pos.entry.value() - mark.value();
    return money<N>{muldiv2<R>(units, move, pos.entry.value(), mark.value())};
  }
  const N move = is_long ? mark.value() - pos.entry.value() : pos.entry.value() - mark.value();
  return money<N>{mul<R>(units, move)};
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_CORE_POSITION_HPP
