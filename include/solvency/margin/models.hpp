// solvency/margin/models.hpp: the margin models venues use.
//
// Policies in this header (each satisfies MarginModel; `N` is the Number):
//
//   flat_margin<N>                    one initial and one maintenance rate for
//                                     every size: simple venues, test baselines
//   tiered_with_deduction<N>          a tier table over the notional, MM =
//   static_tiered_with_deduction<T>   notional x MMR - deduction: Binance
//                                     (USD-M and COIN-M), Bybit, Hyperliquid
//   tiered_whole_position<N>          a tier table, the whole position at its
//   static_tiered_whole_position<T>   tier's rate, no deduction; tiered by size
//                                     (contracts) by default: OKX, Kraken
//   stepped_risk_limit<N>             BitMEX risk limits: rates rise by one
//                                     base MM per step of position value
//   size_linear_margin<N>             rate = base + size x slope, separate IM
//                                     and MM lines: Deribit
//   oi_scaled_margin<N>               the initial fraction grows with the
//                                     market's open interest: dYdX v4
//
// The static_ forms take a fixed_tier_table as a template argument: the table
// is validated once, by the compiler, and costs nothing at run time. The
// run-time forms hold a tier_table_view (validated when it was made). Both
// call the same lookup, so they give identical answers.
//
// Every model returns the tier in force for a margin_input together with the
// range of the tier variable over which it holds (margin_tier::lower, upper,
// unbounded, upper_inclusive). Liquidation-price solvers walk tiers with it:
// the tier variable is input.notional for tier_basis::notional and input.size
// for tier_basis::size. Models whose rates change continuously with the size
// (size_linear_margin) report the single point [size, next value).
//
// Rounding: derived rates (BitMEX steps, Deribit lines, dYdX scaling, 1 /
// leverage) round so that margin is higher and leverage lower: rates up,
// maximum leverage down.
#ifndef SOLVENCY_MARGIN_MODELS_HPP
#define SOLVENCY_MARGIN_MODELS_HPP

#include <solvency/config.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/tier_table.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <type_traits>

namespace solvency::inline v1 {

namespace detail {

/// The first problem with a margin input: both magnitudes must be valid and
/// non-negative (zero is a flat position).
template <Number N>
[[nodiscard]] constexpr result<void> check_input(const margin_input<N>& in) noexcept {
  if (!in.size.is_valid()) return failure{error_of(in.size.value())};
  if (!in.notional.is_valid()) return failure{error_of(in.notional.value())};
  if (in.size.value() < N{}) return failure{errc::non_positive_quantity};
  if (in.notional.value() < N{}) return failure{errc::invalid_argument};
  return {};
}

/// The tier variable a basis selects.
template <Number N>
[[nodiscard]] constexpr N tier_variable(const margin_input<N>& in, tier_basis b) noexcept {
  return b == tier_basis::size ? in.size.value() : in.notional.value();
}

/// 1 / initial rate, rounded down: the leverage a rate allows.
template <Number N>
[[nodiscard]] constexpr rate<N> leverage_for(rate<N> initial) noexcept {
  return rate<N>{div<round::down>(from_int<N>(1), initial.value())};
}

/// The smallest value above x >= 0: the exclusive upper end of a one-point
/// range [x, next_up(x)).
template <Number N>
[[nodiscard]] constexpr N next_up(N x) noexcept {
  if constexpr (std::is_floating_point_v<N>) {
    if (!(x < std::numeric_limits<N>::max())) return x;
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x + 0.0) + 1u);  // + 0.0: -0 -> +0
  } else {
    return x + N::epsilon();
  }
}

/// A range holding every non-negative value.
template <Number N>
constexpr void whole_axis(margin_tier<N>& t) noexcept {
  t.lower = N{};
  t.upper = N{};
  t.unbounded = true;
  t.upper_inclusive = true;
}

/// The common lookup of the tiered models.
template <Number N>
[[nodiscard]] constexpr result<margin_tier<N>> tiered_lookup(std::span<const tier_row<N>> rows, cap_rule rule,
                                                             const margin_input<N>& in, tier_basis b,
                                                             bool with_deduction) noexcept {
  if (const auto c = check_input(in); !c) return failure{c.error()};
  return tier_rules<N>::find(rows, rule, tier_variable(in, b), with_deduction);
}

}  // namespace detail

// ============================================================================
// flat
// ============================================================================

