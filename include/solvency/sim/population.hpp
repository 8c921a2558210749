// solvency/sim/population.hpp: the accounts a simulation starts from.
//
// Types and functions in this header:
//
//   account_record<N>     one account holding one isolated position: id,
//                         side, size, entry price, the margin backing it
//   splitmix64            the small deterministic generator every seeded
//                         thing in sim/ uses
//   leverage_bin          one bin of a leverage distribution (weight, range)
//   default_leverage_bins a realistic mix: concentrated at 5-25x, a tail to
//                         100x (the shape exchanges' published leverage
//                         histograms have: most open interest at 5-25x)
//   population_params<N>  how many accounts, the seed, the price they opened
//                         around, the spread of entries, the lot, the contract
//   generate(params)      a population in pairs (a long and a short of the
//                         same size), so long and short open interest are equal
//   load_positions(csv, out)
//                         accounts from CSV text with the header
//                         `id,side,size,entry,margin` (any column order),
//                         all or nothing: `out` is untouched on an error
//   load_error            what was wrong, on which line, in which field
//   to_csv(accounts)      the same format back
//
//   auto accts = sim::generate(sim::population_params<dec>{.accounts = 100'000, .seed = 7});
//   std::vector<sim::account_record<dec>> loaded;
//   if (auto e = sim::load_positions(text, loaded); !e.ok()) std::puts(e.describe().c_str());
//
// Errors of load_positions: malformed_record (a missing column, a line with
// too few fields, a field that is not a number or a side), non_positive_quantity
// (size <= 0), non_positive_price (entry <= 0), negative_amount (margin < 0),
// duplicate_id (the line of the second occurrence), invalid_argument (no
// header). generate: invalid_argument for an odd or zero account count, a
// non-positive price or lot, a spread outside [0, 0.5), empty bins.
#ifndef SOLVENCY_SIM_POPULATION_HPP
#define SOLVENCY_SIM_POPULATION_HPP

#include <solvency/detail/append_number.hpp>
#include <solvency/detail/splitmix64.hpp>
#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace solvency::inline v1::sim {

/// One account with one isolated position.
template <Number N>
struct account_record {
  account_id id = 0;
  solvency::side side = solvency::side::long_;
  quantity<N> size{};
  price<N> entry{};
  money<N> margin{};  ///< the position's margin: the account's whole wallet in the simulation

  friend constexpr bool operator==(const account_record&, const account_record&) = default;
};

/// splitmix64 (Steele, Lea, Flood 2014): small, fast, and the same on every
/// platform; the library's one generator (solvency/detail/splitmix64.hpp).
using splitmix64 = solvency::detail::splitmix64;

/// A bin of a leverage distribution: `weight` parts of the population take a
/// leverage uniform in [low, high) in steps of 0.01x.
struct leverage_bin {
  std::uint32_t weight = 0;
  std::uint32_t low = 1;   ///< whole x
  std::uint32_t high = 2;  ///< whole x, > low
};

/// Concentrated at 5-25x with a tail to 100x: about 70% of accounts at
/// 5-25x, 15% below, 15% above, 3% at 75-100x.
inline constexpr std::array<leverage_bin, 9> default_leverage_bins{{
    {50, 1, 3},
    {80, 3, 5},
    {220, 5, 10},
    {200, 10, 15},
    {140, 15, 20},
    {110, 20, 25},
    {120, 25, 50},
    {50, 50, 75},
    {30, 75, 100},
}};

