// solvency/margin/tier_table.hpp: tier tables for tiered margin models.
//
// Types and functions in this header:
//
//   cap_rule                 where a value equal to a tier's cap belongs:
//                            inclusive (that tier: Bybit "<= riskLimitValue",
//                            Binance floor < x <= cap, OKX integer contract
//                            ranges) or exclusive (the next tier: Hyperliquid,
//                            whose lowerBound starts a tier)
//   tier_row<N>              one tier: cap of the tier variable, maintenance and
//                            initial rates, maximum leverage, and the venue's
//                            stated maintenance deduction when it states one
//   fixed_tier_table<N, K>   K rows in a std::array: a structural type, so a
//                            constexpr table can be a template argument
//   tier_table_view<N>       a validated view over caller-owned rows (for
//                            tables loaded at run time; no allocation)
//   make_tier_table(rows)    a fixed table with the deduction column filled in
//                            and checked; fill_deductions(span) does the same in
//                            place for run-time rows
//   tiers_from(venue rows)   builders from the venues' own API rows: Binance
//                            leverage brackets, Bybit risk limits, OKX position
//                            tiers, Hyperliquid margin tables; parse_row<dec>
//                            reads a row from its JSON number strings
//
// Use a fixed table for a table known when compiling (a venue preset), a view
// for a table fetched from a venue's API. Both go through ONE implementation
// (detail::tier_rules), so they give identical answers.
//
// The deduction ("cum", "mmDeduction") makes MM = notional x MMR - deduction
// continuous across tier boundaries:
//
//   cum_1 = 0,   cum_n = cum_{n-1} + cap_{n-1} x (MMR_n - MMR_{n-1})
//
// (venues.md 0 and 1.1). It is computed from the rates; a deduction the venue
// states must agree with it exactly (decimal) or to 1e-9 relative (double),
// else errc::deduction_mismatch. Each product is exact whenever it fits the
// number's scale (integer caps and rates of up to eight decimals always do at
// decimal<8>); otherwise it is rounded down, which raises MM, the exchange's
// side.
//
// Values above the last cap stay in the last tier: a venue caps what a trader
// may open, but a price move can carry a position's notional past the last
// cap, and it keeps the last tier's rates. limit() returns the last cap.
#ifndef SOLVENCY_MARGIN_TIER_TABLE_HPP
#define SOLVENCY_MARGIN_TIER_TABLE_HPP

#include <solvency/config.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <ranges>
#include <span>
#include <string_view>
#include <type_traits>

namespace solvency::inline v1 {

/// Where a value exactly equal to a tier's cap belongs.
enum class cap_rule : std::uint8_t {
  inclusive,  ///< to the tier the cap ends (x <= cap): Binance, Bybit, OKX, Kraken
  exclusive,  ///< to the next tier, which the cap starts (x < cap): Hyperliquid
};

/// One tier. The tier variable (notional or size) runs from the previous
/// row's cap (zero for the first row) to this row's cap.
template <Number N>
struct tier_row {
  N cap{};                 ///< upper end of the tier variable
  rate<N> maintenance{};   ///< MMR
  rate<N> initial{};       ///< IMR
  rate<N> max_leverage{};  ///< the largest leverage the tier allows
  money<N> deduction{};    ///< the venue's deduction for this tier, when `deduction_stated`
  bool deduction_stated = false;  ///< false: computed from the recurrence