/// One initial and one maintenance rate at every size. max leverage = 1 / IMR.
template <Number N>
struct flat_margin {
  using number_type = N;
  rate<N> initial{};
  rate<N> maintenance{};

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }
  /// Errors: the input's (see tiered_with_deduction), invalid_argument unless
  /// 0 < maintenance <= initial <= 1, or the rates' own number errors.
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    if (const auto c = detail::check_input(in); !c) return failure{c.error()};
    if (!initial.is_valid()) return failure{error_of(initial.value())};
    if (!maintenance.is_valid()) return failure{error_of(maintenance.value())};
    if (!(maintenance.value() > N{}) || !(initial >= maintenance) || !(initial.value() <= from_int<N>(1)))
      return failure{errc::invalid_argument};
    margin_tier<N> t;
    t.initial = initial;
    t.maintenance = maintenance;
    t.max_leverage = detail::leverage_for(initial);
    detail::whole_axis(t);
    return t;
  }
};
static_assert(MarginModel<flat_margin<dec>>);
static_assert(MarginModel<flat_margin<double>>);

// ============================================================================
// tiered, with a maintenance deduction (Binance, Bybit, Hyperliquid)
// ============================================================================

/// A tier table over the notional (by default): MM = notional x MMR -
/// deduction, continuous in the notional. The table is a validated view
/// (tier_table_view::make, fixed_tier_table::view, tiers_from).
///
/// tier_for errors: non_positive_quantity (negative size), invalid_argument
/// (negative notional), the number error of an invalid input, empty_table
/// (a default-constructed view).
template <Number N>
struct tiered_with_deduction {
  using number_type = N;
  tier_table_view<N> table{};
  tier_basis tiered_by = tier_basis::notional;

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tiered_by; }
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    return detail::tiered_lookup(table.rows(), table.rule(), in, tiered_by, true);
  }
};
static_assert(MarginModel<tiered_with_deduction<dec>>);
static_assert(MarginModel<tiered_with_deduction<double>>);

/// The same model over a table fixed at compile time (a template argument):
///
///   constexpr auto btcusdt = make_tier_table(std::array{...}).value();
///   using binance_btcusdt = static_tiered_with_deduction<btcusdt>;
///
/// An invalid table does not compile.
template <auto Table, tier_basis By = tier_basis::notional>
struct static_tiered_with_deduction {
  using table_type = std::remove_cvref_t<decltype(Table)>;
  using number_type = typename table_type::number_type;
  static_assert(Table.validate().has_value(),
                "static_tiered_with_deduction: invalid tier table (call validate() to see why)");
  // A copy of the template argument: run-time code reads this variable, not
  // the template parameter object (Clang 14 crashes generating code for the
  // latter's members).
  static constexpr table_type table = Table;

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return By; }
  [[nodiscard]] constexpr result<margin_tier<number_type>> tier_for(const margin_input<number_type>& in) const noexcept {
    return detail::tiered_lookup(std::span<const tier_row<number_type>>(table.rows), table.rule, in, By, true);
  }
};

// ============================================================================
// tiered, whole position at its tier's rate, no deduction (OKX, Kraken)
// ============================================================================

/// A tier table where the whole position pays its tier's rate: MM =
/// notional x MMR, with no deduction (OKX position tiers, Kraken levels), so
/// MM jumps at each boundary. Tiered by size by default: OKX contracts; choose
/// tier_basis::notional for a table in value. Errors as tiered_with_deduction.
template <Number N>
struct tiered_whole_position {
  using number_type = N;
  tier_table_view<N> table{};
  tier_basis tiered_by = tier_basis::size;

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tiered_by; }
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    return detail::tiered_lookup(table.rows(), table.rule(), in, tiered_by, false);
  }
};
static_assert(MarginModel<tiered_whole_position<dec>>);
static_assert(MarginModel<tiered_whole_position<double>>);

/// The same over a table fixed at compile time.
template <auto Table, tier_basis By = tier_basis::size>
struct static_tiered_whole_position {
  using table_type = std::remove_cvref_t<decltype(Table)>;
  using number_type = typename table_type::number_type;
  static_assert(Table.validate().has_value(),
                "static_tiered_whole_position: invalid tier table (call validate() to see why)");
  // A copy of the template argument: run-time code reads this variable, not
  // the template parameter object (Clang 14 crashes generating code for the
  // latter's members).
  static constexpr table_type table = Table;

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return By; }
  [[nodiscard]] constexpr result<margin_tier<number_type>> tier_for(const margin_input<number_type>& in) const noexcept {
    return detail::tiered_lookup(std::span<const tier_row<number_type>>(table.rows), table.rule, in, By, false);
  }
};

// ============================================================================
// stepped risk limits (BitMEX)
// ============================================================================