template <Number N>
struct population_params {
  std::size_t accounts = 10'000;  ///< an even number: half long, half short
  std::uint64_t seed = 1;
  price<N> mark{from_int<N>(50'000)};  ///< the price the positions opened around
  /// Entries are uniform in mark x (1 +/- spread); with 100x positions, keep
  /// it well below 1% or some start past their liquidation price.
  rate<N> entry_spread{div<round::down>(from_int<N>(1), from_int<N>(1000))};
  quantity<N> lot{div<round::down>(from_int<N>(1), from_int<N>(1000))};  ///< the size unit
  std::span<const leverage_bin> leverage = default_leverage_bins;
  /// Sizes in lots: 70% 1-10, 25% 10-100, 5% 100-1000 (a heavy tail).
  bool heavy_tail = true;
  /// The contract: margin is the position's value at entry (in its
  /// settlement currency: quote for linear, base for inverse) / leverage.
  contract<N> spec{};
};

/// A population in pairs: account 2k+1 long, 2k+2 short, of the same size,
/// each with its own leverage and entry. Margin = value at entry / leverage,
/// rounded up.
template <Number N>
[[nodiscard]] inline result<void> generate(const population_params<N>& p, std::vector<account_record<N>>& out) {
  const N zero{};
  if (p.accounts == 0 || p.accounts % 2 != 0) return failure{errc::invalid_argument};
  if (!p.mark.is_valid() || !(p.mark.value() > zero)) return failure{errc::invalid_argument};
  if (!p.lot.is_valid() || !(p.lot.value() > zero)) return failure{errc::invalid_argument};
  if (!p.entry_spread.is_valid() || p.entry_spread.value() < zero ||
      !(p.entry_spread.value() < div<round::down>(from_int<N>(1), from_int<N>(2))))
    return failure{errc::invalid_argument};
  std::uint64_t total_weight = 0;
  for (const auto& b : p.leverage) {
    if (b.high <= b.low || b.low == 0) return failure{errc::invalid_argument};
    total_weight += b.weight;
  }
  if (total_weight == 0) return failure{errc::invalid_argument};

  splitmix64 rng{p.seed};
  const N hundred = from_int<N>(100);
  const N million = from_int<N>(1'000'000);
  auto draw_leverage = [&]() {
    std::uint64_t w = rng.below(total_weight);
    const leverage_bin* bin = &p.leverage.front();
    for (const auto& b : p.leverage) {
      if (w < b.weight) {
        bin = &b;
        break;
      }
      w -= b.weight;
    }
    const std::uint64_t span_hundredths = std::uint64_t{bin->high - bin->low} * 100;
    const auto hundredths = static_cast<std::int64_t>(std::uint64_t{bin->low} * 100 + rng.below(span_hundredths));
    return div<round::down>(from_int<N>(hundredths), hundred);
  };
  auto draw_entry = [&]() {
    // mark x (1 + spread x u), u uniform in [-1, 1] in millionths
    const auto u = static_cast<std::int64_t>(rng.below(2'000'001)) - 1'000'000;
    const N rel = muldiv<round::toward_zero>(p.entry_spread.value(), from_int<N>(u), million);
    return price<N>{p.mark.value() + mul<round::nearest_even>(p.mark.value(), rel)};
  };
  auto draw_lots = [&]() -> std::int64_t {
    if (!p.heavy_tail) return 1 + static_cast<std::int64_t>(rng.below(10));
    const std::uint64_t r = rng.below(100);
    if (r < 70) return 1 + static_cast<std::int64_t>(rng.below(10));
    if (r < 95) return 10 + static_cast<std::int64_t>(rng.below(90));
    return 100 + static_cast<std::int64_t>(rng.below(900));
  };

  std::vector<account_record<N>> accts;
  accts.reserve(p.accounts);
  for (std::size_t k = 0; k < p.accounts / 2; ++k) {
    const quantity<N> size{mul<round::down>(from_int<N>(draw_lots()), p.lot.value())};
    for (const side s : {side::long_, side::short_}) {
      const price<N> entry = draw_entry();
      const N lev = draw_leverage();
      const money<N> value = position_value<round::up>(position<N>{s, size, entry, p.spec}, entry);
      const money<N> margin{div<round::up>(value.value(), lev)};
      if (!margin.is_valid() || !entry.is_valid() || !size.is_valid()) return failure{errc::overflow};
      accts.push_back({static_cast<account_id>(accts.size() + 1), s, size, entry, margin});
    }
  }
  out = std::move(accts);
  return {};
}

// ============================================================================
// CSV
// ============================================================================

/// What went wrong loading a CSV: the code, the 1-based line, the field.
struct load_error {
  errc code{};
  std::size_t line = 0;
  std::string field{};

  [[nodiscard]] bool ok() const noexcept { return code == errc{}; }
  /// "line 3, field 'size': size must be greater than zero (non_positive_quantity)"
  [[nodiscard]] std::string describe() const {
    if (ok()) return "ok";
    std::string s = "line " + std::to_string(line);
    if (!field.empty()) s += ", field '" + field + "'";
    s += ": ";
    s += message(code);
    s += " (";
    s += name(code);
    s += ")";
    return s;
  }
};

namespace detail {

[[nodiscard]] inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// Splits a line on commas (no quoting: every field here is a number or a word).
inline void split_fields(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(trim(line.substr(start)));
      return;
    }
    out.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

template <Number N>
[[nodiscard]] inline result<N> parse_number(std::string_view s) noexcept {
  if (s.empty()) return failure{errc::malformed_number};
  if constexpr (std::is_floating_point_v<N>) {
    N v{};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return failure{errc::malformed_number};
    return checked(v);
  } else {
    return N::parse_exact(s);
  }
}

[[nodiscard]] inline bool parse_id(std::string_view s, account_id& id) noexcept {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

[[nodiscard]] inline bool parse_side(std::string_view s, side& out) noexcept {
  if (s == "long" || s == "buy" || s == "LONG" || s == "BUY" || s == "1") {
    out = side::long_;
    return true;
  }
  if (s == "short" || s == "sell" || s == "SHORT" || s == "SELL" || s == "-1") {
    out = side::short_;
    return true;
  }
  return false;
}

}  // namespace detail

/// The CSV columns, in the order to_csv writes them.
inline constexpr std::array<std::string_view, 5> csv_columns{"id", "side", "size", "entry", "margin"};

/// Accounts from CSV text: a header naming the columns id, side (long/short,
/// buy/sell), size, entry, margin in any order (other columns are ignored),
/// then one account per line; blank lines and lines starting with '#' are
/// skipped. Sizes and prices must be exact at the number's scale. On any
/// error `out` is left as it was and the error names the line and field.
template <Number N>
[[nodiscard]] inline load_error load_positions(std::string_view text, std::vector<account_record<N>>& out) {
  std::vector<account_record<N>> accts;
  std::vector<std::pair<account_id, std::size_t>> ids;  // (id, line) for the duplicate check
  std::vector<std::string_view> fields;
  std::array<std::size_t, 5> col{};
  bool have_header = false;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = detail::trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    detail::split_fields(line, fields);
    if (!have_header) {
      for (std::size_t c = 0; c < csv_columns.size(); ++c) {
        const auto it = std::find(fields.begin(), fields.end(), csv_columns[c]);
        if (it == fields.end()) return {errc::malformed_record, line_no, std::string(csv_columns[c])};
        col[c] = static_cast<std::size_t>(it - fields.begin());
      }
      have_header = true;
      continue;
    }
    auto field = [&](std::size_t c) -> std::string_view { return col[c] < fields.size() ? fields[col[c]] : std::string_view{}; };
    for (std::size_t c = 0; c < csv_columns.size(); ++c)
      if (col[c] >= fields.size()) return {errc::malformed_record, line_no, std::string(csv_columns[c])};
    account_record<N> a{};
    if (!detail::parse_id(field(0), a.id)) return {errc::malformed_record, line_no, "id"};
    if (!detail::parse_side(field(1), a.side)) return {errc::malformed_record, line_no, "side"};
    const result<N> size = detail::parse_number<N>(field(2));
    if (!size) return {errc::malformed_record, line_no, "size"};
    if (!(*size > N{})) return {errc::non_positive_quantity, line_no, "size"};
    const result<N> entry = detail::parse_number<N>(field(3));
    if (!entry) return {errc::malformed_record, line_no, "entry"};
    if (!(*entry > N{})) return {errc::non_positive_price, line_no, "entry"};
    const result<N> margin = detail::parse_number<N>(field(4));
    if (!margin) return {errc::malformed_record, line_no, "margin"};
    if (*margin < N{}) return {errc::negative_amount, line_no, "margin"};
    a.size = quantity<N>{*size};
    a.entry = price<N>{*entry};
    a.margin = money<N>{*margin};
    accts.push_back(a);
    ids.emplace_back(a.id, line_no);
    if (pos > text.size()) break;
  }
  if (!have_header) return {errc::invalid_argument, line_no, ""};
  // Duplicates: report the earliest line that repeats an id seen before.
  std::sort(ids.begin(), ids.end());
  std::size_t dup_line = 0;
  for (std::size_t i = 1; i < ids.size(); ++i) {
    const bool second_of_group = ids[i].first == ids[i - 1].first && (i == 1 || ids[i - 2].first != ids[i].first);
    if (second_of_group && (dup_line == 0 || ids[i].second < dup_line)) dup_line = ids[i].second;
  }
  if (dup_line != 0) return {errc::duplicate_id, dup_line, "id"};
  out = std::move(accts);
  return {};
}

/// The accounts as CSV text in load_positions' format.
template <Number N>
[[nodiscard]] inline std::string to_csv(std::span<const account_record<N>> accts) {
  std::string s = "id,side,size,entry,margin\n";
  for (const auto& a : accts) {
    s += std::to_string(a.id);
    s += a.side == side::long_ ? ",long," : ",short,";
    solvency::detail::append_number(s, a.size.value());
    s += ',';
    solvency::detail::append_number(s, a.entry.value());
    s += ',';
    solvency::detail::append_number(s, a.margin.value());
    s += '\n';
  }
  return s;
}

}  // namespace solvency::inline v1::sim

#endif  // SOLVENCY_SIM_POPULATION_HPP