  friend constexpr bool operator==(const tier_row&, const tier_row&) = default;
};

namespace detail {

/// The largest finite value of N: the cap of an open-ended last tier.
template <Number N>
[[nodiscard]] constexpr N largest() noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return std::numeric_limits<N>::max();
  else
    return N::max();
}

/// The first error of a row's numbers, or errc{}.
template <Number N>
[[nodiscard]] constexpr errc row_number_error(const tier_row<N>& r) noexcept {
  for (const N x : {r.cap, r.maintenance.value(), r.initial.value(), r.max_leverage.value()})
    if (!is_valid(x)) return error_of(x);
  if (r.deduction_stated && !r.deduction.is_valid()) return error_of(r.deduction.value());
  return errc{};
}

/// Whether a stated deduction agrees with the recurrence: exactly for an
/// exact number type; for double, to 1e-9 relative (the venue computed it
/// in decimal, we in binary).
template <Number N>
[[nodiscard]] constexpr bool deduction_agrees(N stated, N computed) noexcept {
  if constexpr (number_traits<N>::exact) {
    return stated == computed;
  } else {
    const N diff = stated > computed ? stated - computed : computed - stated;
    const N mag = computed < N{} ? -computed : computed;
    return diff <= N(1e-9) * (N(1) + mag);
  }
}

/// One step of the recurrence: floor x (MMR_n - MMR_{n-1}), rounded down.
template <Number N>
[[nodiscard]] constexpr money<N> deduction_step(const tier_row<N>& prev, const tier_row<N>& cur) noexcept {
  return money<N>{mul<round::down>(prev.cap, cur.maintenance.value() - prev.maintenance.value())};
}

/// The single implementation behind fixed tables and views.
template <Number N>
struct tier_rules {
  using rows_t = std::span<const tier_row<N>>;

  /// Every rule a table must satisfy; see tier_table_view::make.
  [[nodiscard]] static constexpr result<void> validate(rows_t rows) noexcept {
    if (rows.empty()) return failure{errc::empty_table};
    const N zero{}, one = from_int<N>(1);
    money<N> cum{};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const tier_row<N>& r = rows[i];
      if (const errc e = row_number_error(r); e != errc{}) return failure{e};
      const N mm = r.maintenance.value(), im = r.initial.value(), lev = r.max_leverage.value();
      if (!(r.cap > zero) || !(mm > zero) || !(im <= one) || !(lev >= one))
        return failure{errc::invalid_argument};
      if (!(im >= mm)) return failure{errc::invalid_argument};  // initial below maintenance
      if (i > 0) {
        const tier_row<N>& p = rows[i - 1];
        if (!(r.cap > p.cap) || !(mm >= p.maintenance.value()) || !(im >= p.initial.value()) ||
            !(lev <= p.max_leverage.value()))
          return failure{errc::table_not_increasing};
        cum += deduction_step(p, r);
        if (!cum.is_valid()) return failure{error_of(cum.value())};
      }
      if (r.deduction_stated) {
        if (!deduction_agrees(r.deduction.value(), cum.value())) return failure{errc::deduction_mismatch};
        cum = r.deduction;  // continue from the venue's figure (identical for decimal)
      }
    }
    return {};
  }

  /// The tier holding x (x valid and >= 0; the table validated): the first
  /// row whose cap holds x, else the last row, i.e. the number of rows before
  /// the last whose cap x is past. The cap rule is decided once, and a
  /// decimal compared by its representation (every number in a validated
  /// table is valid). Up to 17 rows (venue tables) the rows are counted,
  /// without a branch on the data; longer tables take a binary search.
  [[nodiscard]] static constexpr std::size_t index_of(rows_t rows, cap_rule rule, N x) noexcept {
    if (rule == cap_rule::inclusive)
      return count_past<true>(rows, x);
    return count_past<false>(rows, x);
  }
  template <bool Inclusive>
  [[nodiscard]] static constexpr std::size_t count_past(rows_t rows, N x) noexcept {
    const auto past = [x](const tier_row<N>& r) {
      if constexpr (detail::is_decimal<N>)
        return Inclusive ? r.cap.raw() < x.raw() : r.cap.raw() <= x.raw();
      else
        return Inclusive ? r.cap < x : r.cap <= x;
    };
    // among rows[0, n) (the last row holds everything above); x is past a
    // prefix of them
    const std::size_t n = rows.size() - 1;
    if (n <= 16) {
      // a venue's table: count them, independent comparisons, no chain
      std::size_t k = 0;
      for (std::size_t i = 0; i < n; ++i) k += static_cast<std::size_t>(past(rows[i]));
      return k;
    }
    std::size_t lo = 0, len = n;
    while (len > 0) {
      const std::size_t half = len / 2;
      if (past(rows[lo + half])) {
        lo += half + 1;
        len -= half + 1;
      } else {
        len = half;
      }
    }
    return lo;
  }

