// solvency/core/quantities.hpp: price, quantity, money and rate as types.
//
// Types in this header (each over any Number N):
//
//   price<N>        a level on the price axis (an affine point): two prices
//                   cannot be added, only subtracted
//   price_delta<N>  a distance between prices: price - price
//   quantity<N>     a size in contracts or base units
//   money<N>        an amount in a currency (the contract's settlement currency)
//   rate<N>         a dimensionless ratio: margin rates, fee rates, leverage
//
// Only the operations with a meaning compile:
//
//   price - price -> price_delta     price +/- price_delta -> price
//   quantity, money, price_delta, rate: +, -, unary -, with their own kind
//   mul<R>(quantity, price)       -> money      (notional)
//   mul<R>(quantity, price_delta) -> money      (PnL of a move)
//   mul<R>(money, rate)           -> money      (margin, fee)
//   mul<R>(quantity, rate)        -> quantity   (a slice of a position)
//   mul<R>(price_delta, rate), mul<R>(price, rate) -> price_delta
//   mul<R>(rate, rate)            -> rate
//   div<R>(money, quantity)       -> price_delta (money per unit of size)
//   div<R>(money, price)          -> quantity   (value in base units)
//   div<R>(money, money)          -> rate       (a ratio of amounts)
//   div<R>(money, rate)           -> money      (notional / leverage)
//   div<R>(price_delta, price)    -> rate       (a relative move)
//
// and nothing else: `price + price`, `mul(money, money)` or `quantity + money`
// are compile errors (tests/compile_fail and tests/static prove it).
#ifndef SOLVENCY_CORE_QUANTITIES_HPP
#define SOLVENCY_CORE_QUANTITIES_HPP

#include <solvency/config.hpp>
#include <solvency/numeric/number.hpp>

#include <compare>

namespace solvency::inline v1 {

namespace detail {
/// The shared shape of the strong types: a wrapped Number, its value and
/// same-kind comparisons. Arithmetic is added per type.
template <class Derived, Number N>
class strong_value {
 public:
  using number_type = N;
  constexpr strong_value() noexcept = default;
  constexpr explicit strong_value(N v) noexcept : v_(v) {}
  [[nodiscard]] constexpr N value() const noexcept { return v_; }
  [[nodiscard]] constexpr bool is_valid() const noexcept { return solvency::is_valid(v_); }

  [[nodiscard]] friend constexpr bool operator==(Derived a, Derived b) noexcept {
    return a.value() == b.value();
  }
  [[nodiscard]] friend constexpr auto operator<=>(Derived a, Derived b) noexcept {
    return a.value() <=> b.value();
  }

