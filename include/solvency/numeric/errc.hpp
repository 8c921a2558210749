// solvency/numeric/errc.hpp: the error codes of every expected failure.
//
// One enum for the whole library, so a caller switches over one set of
// values whatever rule produced them. The first fifteen codes are the
// arithmetic ones: a fixed-point `decimal` can carry exactly those inside its
// own representation (see decimal.hpp), so they must stay below 16.
#ifndef SOLVENCY_NUMERIC_ERRC_HPP
#define SOLVENCY_NUMERIC_ERRC_HPP

#include <solvency/config.hpp>

#include <cstdint>
#include <string_view>

namespace solvency::inline v1 {

enum class errc : std::uint8_t {
  // --- arithmetic (storable in a decimal; keep below 16) ---
  overflow = 1,         ///< a result outside the representable range
  division_by_zero = 2, ///< a divisor was zero
  not_a_number = 3,     ///< a NaN double was given
  infinite = 4,         ///< an infinite double was given
  malformed_number = 5, ///< a decimal string that is not a number
  inexact = 6,          ///< an exact conversion was asked for and digits would be lost
  invalid_number = 7,   ///< an input number that is itself an error value
  // --- domain input ---
  non_positive_price = 16,    ///< a price of zero or less
  non_positive_quantity = 17, ///< a size or contract multiplier of zero or less
  size_mismatch = 18,         ///< two spans that must be parallel differ in length
  invalid_argument = 19,      ///< any other input outside the documented domain
  // --- margin tables and models ---
  empty_table = 32,           ///< a tier table with no tiers
  table_not_increasing = 33,  ///< tier bounds, or rates, that do not increase
  deduction_mismatch = 34,    ///< a stated deduction that the tier recurrence does not give
  leverage_above_max = 35,    ///< leverage above the tier's maximum
  // --- liquidation ---
  no_solution = 48,           ///< the formula has no solution (e.g. a maintenance rate of 100% or more)
  plan_full = 49,             ///< a liquidation plan has no room for another step
  // --- waterfall and ledger ---
  negative_amount = 64,       ///< an amount that must not be negative (deficit, balance, cap) is negative
  ledger_full = 65,           ///< the caller-owned ledger has no room for another transfer
  // --- auto-deleveraging ---
  empty_queue = 80,           ///< no counterparty on the opposite side to deleverage against
  non_positive_equity = 81,   ///< an account whose equity is zero or negative where a positive one is needed
  // --- simulator and data loading ---
  malformed_record = 96,      ///< an input record (a CSV line) with a missing or malformed field
  duplicate_id = 97,          ///< an id that must be unique appears twice
};

/// A short, readable description of an error code.
[[nodiscard]] constexpr std::string_view message(errc e) noexcept {
  switch (e) {
    case errc::overflow: return "value outside the representable fixed-point range";
    case errc::division_by_zero: return "division by zero";
    case errc::not_a_number: return "not a number (NaN)";
    case errc::infinite: return "infinite value";
    case errc::malformed_number: return "malformed decimal number";
    case errc::inexact: return "value not exactly representable at this scale";
    case errc::invalid_number: return "input is an error value, not a number";
    case errc::non_positive_price: return "price must be greater than zero";
    case errc::non_positive_quantity: return "size must be greater than zero";
    case errc::size_mismatch: return "parallel inputs differ in length";
    case errc::invalid_argument: return "argument outside its documented domain";
    case errc::empty_table: return "tier table has no tiers";
    case errc::table_not_increasing: return "tier bounds or rates do not increase";
    case errc::deduction_mismatch: return "stated deduction disagrees with the tier recurrence";
    case errc::leverage_above_max: return "leverage above the tier's maximum";
    case errc::no_solution: return "the formula has no solution for these parameters";
    case errc::plan_full: return "liquidation plan has no room for another step";
    case errc::negative_amount: return "amount must not be negative";
    case errc::ledger_full: return "ledger has no room for another transfer";
    case errc::empty_queue: return "no counterparty to deleverage against";
    case errc::non_positive_equity: return "account equity is zero or negative";
    case errc::malformed_record: return "input record has a missing or malformed field";
    case errc::duplicate_id: return "id appears more than once";
  }
  return "unknown error";
}

/// The enumerator's name, for diagnostics and formatting.
[[nodiscard]] constexpr std::string_view name(errc e) noexcept {
  switch (e) {
    case errc::overflow: return "overflow";
    case errc::division_by_zero: return "division_by_zero";
    case errc::not_a_number: return "not_a_number";
    case errc::infinite: return "infinite";
    case errc::malformed_number: return "malformed_number";
    case errc::inexact: return "inexact";
    case errc::invalid_number: return "invalid_number";
    case errc::non_positive_price: return "non_positive_price";
    case errc::non_positive_quantity: return "non_positive_quantity";
    case errc::size_mismatch: return "size_mismatch";
    case errc::invalid_argument: return "invalid_argument";
    case errc::empty_table: return "empty_table";
    case errc::table_not_increasing: return "table_not_increasing";
    case errc::deduction_mismatch: return "deduction_mismatch";
    case errc::leverage_above_max: return "leverage_above_max";
    case errc::no_solution: return "no_solution";
    case errc::plan_full: return "plan_full";
    case errc::negative_amount: return "negative_amount";
    case errc::ledger_full: return "ledger_full";
    case errc::empty_queue: return "empty_queue";
    case errc::non_positive_equity: return "non_positive_equity";
    case errc::malformed_record: return "malformed_record";
    case errc::duplicate_id: return "duplicate_id";
  }
  return "unknown";
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_NUMERIC_ERRC_HPP