/// BitMEX risk limits (venues.md 7.1): with steps = 0 when value <=
/// base_limit, else ceil((value - base_limit) / step),
///
///   MM% = base_maintenance + steps x base_maintenance
///   IM% = base_initial     + steps x base_maintenance
///
/// A value exactly at a limit belongs to that limit's row (180 and 200 XBT:
/// 0 steps; 230 and 350 XBT with a 150 step: 1 step). The tier variable is
/// the position value (in the settlement currency for XBTUSD: XBT); step k
/// holds values in (base + (k-1) step, base + k step].
///
/// Errors: the input's, invalid_argument unless 0 < base_maintenance <=
/// base_initial <= 1, base_limit > 0 and step > 0.
template <Number N>
struct stepped_risk_limit {
  using number_type = N;
  rate<N> base_maintenance{};
  rate<N> base_initial{};
  money<N> base_limit{};
  money<N> step{};

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }

  /// The number of steps above the base limit for a value v >= 0.
  [[nodiscard]] constexpr N steps_for(money<N> v) const noexcept {
    if (!(v > base_limit)) return N{};
    // ceil of the exact quotient: the rounded-up quotient, then up to an integer
    const N q = div<round::up>((v - base_limit).value(), step.value());
    if constexpr (std::is_floating_point_v<N>) {
      // 2^52 and above (and infinity) is already an integer; round_to_multiple
      // on double converts to int64 and must not see such values.
      if (!(q < N(4503599627370496.0))) return q;
    }
    return round_to_multiple<round::up>(q, from_int<N>(1));
  }

  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    if (const auto c = detail::check_input(in); !c) return failure{c.error()};
    for (const N x : {base_maintenance.value(), base_initial.value(), base_limit.value(), step.value()})
      if (!is_valid(x)) return failure{error_of(x)};
    const N zero{}, one = from_int<N>(1);
    if (!(base_maintenance.value() > zero) || !(base_initial >= base_maintenance) ||
        !(base_initial.value() <= one) || !(base_limit.value() > zero) || !(step.value() > zero))
      return failure{errc::invalid_argument};
    const N k = steps_for(in.notional);
    margin_tier<N> t;
    t.maintenance = rate<N>{base_maintenance.value() + mul<round::up>(k, base_maintenance.value())};
    t.initial = rate<N>{base_initial.value() + mul<round::up>(k, base_maintenance.value())};
    t.max_leverage = detail::leverage_for(t.initial);
    t.lower = k == zero ? zero : base_limit.value() + mul<round::up>(k - one, step.value());
    t.upper = base_limit.value() + mul<round::up>(k, step.value());
    t.unbounded = false;
    t.upper_inclusive = true;
    for (const N x : {t.maintenance.value(), t.initial.value(), t.max_leverage.value(), t.lower, t.upper})
      if (!is_valid(x)) return failure{error_of(x)};
    return t;
  }
};
static_assert(MarginModel<stepped_risk_limit<dec>>);
static_assert(MarginModel<stepped_risk_limit<double>>);

// ============================================================================
// size-linear (Deribit)
// ============================================================================

/// Deribit futures and perpetuals (venues.md 9.1): each rate is a line in the
/// size (in coin),
///
///   IM% = initial_base     + size x initial_slope
///   MM% = maintenance_base + size x maintenance_slope
///
/// BTC since 2022-01-11: 2% / 1% bases, slope 0.005% per BTC for both; ETH
/// 0.0004% per ETH; SOL_USDC 4% / 2%, 0.0005% per SOL. The rates are not
/// capped at 100% (Deribit publishes no cap). Tiered by size; the tier range
/// is the single point [size, next value), because every size has its own
/// rate.
///
/// Errors: the input's, invalid_argument for a base <= 0, a negative slope,
/// or maintenance above initial (base or slope).
template <Number N>
struct size_linear_margin {
  using number_type = N;
  rate<N> initial_base{};
  rate<N> initial_slope{};      ///< per unit of size
  rate<N> maintenance_base{};
  rate<N> maintenance_slope{};  ///< per unit of size

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::size; }
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    if (const auto c = detail::check_input(in); !c) return failure{c.error()};
    for (const N x : {initial_base.value(), initial_slope.value(), maintenance_base.value(),
                      maintenance_slope.value()})
      if (!is_valid(x)) return failure{error_of(x)};
    const N zero{};
    if (!(maintenance_base.value() > zero) || !(initial_base >= maintenance_base) ||
        !(maintenance_slope.value() >= zero) || !(initial_slope >= maintenance_slope))
      return failure{errc::invalid_argument};
    const N size = in.size.value();
    margin_tier<N> t;
    t.initial = rate<N>{initial_base.value() + mul<round::up>(size, initial_slope.value())};
    t.maintenance = rate<N>{maintenance_base.value() + mul<round::up>(size, maintenance_slope.value())};
    t.max_leverage = detail::leverage_for(t.initial);
    t.lower = size;
    t.upper = detail::next_up(size);
    t.unbounded = false;
    t.upper_inclusive = false;  // [size, next): holds exactly this size
    for (const N x : {t.maintenance.value(), t.initial.value(), t.max_leverage.value(), t.upper})
      if (!is_valid(x)) return failure{error_of(x)};
    return t;
  }
};
static_assert(MarginModel<size_linear_margin<dec>>);
static_assert(MarginModel<size_linear_margin<double>>);

