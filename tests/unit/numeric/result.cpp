// Tests for solvency/numeric/result.hpp.
#include <solvency/numeric/result.hpp>

#include "check.hpp"

using namespace solvency;

namespace {
constexpr result<int> halve(int x) {
  if (x % 2 != 0) return failure{errc::invalid_argument};
  return x / 2;
}
}  // namespace

TEST_CASE("value or error") {
  SOLVENCY_CHECK_CONSTEXPR(halve(4).has_value());
  SOLVENCY_CHECK_CONSTEXPR(halve(4).value() == 2);
  SOLVENCY_CHECK_CONSTEXPR(*halve(4) == 2);
  SOLVENCY_CHECK_CONSTEXPR(!halve(3));
  SOLVENCY_CHECK_CONSTEXPR(halve(3).error() == errc::invalid_argument);
  SOLVENCY_CHECK_CONSTEXPR(halve(3).value_or(-1) == -1);
  SOLVENCY_CHECK_CONSTEXPR(halve(3) == failure{errc::invalid_argument});
  SOLVENCY_CHECK_CONSTEXPR(!(halve(4) == failure{errc::invalid_argument}));
  SOLVENCY_CHECK_CONSTEXPR(halve(4) == halve(4));
  SOLVENCY_CHECK_CONSTEXPR(!(halve(4) == halve(8)));
  SOLVENCY_CHECK_CONSTEXPR(!(halve(4) == halve(3)));
  CHECK(halve(3).message() == "argument outside its documented domain");
  CHECK(halve(4).message() == "ok");
}

TEST_CASE("transform and and_then pass errors on") {
  SOLVENCY_CHECK_CONSTEXPR(halve(8).and_then(halve).value() == 2);
  SOLVENCY_CHECK_CONSTEXPR(halve(6).and_then(halve).error() == errc::invalid_argument);
  SOLVENCY_CHECK_CONSTEXPR(halve(8).transform([](int v) { return v + 1; }).value() == 5);
  SOLVENCY_CHECK_CONSTEXPR(halve(7).transform([](int v) { return v + 1; }).error() == errc::invalid_argument);
}

TEST_CASE("result<void>") {
  constexpr result<void> ok{};
  constexpr result<void> bad = failure{errc::overflow};
  SOLVENCY_CHECK_CONSTEXPR(ok.has_value());
  SOLVENCY_CHECK_CONSTEXPR(!bad && bad.error() == errc::overflow);
  SOLVENCY_CHECK_CONSTEXPR(bad == failure{errc::overflow});
  CHECK(bad.message() == message(errc::overflow));
}
