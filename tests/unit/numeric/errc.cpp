// Tests for solvency/numeric/errc.hpp.
#include <solvency/numeric/errc.hpp>

#include "check.hpp"

#include <set>
#include <string_view>

using namespace solvency;

TEST_CASE("every code has a distinct name and a message; arithmetic codes fit in a decimal") {
  const errc all[] = {errc::overflow, errc::division_by_zero, errc::not_a_number, errc::infinite,
                      errc::malformed_number, errc::inexact, errc::invalid_number,
                      errc::non_positive_price, errc::non_positive_quantity, errc::size_mismatch,
                      errc::invalid_argument, errc::empty_table, errc::table_not_increasing,
                      errc::deduction_mismatch, errc::leverage_above_max, errc::no_solution, errc::plan_full,
                      errc::negative_amount, errc::ledger_full, errc::empty_queue,
                      errc::non_positive_equity, errc::malformed_record, errc::duplicate_id};
  std::set<std::string_view> names, messages;
  for (errc e : all) {
    CHECK(name(e) != "unknown");
    CHECK(message(e) != "unknown error");
    names.insert(name(e));
    messages.insert(message(e));
  }
  CHECK(names.size() == std::size(all));
  CHECK(messages.size() == std::size(all));
  static_assert(static_cast<int>(errc::invalid_number) < 16);
  CHECK(name(static_cast<errc>(200)) == "unknown");
  CHECK(message(static_cast<errc>(200)) == "unknown error");
}
