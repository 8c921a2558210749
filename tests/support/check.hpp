// Test helpers shared by the unit tests.
#ifndef SOLVENCY_TESTS_SUPPORT_CHECK_HPP
#define SOLVENCY_TESTS_SUPPORT_CHECK_HPP

#include <solvency/detail/splitmix64.hpp>
#include <solvency/numeric/io.hpp>

#include <doctest/doctest.h>

#include <cstdint>

/// Checks one expression twice: at compile time (static_assert) and at run
/// time (doctest CHECK), so a constexpr path and a run-time path cannot
/// silently differ.
#define SOLVENCY_CHECK_CONSTEXPR(...) \
  do {                                \
    static_assert(__VA_ARGS__);       \
    CHECK((__VA_ARGS__));             \
  } while (false)

namespace solvency_test {

/// The library's splitmix64 (solvency/detail/splitmix64.hpp); every
/// generated test uses a fixed seed so a failure reproduces.
struct rng : solvency::detail::splitmix64 {
  constexpr rng(std::uint64_t seed) noexcept : splitmix64{seed} {}  // NOLINT: brace-initialised from a seed
  /// A signed value of a random bit length, so small and large magnitudes
  /// are both common.
  constexpr std::int64_t any_magnitude(int max_bits) noexcept {
    const int bits = static_cast<int>(below(static_cast<std::uint64_t>(max_bits))) + 1;
    const std::uint64_t mask = bits >= 64 ? ~0ull : ((1ull << bits) - 1);
    const auto v = static_cast<std::int64_t>(next() & mask & 0x7fffffffffffffffull);
    return (next() & 1u) ? -v : v;
  }
};

}  // namespace solvency_test

#endif