  /// The deduction of tier i: the stated one, or the recurrence continued
  /// from the nearest stated row below (O(1) for a filled table).
  [[nodiscard]] static constexpr money<N> deduction_of(rows_t rows, std::size_t i) noexcept {
    std::size_t j = i;
    while (!rows[j].deduction_stated && j > 0) --j;  // (stated first: always so in a filled table, so no branch on i)
    money<N> cum = rows[j].deduction_stated ? rows[j].deduction : money<N>{};
    for (std::size_t k = j + 1; k <= i; ++k) cum += deduction_step(rows[k - 1], rows[k]);
    return cum;
  }

  /// Tier i as a margin_tier with its range of the tier variable.
  [[nodiscard]] static constexpr margin_tier<N> tier_at(rows_t rows, cap_rule rule, std::size_t i,
                                                        bool with_deduction) noexcept {
    margin_tier<N> t;
    t.initial = rows[i].initial;
    t.maintenance = rows[i].maintenance;
    t.deduction = with_deduction ? deduction_of(rows, i) : money<N>{};
    t.max_leverage = rows[i].max_leverage;
    t.lower = i == 0 ? N{} : rows[i - 1].cap;
    t.upper = rows[i].cap;
    t.unbounded = i + 1 == rows.size();
    t.upper_inclusive = rule == cap_rule::inclusive;
    return t;
  }

  /// The tier of x, checking x (the table validated).
  [[nodiscard]] static constexpr result<margin_tier<N>> find(rows_t rows, cap_rule rule, N x,
                                                             bool with_deduction) noexcept {
    if (rows.empty()) return failure{errc::empty_table};
    if (!is_valid(x)) return failure{error_of(x)};
    if (x < N{}) return failure{errc::invalid_argument};
    return tier_at(rows, rule, index_of(rows, rule, x), with_deduction);
  }
};

}  // namespace detail

/// Fills every unstated deduction with the recurrence and checks the stated
/// ones and the whole table; the rows then carry their deductions, so lookups
/// are O(log n). Errors: those of tier_table_view::make.
template <Number N, std::size_t E>
[[nodiscard]] constexpr result<void> fill_deductions(std::span<tier_row<N>, E> rows) noexcept {
  if (const auto v = detail::tier_rules<N>::validate(std::span<const tier_row<N>>(rows)); !v) return v;
  money<N> cum{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) cum += detail::deduction_step(rows[i - 1], rows[i]);
    if (rows[i].deduction_stated)
      cum = rows[i].deduction;
    else
      rows[i] = {rows[i].cap, rows[i].maintenance, rows[i].initial, rows[i].max_leverage, cum, true};
  }
  return {};
}

/// A validated, read-only view over caller-owned tier rows. The rows must
/// outlive the view. Only make() (or fixed_tier_table::view()) creates a
/// non-empty view, so every view in use has passed validation.
template <Number N>
class tier_table_view {
 public:
  using number_type = N;

  /// An empty view: every lookup fails with errc::empty_table.
  constexpr tier_table_view() noexcept = default;

  /// Checks the rows and returns a view over them. Errors, first found:
  ///   empty_table           no rows
  ///   (the number's error)  a NaN, infinity or decimal error value
  ///   invalid_argument      cap <= 0, maintenance <= 0, initial > 1,
  ///                         max leverage < 1, or initial < maintenance
  ///   table_not_increasing  caps not strictly increasing, maintenance or
  ///                         initial rates decreasing, max leverage increasing
  ///   deduction_mismatch    a stated deduction the recurrence does not give
  [[nodiscard]] static constexpr result<tier_table_view> make(std::span<const tier_row<N>> rows,
                                                              cap_rule rule = cap_rule::inclusive) noexcept {
    if (const auto v = detail::tier_rules<N>::validate(rows); !v) return failure{v.error()};
    return tier_table_view(rows, rule);
  }

