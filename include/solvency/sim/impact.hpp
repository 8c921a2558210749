// solvency/sim/impact.hpp: how forced orders move the price.
//
// Models in this header (each over any Number N; all satisfy ImpactModel):
//
//   linear_impact<N>   each unit sold moves the price down by `slope` (and a
//                      unit bought, up): a permanent, linear impact that
//                      recovers by `resilience` of itself per step
//   sqrt_impact<N>     the square-root law: an order of size q moves the price
//                      by coefficient x reference x sqrt(q / scale), and
//                      recovers by `resilience` per step
//   order_book<N>      an explicit book of `levels` price levels `spacing`
//                      apart on each side, `depth` each, relative to the
//                      reference price; forced orders consume levels from the
//                      best outward and fill at each level's price; every step
//                      `refill` x depth x levels of new orders arrive, filling
//                      the emptied levels nearest the price first (so the
//                      price walks back level by level)
//   execution<N>       what one forced order got: size, average price, the
//                      displacement it left, whether it ran off the book
//   ImpactModel        the concept the simulator takes
//   isqrt(x)           the square root of a Number, exact to the last unit of a
//                      decimal (rounded down), no floating point
//
// Every model keeps a *displacement* from the exogenous reference price: the
// simulator's mark is reference + displacement. A sell (taker side short_)
// fills below the current mark and pushes the displacement down; a buy the
// reverse. Average prices are rounded against the taker (a sell's down, a
// buy's up): the forced seller never gets a better price than the book gives.
//
//   sim::order_book<dec> book{price_delta{5.0_dec}, quantity{20.0_dec}, 200, rate{0.05_dec}};
//   if (auto ok = book.validate(); !ok) ...;            // invalid_argument, negative_amount
//   auto ex = book.execute(side::short_, quantity{100.0_dec}, price{50000.0_dec});
//
// Errors: validate() gives negative_amount for a negative slope, coefficient
// or depth, invalid_argument for a rate outside [0, 1], a zero spacing or
// scale, or no levels; execute() gives non_positive_quantity for a size <= 0,
// non_positive_price for a reference <= 0, invalid_argument for a bad side.
#ifndef SOLVENCY_SIM_IMPACT_HPP
#define SOLVENCY_SIM_IMPACT_HPP

#include <solvency/config.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/numeric/rounding.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace solvency::inline v1::sim {

/// What one forced order got.
template <Number N>
struct execution {
  quantity<N> size{};             ///< the size filled (all of it: the book's last level backstops)
  price<N> average{};             ///< the average fill price, rounded against the taker
  price_delta<N> displacement{};  ///< the model's displacement after the order
  bool exhausted = false;         ///< the order ran past the book's last level
};

/// A market-impact model: it fills forced orders against a reference price,
/// keeps a displacement of the price, and recovers once per step.
/// `quote` is the average price `execute` would give, without executing
/// (the simulator asks it whether a close would fill above its bankruptcy
/// price once the fund is exhausted).
template <class I, class N>
concept ImpactModel = Number<N> && requires(I& m, const I& cm, side taker, quantity<N> q, price<N> ref) {
  { m.execute(taker, q, ref) } -> std::same_as<result<execution<N>>>;
  { cm.quote(taker, q, ref) } -> std::same_as<result<price<N>>>;
  { cm.displacement() } -> std::same_as<price_delta<N>>;
  { m.recover() } -> std::same_as<void>;
  { cm.validate() } -> std::same_as<result<void>>;
};

namespace detail {

template <Number N>
[[nodiscard]] constexpr bool is_unit_rate(rate<N> r) noexcept {
  return r.is_valid() && !(r.value() < N{}) && !(r.value() > from_int<N>(1));
}

template <Number N>
[[nodiscard]] constexpr result<void> check_order(side taker, quantity<N> q, price<N> ref) noexcept {
  if (!is_valid(taker)) return failure{errc::invalid_argument};
  if (!q.is_valid()) return failure{error_of(q.value())};
  if (!ref.is_valid()) return failure{error_of(ref.value())};
  if (!(q.value() > N{})) return failure{errc::non_positive_quantity};
  if (!(ref.value() > N{})) return failure{errc::non_positive_price};
  return {};
}

/// The displacement after one step of recovery: d x (1 - r), toward zero.
template <Number N>
[[nodiscard]] constexpr price_delta<N> recovered(price_delta<N> d, rate<N> r) noexcept {
  return d - price_delta<N>{mul<round::toward_zero>(d.value(), r.value())};
}

}  // namespace detail