// ============================================================================
// open-interest-scaled initial margin (dYdX v4)
// ============================================================================

/// dYdX v4 liquidity tiers with open-interest margin fractions (venues.md
/// 10.1, v4-chain x/perpetuals):
///
///   open notional = open_interest x oracle_price
///   scaling  = (open notional - lower_cap) / (upper_cap - lower_cap)
///   IMF_eff  = min(base_imf + max(scaling x (1 - base_imf), 0), 1)
///   MMF      = mmf (unchanged by open interest)
///
/// upper_cap = 0 disables the scaling (the protocol's rule); open interest at
/// or above upper_cap gives IMF 100%. The open interest and oracle price are
/// run-time state of the market: update them as the market moves. Every
/// position has the same rates, whatever its size: one tier over the whole
/// axis.
///
/// Errors: the input's; invalid_argument unless 0 < mmf <= base_imf <= 1,
/// caps >= 0 and lower_cap <= upper_cap; with scaling on, non_positive_price
/// for an oracle price <= 0 and invalid_argument for a negative open interest.
template <Number N>
struct oi_scaled_margin {
  using number_type = N;
  rate<N> base_imf{};
  rate<N> mmf{};
  money<N> lower_cap{};
  money<N> upper_cap{};          ///< zero: no scaling
  quantity<N> open_interest{};   ///< the market's open interest, in base units
  price<N> oracle_price{};

  /// A liquidity tier as the chain stores it: initial_margin_ppm and
  /// maintenance_fraction_ppm (MMF = IMF x fraction), e.g. Large-Cap 50,000 and
  /// 600,000 -> IMF 5%, MMF 3%.
  [[nodiscard]] static constexpr oi_scaled_margin from_ppm(std::int64_t initial_margin_ppm,
                                                           std::int64_t maintenance_fraction_ppm,
                                                           money<N> lower = {}, money<N> upper = {}) noexcept {
    const N million = from_int<N>(1'000'000);
    const N imf = div<round::up>(from_int<N>(initial_margin_ppm), million);
    return {rate<N>{imf}, rate<N>{muldiv<round::up>(imf, from_int<N>(maintenance_fraction_ppm), million)}, lower,
            upper, {}, {}};
  }

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }

  /// The effective initial margin fraction at the current open interest.
  [[nodiscard]] constexpr result<rate<N>> effective_imf() const noexcept {
    for (const N x : {base_imf.value(), mmf.value(), lower_cap.value(), upper_cap.value()})
      if (!is_valid(x)) return failure{error_of(x)};
    const N zero{}, one = from_int<N>(1);
    if (!(mmf.value() > zero) || !(base_imf >= mmf) || !(base_imf.value() <= one) || lower_cap.value() < zero ||
        upper_cap.value() < zero)
      return failure{errc::invalid_argument};
    if (upper_cap.value() == zero) return base_imf;  // scaling disabled
    if (!(lower_cap <= upper_cap)) return failure{errc::invalid_argument};
    if (!open_interest.is_valid()) return failure{error_of(open_interest.value())};
    if (!oracle_price.is_valid()) return failure{error_of(oracle_price.value())};
    if (!(oracle_price.value() > zero)) return failure{errc::non_positive_price};
    if (open_interest.value() < zero) return failure{errc::invalid_argument};
    // open notional rounded up: a larger notional, a larger fraction
    const money<N> oi = mul<round::up>(open_interest, oracle_price);
    if (!oi.is_valid()) return failure{error_of(oi.value())};
    if (oi <= lower_cap) return base_imf;
    if (oi >= upper_cap) return rate<N>{one};
    // base + (oi - lower) (1 - base) / (upper - lower), one rounding, up
    const N increase = muldiv<round::up>((oi - lower_cap).value(), one - base_imf.value(),
                                         (upper_cap - lower_cap).value());
    const N imf = base_imf.value() + increase;
    if (!is_valid(imf)) return failure{error_of(imf)};
    return rate<N>{imf < one ? imf : one};
  }

  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>& in) const noexcept {
    if (const auto c = detail::check_input(in); !c) return failure{c.error()};
    const result<rate<N>> imf = effective_imf();
    if (!imf) return failure{imf.error()};
    margin_tier<N> t;
    t.initial = *imf;
    t.maintenance = mmf;
    t.max_leverage = detail::leverage_for(*imf);
    detail::whole_axis(t);
    return t;
  }
};
static_assert(MarginModel<oi_scaled_margin<dec>>);
static_assert(MarginModel<oi_scaled_margin<double>>);

}  // namespace solvency::inline v1

#endif  // SOLVENCY_MARGIN_MODELS_HPP