  [[nodiscard]] constexpr std::span<const tier_row<N>> rows() const noexcept { return rows_; }
  [[nodiscard]] constexpr cap_rule rule() const noexcept { return rule_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return rows_.size(); }
  [[nodiscard]] constexpr bool empty() const noexcept { return rows_.empty(); }
  /// The last cap: the largest value the venue lets a trader open.
  [[nodiscard]] constexpr N limit() const noexcept { return rows_.empty() ? N{} : rows_.back().cap; }

  /// The index of the tier holding x (x >= 0).
  [[nodiscard]] constexpr result<std::size_t> index_of(N x) const noexcept {
    if (rows_.empty()) return failure{errc::empty_table};
    if (!is_valid(x)) return failure{error_of(x)};
    if (x < N{}) return failure{errc::invalid_argument};
    return detail::tier_rules<N>::index_of(rows_, rule_, x);
  }
  /// Tier i (i < size()) with its deduction and range.
  [[nodiscard]] constexpr margin_tier<N> tier(std::size_t i) const noexcept {
    SOLVENCY_PRECONDITION(i < rows_.size(), "tier_table_view::tier: index out of range");
    return detail::tier_rules<N>::tier_at(rows_, rule_, i, true);
  }
  /// The deduction of tier i (i < size()).
  [[nodiscard]] constexpr money<N> deduction(std::size_t i) const noexcept {
    SOLVENCY_PRECONDITION(i < rows_.size(), "tier_table_view::deduction: index out of range");
    return detail::tier_rules<N>::deduction_of(rows_, i);
  }
  /// The tier holding x (x >= 0), with its deduction.
  [[nodiscard]] constexpr result<margin_tier<N>> tier_of(N x) const noexcept {
    return detail::tier_rules<N>::find(rows_, rule_, x, true);
  }

 private:
  constexpr tier_table_view(std::span<const tier_row<N>> rows, cap_rule rule) noexcept
      : rows_(rows), rule_(rule) {}

  std::span<const tier_row<N>> rows_{};
  cap_rule rule_ = cap_rule::inclusive;
};

/// K tier rows known when compiling. A structural type (public members
/// only), so a constexpr table can be a template argument:
///
///   constexpr auto btc = make_tier_table(std::array{tier_row<dec>{...}, ...}).value();
///   using model = static_tiered_with_deduction<btc>;       // margin/models.hpp
template <Number N, std::size_t K>
struct fixed_tier_table {
  using number_type = N;
  cap_rule rule = cap_rule::inclusive;
  std::array<tier_row<N>, K> rows{};

  /// The checks of tier_table_view::make.
  [[nodiscard]] constexpr result<void> validate() const noexcept {
    return detail::tier_rules<N>::validate(std::span<const tier_row<N>>(rows));
  }
  /// A validated view over this table's rows (valid while the table lives).
  [[nodiscard]] constexpr result<tier_table_view<N>> view() const noexcept {
    return tier_table_view<N>::make(std::span<const tier_row<N>>(rows), rule);
  }
  /// The tier holding x, validating the table first (O(K)); models over a
  /// static table validate once, at compile time, instead.
  [[nodiscard]] constexpr result<margin_tier<N>> tier_of(N x) const noexcept {
    return view().and_then([&](const tier_table_view<N>& v) { return v.tier_of(x); });
  }
  [[nodiscard]] constexpr N limit() const noexcept { return K == 0 ? N{} : rows[K - 1].cap; }

  friend constexpr bool operator==(const fixed_tier_table&, const fixed_tier_table&) = default;
};

/// A fixed table from its rows, deductions filled in and checked.
template <Number N, std::size_t K>
[[nodiscard]] constexpr result<fixed_tier_table<N, K>> make_tier_table(const std::array<tier_row<N>, K>& rows,
                                                                       cap_rule rule = cap_rule::inclusive) noexcept {
  fixed_tier_table<N, K> t{rule, rows};
  if (const auto v = fill_deductions(std::span<tier_row<N>>(t.rows)); !v) return failure{v.error()};
  return t;
}

// ============================================================================
// Builders from the venues' own rows
// ============================================================================