/// The square root of x >= 0, rounded down to the number's last unit (a
/// decimal: the largest y with y x y <= x exactly; a double: std::sqrt).
/// A negative or invalid x gives an invalid_argument / the error value.
template <Number N>
[[nodiscard]] constexpr N isqrt(N x) noexcept {
  if constexpr (std::is_floating_point_v<N>) {
    return x < 0 ? std::numeric_limits<N>::quiet_NaN() : std::sqrt(x);
  } else {
    if (!is_valid(x)) return x;
    if (x < N{}) return N::error_value(errc::invalid_number);
    if (x == N{}) return x;
    // Integer Newton on the raw units, from above: y_{k+1} = floor((y +
    // floor(x / y)) / 2) decreases strictly until it reaches floor(sqrt(x))
    // (in units of the last digit), where it stops decreasing.
    const N two = from_int<N>(2);
    N y = x > from_int<N>(1) ? x : from_int<N>(1);
    for (int i = 0; i < 200; ++i) {
      const N next = div<round::down>(y + div<round::down>(x, y), two);
      if (!(next < y)) break;
      y = next;
    }
    return y;
  }
}

// ============================================================================
// linear
// ============================================================================

/// Every unit sold moves the price down by `slope` (price per unit of size);
/// the order fills at the midpoint of the move. Kyle's lambda.
template <Number N>
struct linear_impact {
  price_delta<N> slope{};  ///< price move per unit of size
  rate<N> resilience{};    ///< the fraction of the displacement recovered per step, in [0, 1]
  price_delta<N> moved{};  ///< the current displacement (state)

  [[nodiscard]] constexpr result<void> validate() const noexcept {
    if (!slope.is_valid()) return failure{error_of(slope.value())};
    if (slope.value() < N{}) return failure{errc::negative_amount};
    if (!detail::is_unit_rate(resilience)) return failure{errc::invalid_argument};
    return {};
  }
  [[nodiscard]] constexpr price_delta<N> displacement() const noexcept { return moved; }
  constexpr void recover() noexcept { moved = detail::recovered(moved, resilience); }

  [[nodiscard]] constexpr result<price<N>> quote(side taker, quantity<N> q, price<N> ref) const noexcept {
    linear_impact copy = *this;
    return copy.execute(taker, q, ref).transform([](const execution<N>& e) { return e.average; });
  }
  [[nodiscard]] constexpr result<execution<N>> execute(side taker, quantity<N> q, price<N> ref) noexcept {
    if (auto ok = detail::check_order(taker, q, ref); !ok) return failure{ok.error()};
    const bool sell = taker == side::short_;
    const price_delta<N> move{mul<round::up>(q.value(), slope.value())};
    const price_delta<N> half{div<round::up>(move.value(), from_int<N>(2))};
    const price<N> avg = sell ? ref + moved - half : ref + moved + half;
    moved = sell ? moved - move : moved + move;
    return execution<N>{q, avg, moved, false};
  }
};

// ============================================================================
// square root
// ============================================================================

/// The square-root law of meta-order impact: an order of size q moves the
/// price by coefficient x reference x sqrt(q / scale) (scale: the size that
/// moves it by `coefficient`, e.g. a day's volume) and fills on average two
/// thirds of the way along the move (the mean of sqrt over [0, q]).
template <Number N>
struct sqrt_impact {
  rate<N> coefficient{};   ///< the relative move of an order of size `scale`
  quantity<N> scale{};     ///< the size normalising the order
  rate<N> resilience{};    ///< the fraction recovered per step, in [0, 1]
  price_delta<N> moved{};  ///< the current displacement (state)

