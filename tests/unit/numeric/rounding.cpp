// Tests for solvency/numeric/rounding.hpp: the direction tags and the one
// decision every rounded operation makes.
#include <solvency/numeric/rounding.hpp>

#include "check.hpp"

using namespace solvency;
using solvency::detail::half_compare;
using solvency::detail::round_increments;

namespace {
struct not_empty {
  static constexpr round_kind kind = round_kind::up;
  int x;
};
}  // namespace

TEST_CASE("every tag satisfies RoundingMode; other types do not") {
  static_assert(RoundingMode<round::nearest_away>);
  static_assert(!RoundingMode<int>);
  static_assert(!RoundingMode<round_kind>);
  static_assert(!RoundingMode<not_empty>);
  CHECK(not_empty::kind == round_kind::up);  // a kind alone is not enough: the tag must be empty
  CHECK(round::up::kind == round_kind::up);
}

TEST_CASE("opposite directions") {
  static_assert(std::is_same_v<opposite_rounding_t<round::down>, round::up>);
  static_assert(std::is_same_v<opposite_rounding_t<round::up>, round::down>);
  static_assert(std::is_same_v<opposite_rounding_t<round::toward_zero>, round::away_from_zero>);
  static_assert(std::is_same_v<opposite_rounding_t<round::away_from_zero>, round::toward_zero>);
  static_assert(std::is_same_v<opposite_rounding_t<round::nearest_even>, round::nearest_even>);
  CHECK(true);
}

TEST_CASE("increment decisions, one row per (mode, sign, fraction)") {
  // Exact results never move.
  for (auto k : {round_kind::down, round_kind::up, round_kind::toward_zero, round_kind::away_from_zero,
                 round_kind::nearest_even, round_kind::nearest_away})
    for (bool neg : {false, true}) CHECK_FALSE(round_increments(k, neg, true, -1, false));
  // Below half
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::down, true, false, -1, true));
  SOLVENCY_CHECK_CONSTEXPR(!round_increments(round_kind::down, false, false, -1, true));
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::up, false, false, -1, true));
  SOLVENCY_CHECK_CONSTEXPR(!round_increments(round_kind::up, true, false, -1, true));
  SOLVENCY_CHECK_CONSTEXPR(!round_increments(round_kind::toward_zero, true, false, 1, true));
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::away_from_zero, false, false, -1, true));
  SOLVENCY_CHECK_CONSTEXPR(!round_increments(round_kind::nearest_even, false, true, -1, true));
  SOLVENCY_CHECK_CONSTEXPR(!round_increments(round_kind::nearest_away, false, true, -1, true));
  // Ties
  SOLVENCY_CHECK_CONSTEXPR(!round_increments(round_kind::nearest_even, false, false, 0, true));
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::nearest_even, false, true, 0, true));
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::nearest_away, true, false, 0, true));
  // Above half
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::nearest_even, false, false, 1, true));
  SOLVENCY_CHECK_CONSTEXPR(round_increments(round_kind::nearest_away, false, false, 1, true));
}

TEST_CASE("half_compare") {
  SOLVENCY_CHECK_CONSTEXPR(half_compare(5, 10) == 0);
  SOLVENCY_CHECK_CONSTEXPR(half_compare(4, 10) == -1);
  SOLVENCY_CHECK_CONSTEXPR(half_compare(6, 10) == 1);
  SOLVENCY_CHECK_CONSTEXPR(half_compare(1, 3) == -1);
  SOLVENCY_CHECK_CONSTEXPR(half_compare(2, 3) == 1);
  SOLVENCY_CHECK_CONSTEXPR(half_compare(1ull << 63, ~0ull) == 1);  // no overflow near the top
  SOLVENCY_CHECK_CONSTEXPR(half_compare((1ull << 63) - 1, ~0ull) == -1);
}