 public:
  // Public only so that the kinds are structural types (usable as template
  // arguments); read it through value().
  N v_{};
};

/// +, - and unary - within one kind (a vector-like quantity).
template <class Derived, Number N>
class additive : public strong_value<Derived, N> {
 public:
  using strong_value<Derived, N>::strong_value;
  [[nodiscard]] friend constexpr Derived operator+(Derived a, Derived b) noexcept {
    return Derived{a.value() + b.value()};
  }
  [[nodiscard]] friend constexpr Derived operator-(Derived a, Derived b) noexcept {
    return Derived{a.value() - b.value()};
  }
  [[nodiscard]] friend constexpr Derived operator-(Derived a) noexcept {
    return Derived{-a.value()};
  }
  constexpr Derived& operator+=(Derived b) noexcept {
    auto& self = static_cast<Derived&>(*this);
    return self = self + b;
  }
  constexpr Derived& operator-=(Derived b) noexcept {
    auto& self = static_cast<Derived&>(*this);
    return self = self - b;
  }
};
}  // namespace detail

template <Number N>
class price_delta : public detail::additive<price_delta<N>, N> {
 public:
  using detail::additive<price_delta<N>, N>::additive;
};

template <Number N>
class price : public detail::strong_value<price<N>, N> {
 public:
  using detail::strong_value<price<N>, N>::strong_value;
  /// The level `d` above zero (converts a distance back to a point).
  [[nodiscard]] static constexpr price from_delta(price_delta<N> d) noexcept {
    return price{d.value()};
  }
  [[nodiscard]] friend constexpr price_delta<N> operator-(price a, price b) noexcept {
    return price_delta<N>{a.value() - b.value()};
  }
  [[nodiscard]] friend constexpr price operator+(price a, price_delta<N> d) noexcept {
    return price{a.value() + d.value()};
  }
  [[nodiscard]] friend constexpr price operator+(price_delta<N> d, price a) noexcept {
    return price{a.value() + d.value()};
  }
  [[nodiscard]] friend constexpr price operator-(price a, price_delta<N> d) noexcept {
    return price{a.value() - d.value()};
  }
};

namespace detail {
/// What is wrong with a price that must be valid and positive: its error
/// value's code, non_positive_price, or errc{} when nothing is.
template <Number N>
[[nodiscard]] constexpr errc price_error(price<N> p) noexcept {
  if (!p.is_valid()) return error_of(p.value());
  if (!(p.value() > N{})) return errc::non_positive_price;
  return errc{};
}
}  // namespace detail

template <Number N>
class quantity : public detail::additive<quantity<N>, N> {
 public:
  using detail::additive<quantity<N>, N>::additive;
};

template <Number N>
class money : public detail::additive<money<N>, N> {
 public:
  using detail::additive<money<N>, N>::additive;
};

template <Number N>
class rate : public detail::additive<rate<N>, N> {
 public:
  using detail::additive<rate<N>, N>::additive;
};

template <Number N>
price(N) -> price<N>;
template <Number N>
price_delta(N) -> price_delta<N>;
template <Number N>
quantity(N) -> quantity<N>;
template <Number N>
money(N) -> money<N>;
template <Number N>
rate(N) -> rate<N>;

// --- products and ratios with a meaning -------------------------------------
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> mul(quantity<N> q, price<N> p) noexcept {
  return money<N>{mul<R>(q.value(), p.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> mul(quantity<N> q, price_delta<N> d) noexcept {
  return money<N>{mul<R>(q.value(), d.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> mul(money<N> m, rate<N> r) noexcept {
  return money<N>{mul<R>(m.value(), r.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr quantity<N> mul(quantity<N> q, rate<N> r) noexcept {
  return quantity<N>{mul<R>(q.value(), r.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr price_delta<N> mul(price_delta<N> d, rate<N> r) noexcept {
  return price_delta<N>{mul<R>(d.value(), r.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr price_delta<N> mul(price<N> p, rate<N> r) noexcept {
  return price_delta<N>{mul<R>(p.value(), r.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr rate<N> mul(rate<N> a, rate<N> b) noexcept {
  return rate<N>{mul<R>(a.value(), b.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr price_delta<N> div(money<N> m, quantity<N> q) noexcept {
  return price_delta<N>{div<R>(m.value(), q.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr quantity<N> div(money<N> m, price<N> p) noexcept {
  return quantity<N>{div<R>(m.value(), p.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr rate<N> div(money<N> a, money<N> b) noexcept {
  return rate<N>{div<R>(a.value(), b.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> div(money<N> m, rate<N> r) noexcept {
  return money<N>{div<R>(m.value(), r.value())};
}
template <RoundingMode R, Number N>
[[nodiscard]] constexpr rate<N> div(price_delta<N> d, price<N> p) noexcept {
  return rate<N>{div<R>(d.value(), p.value())};
}

/// A price rounded to the venue's tick in direction R.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr price<N> round_to_tick(price<N> p, price_delta<N> tick) noexcept {
  return price<N>{round_to_multiple<R>(p.value(), tick.value())};
}
/// A size rounded to the venue's lot in direction R.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr quantity<N> round_to_lot(quantity<N> q, quantity<N> lot) noexcept {
  return quantity<N>{round_to_multiple<R>(q.value(), lot.value())};
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_CORE_QUANTITIES_HPP