  [[nodiscard]] constexpr result<void> validate() const noexcept {
    if (!coefficient.is_valid()) return failure{error_of(coefficient.value())};
    if (!scale.is_valid()) return failure{error_of(scale.value())};
    if (coefficient.value() < N{}) return failure{errc::negative_amount};
    if (!(scale.value() > N{})) return failure{errc::invalid_argument};
    if (!detail::is_unit_rate(resilience)) return failure{errc::invalid_argument};
    return {};
  }
  [[nodiscard]] constexpr price_delta<N> displacement() const noexcept { return moved; }
  constexpr void recover() noexcept { moved = detail::recovered(moved, resilience); }

  [[nodiscard]] constexpr result<price<N>> quote(side taker, quantity<N> q, price<N> ref) const noexcept {
    sqrt_impact copy = *this;
    return copy.execute(taker, q, ref).transform([](const execution<N>& e) { return e.average; });
  }
  [[nodiscard]] constexpr result<execution<N>> execute(side taker, quantity<N> q, price<N> ref) noexcept {
    if (auto ok = detail::check_order(taker, q, ref); !ok) return failure{ok.error()};
    const bool sell = taker == side::short_;
    const N root = isqrt(div<round::up>(q.value(), scale.value()));
    const N rel = mul<round::up>(coefficient.value(), root);
    const price_delta<N> move{mul<round::up>(ref.value(), rel)};
    const price_delta<N> part{muldiv<round::up>(move.value(), from_int<N>(2), from_int<N>(3))};
    const price<N> avg = sell ? ref + moved - part : ref + moved + part;
    moved = sell ? moved - move : moved + move;
    if (!moved.is_valid() || !avg.is_valid()) return failure{errc::overflow};
    return execution<N>{q, avg, moved, false};
  }
};

// ============================================================================
// order book
// ============================================================================

/// An explicit book: on each side `levels` price levels `spacing` apart, the
/// best at the reference price, each `depth` deep. A forced sell consumes bid
/// levels from the best down and fills at each level's price; what runs past
/// the last level fills at it (a backstop: the liquidation engine's own
/// bid) and marks the execution `exhausted`. The mark sits at the first bid
/// (ask) level with depth left; each step refill x depth x levels of new
/// orders arrive per side, filling the emptied levels nearest the mark back
/// toward the best first, then the partly consumed ones beyond.
template <Number N>
class order_book {
 public:
  order_book() = default;
  order_book(price_delta<N> spacing, quantity<N> depth, std::size_t levels, rate<N> refill)
      : spacing_(spacing), depth_(depth), levels_(levels), refill_(refill),
        bids_(levels, depth.value()), asks_(levels, depth.value()) {}

  [[nodiscard]] result<void> validate() const noexcept {
    if (!spacing_.is_valid()) return failure{error_of(spacing_.value())};
    if (!depth_.is_valid()) return failure{error_of(depth_.value())};
    if (depth_.value() < N{}) return failure{errc::negative_amount};
    if (!(spacing_.value() > N{}) || !(depth_.value() > N{})) return failure{errc::invalid_argument};
    if (levels_ == 0) return failure{errc::invalid_argument};
    if (!detail::is_unit_rate(refill_)) return failure{errc::invalid_argument};
    return {};
  }

  [[nodiscard]] price_delta<N> spacing() const noexcept { return spacing_; }
  [[nodiscard]] quantity<N> depth() const noexcept { return depth_; }
  [[nodiscard]] std::size_t levels() const noexcept { return levels_; }
  [[nodiscard]] rate<N> refill() const noexcept { return refill_; }
  /// Depth left at bid (taker short_) or ask (taker long_) level k.
  [[nodiscard]] quantity<N> left(side book_side, std::size_t k) const noexcept {
    return quantity<N>{(book_side == side::long_ ? bids_ : asks_)[k]};
  }

  [[nodiscard]] price_delta<N> displacement() const noexcept {
    return price_delta<N>{mul<round::toward_zero>(spacing_.value(), from_int<N>(offset(asks_) - offset(bids_)))};
  }

  void recover() noexcept {
    // refill x depth x levels of new orders a side per step
    const N budget = mul<round::down>(mul<round::down>(depth_.value(), refill_.value()),
                                      from_int<N>(static_cast<std::int64_t>(levels_)));
    refill_side(bids_, bid_at_, budget);
    refill_side(asks_, ask_at_, budget);
    bid_at_ = scan(bids_);
    ask_at_ = scan(asks_);
  }

