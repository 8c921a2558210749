// solvency/margin/concepts.hpp: what a margin model is.
//
// Concepts and vocabulary in this header:
//
//   MarginModel       a policy that, for a position's size and notional, names
//                     the tier in force: initial and maintenance rates, the
//                     maintenance deduction, the maximum leverage, and the
//                     range of the tier variable over which they hold
//   tier_basis        what selects the tier: the notional (Binance, Bybit,
//                     Hyperliquid) or the size (OKX contracts, Deribit, Kraken)
//   margin_input      the size and the notional a model is asked about
//   margin_tier       a model's answer
//   margin_convention the choices venues make differently: maintenance margin
//                     measured at the mark or at the entry value; the fee to
//                     close included or not, and how
//
// The requirement itself is  MM = notional x maintenance - deduction  (plus
// the fee to close where the convention says so), IM = notional x initial;
// margin/requirements.hpp computes them for any MarginModel.
#ifndef SOLVENCY_MARGIN_CONCEPTS_HPP
#define SOLVENCY_MARGIN_CONCEPTS_HPP

#include <solvency/config.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <concepts>
#include <cstdint>

namespace solvency::inline v1 {

/// What selects a model's tier.
enum class tier_basis : std::uint8_t {
  notional,  ///< the position's value at the measuring price: the tier can change with the price
  size,      ///< the position's size: the tier does not change with the price
};

/// What a margin model is asked about: both magnitudes, non-negative.
template <Number N>
struct margin_input {
  quantity<N> size{};  ///< absolute size, in the unit the model's table uses (contracts or base units)
  money<N> notional{}; ///< absolute value at the measuring price, in the table's currency
};

/// The tier in force for one input, and the range where it holds.
template <Number N>
struct margin_tier {
  rate<N> initial{};       ///< initial margin rate (IMR)
  rate<N> maintenance{};   ///< maintenance margin rate (MMR)
  money<N> deduction{};    ///< subtracted from notional x MMR ("cum", "mmDeduction"); zero if none
  rate<N> max_leverage{};  ///< the largest leverage this tier allows
  N lower{};               ///< the tier variable's range: from lower ...
  N upper{};               ///< ... to upper (ignored when unbounded)
  bool unbounded = true;   ///< no upper end
  bool upper_inclusive = true;  ///< the range holds `upper` (and not `lower`), else the reverse

  /// Whether the tier variable `x` lies in this tier's range.
  [[nodiscard]] constexpr bool contains(N x) const noexcept {
    const bool above_lower = upper_inclusive ? (x > lower || (lower == N{} && x == lower)) : x >= lower;
    if (!above_lower) return false;
    if (unbounded) return true;
    return upper_inclusive ? x <= upper : x < upper;
  }
};

/// A margin model: a small policy type with a `number_type`, a `basis()` and
/// `tier_for(input)`. Implementations: margin/models.hpp.
template <class M>
concept MarginModel = Number<typename M::number_type> &&
    requires(const M& m, const margin_input<typename M::number_type>& in) {
      { m.basis() } -> std::same_as<tier_basis>;
      { m.tier_for(in) } -> std::same_as<result<margin_tier<typename M::number_type>>>;
    };

/// Where maintenance margin is measured.
enum class measure_at : std::uint8_t {
  mark,   ///< notional at the mark (and, for a liquidation price, at that price): Binance, Bybit UTA, OKX, Hyperliquid, dYdX, Kraken
  entry,  ///< notional at the entry price: BitMEX's worked example, Bybit's classic pages
};

/// Whether and how the estimated fee to close joins the maintenance margin.
enum class close_fee : std::uint8_t {
  excluded,               ///< Binance, Hyperliquid, dYdX
  on_value_at_price,      ///< fee rate x notional at the price, i.e. MMR + fee (OKX, BitMEX)
  on_bankruptcy_value,    ///< fee rate x value at the bankruptcy price (Bybit UTA)
};

template <Number N>
struct margin_convention {
  measure_at maintenance_at = measure_at::mark;
  close_fee fee = close_fee::excluded;
  rate<N> taker_fee{};  ///< the fee rate used when `fee` is not excluded

  friend constexpr bool operator==(const margin_convention&, const margin_convention&) = default;
};

}  // namespace solvency::inline v1

#endif  // SOLVENCY_MARGIN_CONCEPTS_HPP
