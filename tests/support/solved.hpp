// Test helpers for solved prices, shared by the liquidation and venue tests.
#ifndef SOLVENCY_TESTS_SUPPORT_SOLVED_HPP
#define SOLVENCY_TESTS_SUPPORT_SOLVED_HPP

#include <solvency/core/contract.hpp>
#include <solvency/core/position.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/result.hpp>

#include <type_traits>

namespace solvency_test {

/// The price of a solved result that must be at a price (a precondition:
/// constant evaluation fails, and a run-time call stops, otherwise).
template <solvency::Number N>
constexpr N px(const solvency::result<solvency::solved_price<N>>& r) {
  SOLVENCY_PRECONDITION(r->state == solvency::price_state::at_price, "px: not a price");
  return r->value.value();
}

/// |a - b| <= tol.
constexpr bool near(double a, double b, double tol) { return a - b <= tol && b - a <= tol; }
/// |a - b| <= tol, and a - b representable.
constexpr bool near(solvency::dec a, solvency::dec b, solvency::dec tol) {
  return (a - b).is_valid() && !(a - b > tol) && !(b - a > tol);
}

/// x in N: exact for a double, the nearest decimal otherwise (test data
/// written as doubles).
template <solvency::Number N>
N num(double x) {
  if constexpr (std::is_same_v<N, double>)
    return x;
  else
    return N::template from_double<solvency::round::nearest_even>(x).value();
}

/// A linear position of `size` units of a coin with multiplier 1.
template <solvency::Number N>
constexpr solvency::position<N> coin_position(solvency::side s, N size, N entry) {
  return {s, solvency::quantity<N>{size}, solvency::price<N>{entry},
          solvency::linear_contract(solvency::from_int<N>(1))};
}

}  // namespace solvency_test

#endif  // SOLVENCY_TESTS_SUPPORT_SOLVED_HPP