/// Binance `GET /fapi/v1/leverageBracket` (and /dapi/v1 for COIN-M): one
/// bracket. notionalFloor < notional <= notionalCap; IMR = 1 / initialLeverage.
template <Number N>
struct binance_bracket {
  N notional_floor{};
  N notional_cap{};
  N maint_margin_ratio{};
  N cum{};
  N initial_leverage{};
};

/// Bybit `GET /v5/market/risk-limit`: one risk limit. Position value <=
/// riskLimitValue. An empty mmDeduction in the API leaves has_mm_deduction
/// false; the deduction is then computed.
template <Number N>
struct bybit_risk_limit {
  N risk_limit_value{};
  N maintenance_margin{};
  N initial_margin{};
  N max_leverage{};
  N mm_deduction{};
  bool has_mm_deduction = true;
};

/// OKX `GET /api/v5/public/position-tiers`: one tier in contracts (or the
/// instrument's size unit). minSz..maxSz; no deduction.
template <Number N>
struct okx_position_tier {
  N min_sz{};
  N max_sz{};
  N mmr{};
  N imr{};
  N max_lever{};
};

/// Hyperliquid `marginTable`: a tier starts at lowerBound (inclusive) and
/// allows maxLeverage; MMR = 1 / (2 maxLeverage).
template <Number N>
struct hyperliquid_margin_tier {
  N lower_bound{};
  N max_leverage{};
};

namespace detail {

template <Number N>
[[nodiscard]] constexpr tier_row<N> row_from(const binance_bracket<N>& b) noexcept {
  // IM = notional / leverage: the IMR is 1 / initialLeverage, rounded up.
  return {b.notional_cap, rate<N>{b.maint_margin_ratio}, rate<N>{div<round::up>(from_int<N>(1), b.initial_leverage)},
          rate<N>{b.initial_leverage}, money<N>{b.cum}, true};
}
template <Number N>
[[nodiscard]] constexpr tier_row<N> row_from(const bybit_risk_limit<N>& b) noexcept {
  return {b.risk_limit_value, rate<N>{b.maintenance_margin}, rate<N>{b.initial_margin}, rate<N>{b.max_leverage},
          money<N>{b.has_mm_deduction ? b.mm_deduction : N{}}, b.has_mm_deduction};
}
template <Number N>
[[nodiscard]] constexpr tier_row<N> row_from(const okx_position_tier<N>& t) noexcept {
  return {t.max_sz, rate<N>{t.mmr}, rate<N>{t.imr}, rate<N>{t.max_lever}, money<N>{}, false};
}

template <Number N>
[[nodiscard]] constexpr bool valid_all(std::initializer_list<N> xs, errc& e) noexcept {
  for (const N x : xs)
    if (!is_valid(x)) {
      e = error_of(x);
      return false;
    }
  return true;
}

/// Binance brackets must tile the notional axis: floor_1 = 0, floor_n = cap_{n-1}.
template <Number N>
[[nodiscard]] constexpr errc contiguity(std::span<const binance_bracket<N>> in) noexcept {
  for (std::size_t i = 0; i < in.size(); ++i) {
    errc e{};
    if (!valid_all({in[i].notional_floor, in[i].notional_cap, in[i].initial_leverage}, e)) return e;
    const N expected = i == 0 ? N{} : in[i - 1].notional_cap;
    if (!(in[i].notional_floor == expected)) return errc::invalid_argument;
    if (!(in[i].initial_leverage > N{})) return errc::invalid_argument;
  }
  return errc{};
}
/// OKX tiers are integer contract ranges: minSz is the previous maxSz or one
/// more (1,001 after 1,000); the first starts at 0 or 1.
template <Number N>
[[nodiscard]] constexpr errc contiguity(std::span<const okx_position_tier<N>> in) noexcept {
  for (std::size_t i = 0; i < in.size(); ++i) {
    errc e{};
    if (!valid_all({in[i].min_sz, in[i].max_sz}, e)) return e;
    const N prev = i == 0 ? N{} : in[i - 1].max_sz;
    if (!(in[i].min_sz == prev || in[i].min_sz == prev + from_int<N>(1))) return errc::invalid_argument;
  }
  return errc{};
}
template <Number N>
[[nodiscard]] constexpr errc contiguity(std::span<const bybit_risk_limit<N>>) noexcept {
  return errc{};  // one number per row: nothing to tile
}

template <class Row, Number N>
[[nodiscard]] constexpr result<void> convert_rows(std::span<const Row> in, std::span<tier_row<N>> out) noexcept {
  if (in.empty()) return failure{errc::empty_table};
  if (out.size() < in.size()) return failure{errc::size_mismatch};
  if (const errc e = contiguity(in); e != errc{}) return failure{e};
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = row_from(in[i]);
  return fill_deductions(out.first(in.size()));
}

template <Number N>
[[nodiscard]] constexpr result<void> convert_rows(std::span<const hyperliquid_margin_tier<N>> in,
                                                  std::span<tier_row<N>> out) noexcept {
  if (in.empty()) return failure{errc::empty_table};
  if (out.size() < in.size()) return failure{errc::size_mismatch};
  const N one = from_int<N>(1);
  for (std::size_t i = 0; i < in.size(); ++i) {
    errc e{};
    if (!valid_all({in[i].lower_bound, in[i].max_leverage}, e)) return failure{e};
    if (i == 0 && !(in[i].lower_bound == N{})) return failure{errc::invalid_argument};
    if (!(in[i].max_leverage >= one)) return failure{errc::invalid_argument};
    // The next lowerBound ends this tier (exclusive); the last tier is open.
    const N cap = i + 1 < in.size() ? in[i + 1].lower_bound : largest<N>();
    const N lev = in[i].max_leverage;
    // MMR = 1 / (2 maxLev), IMR = 1 / maxLev; rounded up where not exact (3x: 16.67%).
    out[i] = {cap, rate<N>{div<round::up>(one, lev + lev)}, rate<N>{div<round::up>(one, lev)}, rate<N>{lev},
              money<N>{}, false};
  }
  return fill_deductions(out.first(in.size()));
}

template <class Row>
inline constexpr cap_rule rule_of = cap_rule::inclusive;
template <Number N>
inline constexpr cap_rule rule_of<hyperliquid_margin_tier<N>> = cap_rule::exclusive;

template <class Row>
struct row_number;
template <Number N>
struct row_number<binance_bracket<N>> {
  using type = N;
};
template <Number N>
struct row_number<bybit_risk_limit<N>> {
  using type = N;
};
template <Number N>
struct row_number<okx_position_tier<N>> {
  using type = N;
};
template <Number N>
struct row_number<hyperliquid_margin_tier<N>> {
  using type = N;
};
template <class Row>
concept VenueTierRow = requires { typename row_number<Row>::type; };

}  // namespace detail

