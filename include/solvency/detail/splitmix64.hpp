// solvency/detail/splitmix64.hpp: the one small deterministic generator.
//
// splitmix64 (Steele, Lea, Flood 2014): small, fast, the same on every
// platform, usable in constant expressions. The simulator's populations
// (sim::splitmix64), dYdX's pseudo-random ADL keys (adl::dydx_random), the
// testing kit's generated books and the test suite's generator all draw
// from it, so a seed means the same thing everywhere.
#ifndef SOLVENCY_DETAIL_SPLITMIX64_HPP
#define SOLVENCY_DETAIL_SPLITMIX64_HPP

#include <solvency/config.hpp>

#include <cstdint>

namespace solvency::inline v1::detail {

struct splitmix64 {
  std::uint64_t state = 0;
  /// The next value: the state advances by the golden-ratio increment and
  /// is mixed.
  constexpr std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n), n > 0 (the modulo bias is below 2^-40 for n below
  /// 2^24, the sizes drawn here).
  constexpr std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
};

/// One step of splitmix64 from state z: a pseudo-random function of z.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) noexcept { return splitmix64{z}.next(); }

}  // namespace solvency::inline v1::detail

#endif  // SOLVENCY_DETAIL_SPLITMIX64_HPP