  [[nodiscard]] result<price<N>> quote(side taker, quantity<N> q, price<N> ref) const noexcept {
    return const_cast<order_book&>(*this).walk<false>(taker, q, ref).transform(
        [](const execution<N>& e) { return e.average; });
  }
  [[nodiscard]] result<execution<N>> execute(side taker, quantity<N> q, price<N> ref) noexcept {
    return walk<true>(taker, q, ref);
  }

 private:
  /// Walks the levels an order would take; Consume: takes them.
  template <bool Consume>
  [[nodiscard]] result<execution<N>> walk(side taker, quantity<N> q, price<N> ref) noexcept {
    if (auto ok = detail::check_order(taker, q, ref); !ok) return failure{ok.error()};
    const bool sell = taker == side::short_;
    std::vector<N>& book = sell ? bids_ : asks_;
    N left = q.value();
    N value{};
    bool exhausted = false;
    for (std::size_t k = first_nonempty(book); left > N{}; ++k) {
      const price_delta<N> off{mul<round::toward_zero>(spacing_.value(), from_int<N>(static_cast<std::int64_t>(
                                                                              k < levels_ ? k : levels_ - 1)))};
      const price<N> p = sell ? ref - off : ref + off;
      N take = left;
      if (k < levels_) {
        if (book[k] < take) take = book[k];
        if constexpr (Consume) book[k] -= take;
      } else {
        exhausted = true;  // past the last level: the backstop at the last level's price
        if (!(p.value() > N{})) return failure{errc::non_positive_price};
      }
      // the fill value rounded against the taker: a seller receives less
      value += sell ? mul<round::down>(take, p.value()) : mul<round::up>(take, p.value());
      left -= take;
      if (k >= levels_) break;
    }
    if constexpr (Consume) (sell ? bid_at_ : ask_at_) = scan(book);
    const price<N> avg{sell ? div<round::down>(value, q.value()) : div<round::up>(value, q.value())};
    if (!avg.is_valid()) return failure{errc::overflow};
    return execution<N>{q, avg, displacement(), exhausted};
  }

  // Levels are consumed from the best outward and refilled all together,
  // so the first level with depth left only moves out on an order and back
  // in on a refill: kept as a cursor per side, not searched.
  [[nodiscard]] std::size_t first_nonempty(const std::vector<N>& book) const noexcept {
    return &book == &bids_ ? bid_at_ : ask_at_;
  }
  [[nodiscard]] std::int64_t offset(const std::vector<N>& book) const noexcept {
    return static_cast<std::int64_t>(first_nonempty(book));
  }
  [[nodiscard]] static std::size_t scan(const std::vector<N>& book) noexcept {
    std::size_t k = 0;
    while (k < book.size() && !(book[k] > N{})) ++k;
    return k;
  }
  /// New orders arrive next to the price first: the emptied levels from the
  /// first one with depth back toward the best, each to full depth, then the
  /// partly consumed levels beyond it. The mark so walks back level by
  /// level, at about refill x levels levels per step.
  void refill_side(std::vector<N>& book, std::size_t at, N budget) noexcept {
    const std::size_t first = at < book.size() ? at : book.size();
    for (std::size_t k = first; k > 0 && budget > N{}; --k) budget = top_up(book[k - 1], budget);
    for (std::size_t k = first; k < book.size() && budget > N{}; ++k) budget = top_up(book[k], budget);
  }
  [[nodiscard]] N top_up(N& level, N budget) const noexcept {
    N need = depth_.value() - level;
    if (!(need > N{})) return budget;
    if (budget < need) need = budget;
    level += need;
    return budget - need;
  }

  price_delta<N> spacing_{};
  quantity<N> depth_{};
  std::size_t levels_ = 0;
  rate<N> refill_{};
  std::vector<N> bids_{};
  std::vector<N> asks_{};
  std::size_t bid_at_ = 0;
  std::size_t ask_at_ = 0;
};

static_assert(ImpactModel<linear_impact<dec>, dec>);
static_assert(ImpactModel<sqrt_impact<dec>, dec>);
static_assert(ImpactModel<order_book<dec>, dec>);
static_assert(ImpactModel<linear_impact<double>, double>);

}  // namespace solvency::inline v1::sim

#endif  // SOLVENCY_SIM_IMPACT_HPP