/// Converts a venue's rows into tier rows written to `out` (caller-owned,
/// at least as long), fills and checks the deductions, and returns a view
/// over the written rows. Binance, Bybit and OKX tables are cap-inclusive;
/// Hyperliquid's is cap-exclusive. Errors: size_mismatch (out too short),
/// invalid_argument (brackets that do not tile: Binance floor != previous
/// cap, OKX minSz not the previous maxSz or one more, Hyperliquid first
/// lowerBound not 0, a leverage below 1), then those of tier_table_view::make.
template <std::ranges::contiguous_range Rows, class Row = std::ranges::range_value_t<Rows>,
          class N = typename detail::row_number<Row>::type>
  requires std::ranges::sized_range<Rows> && detail::VenueTierRow<Row>
[[nodiscard]] constexpr result<tier_table_view<N>> tiers_from(const Rows& in,
                                                              std::type_identity_t<std::span<tier_row<N>>> out) noexcept {
  const std::span<const Row> rows(std::ranges::data(in), std::ranges::size(in));
  if (const auto c = detail::convert_rows(rows, out); !c) return failure{c.error()};
  return tier_table_view<N>::make(std::span<const tier_row<N>>(out.first(rows.size())), detail::rule_of<Row>);
}

/// The same, at compile time, into a fixed table.
template <detail::VenueTierRow Row, std::size_t K, class N = typename detail::row_number<Row>::type>
[[nodiscard]] constexpr result<fixed_tier_table<N, K>> tiers_from(const std::array<Row, K>& in) noexcept {
  fixed_tier_table<N, K> t{detail::rule_of<Row>, {}};
  if (const auto c = detail::convert_rows(std::span<const Row>(in), std::span<tier_row<N>>(t.rows)); !c)
    return failure{c.error()};
  return t;
}

// --- rows from JSON number text ------------------------------------------------

/// The fields of a Binance bracket as the text of their JSON numbers.
struct binance_bracket_text {
  std::string_view notional_floor, notional_cap, maint_margin_ratio, cum, initial_leverage;
};
/// A Bybit risk limit's fields as text (the API sends strings); an empty
/// mm_deduction means "not stated".
struct bybit_risk_limit_text {
  std::string_view risk_limit_value, maintenance_margin, initial_margin, max_leverage, mm_deduction;
};
/// An OKX position tier's fields as text (the API sends strings).
struct okx_position_tier_text {
  std::string_view min_sz, max_sz, mmr, imr, max_lever;
};
/// A Hyperliquid margin tier's fields as text.
struct hyperliquid_margin_tier_text {
  std::string_view lower_bound, max_leverage;
};

namespace detail {
template <class D>
constexpr void parse_field(D& out, std::string_view text, errc& first) noexcept {
  if (first != errc{}) return;
  const result<D> r = D::parse_exact(text);
  if (r)
    out = *r;
  else
    first = r.error();
}
}  // namespace detail

/// One venue row parsed exactly from its text (parse_row<dec>(text)): a
/// number with more decimals than D holds is errc::inexact, not rounded.
template <class D>
  requires detail::is_decimal<D>
[[nodiscard]] constexpr result<binance_bracket<D>> parse_row(const binance_bracket_text& t) noexcept {
  binance_bracket<D> r;
  errc e{};
  detail::parse_field(r.notional_floor, t.notional_floor, e);
  detail::parse_field(r.notional_cap, t.notional_cap, e);
  detail::parse_field(r.maint_margin_ratio, t.maint_margin_ratio, e);
  detail::parse_field(r.cum, t.cum, e);
  detail::parse_field(r.initial_leverage, t.initial_leverage, e);
  if (e != errc{}) return failure{e};
  return r;
}
template <class D>
  requires detail::is_decimal<D>
[[nodiscard]] constexpr result<bybit_risk_limit<D>> parse_row(const bybit_risk_limit_text& t) noexcept {
  bybit_risk_limit<D> r;
  errc e{};
  detail::parse_field(r.risk_limit_value, t.risk_limit_value, e);
  detail::parse_field(r.maintenance_margin, t.maintenance_margin, e);
  detail::parse_field(r.initial_margin, t.initial_margin, e);
  detail::parse_field(r.max_leverage, t.max_leverage, e);
  r.has_mm_deduction = !t.mm_deduction.empty();
  if (r.has_mm_deduction) detail::parse_field(r.mm_deduction, t.mm_deduction, e);
  if (e != errc{}) return failure{e};
  return r;
}
template <class D>
  requires detail::is_decimal<D>
[[nodiscard]] constexpr result<okx_position_tier<D>> parse_row(const okx_position_tier_text& t) noexcept {
  okx_position_tier<D> r;
  errc e{};
  detail::parse_field(r.min_sz, t.min_sz, e);
  detail::parse_field(r.max_sz, t.max_sz, e);
  detail::parse_field(r.mmr, t.mmr, e);
  detail::parse_field(r.imr, t.imr, e);
  detail::parse_field(r.max_lever, t.max_lever, e);
  if (e != errc{}) return failure{e};
  return r;
}
template <class D>
  requires detail::is_decimal<D>
[[nodiscard]] constexpr result<hyperliquid_margin_tier<D>> parse_row(const hyperliquid_margin_tier_text& t) noexcept {
  hyperliquid_margin_tier<D> r;
  errc e{};
  detail::parse_field(r.lower_bound, t.lower_bound, e);
  detail::parse_field(r.max_leverage, t.max_leverage, e);
  if (e != errc{}) return failure{e};
  return r;
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_MARGIN_TIER_TABLE_HPP
