// solvency/core/side.hpp: long or short.
#ifndef SOLVENCY_CORE_SIDE_HPP
#define SOLVENCY_CORE_SIDE_HPP

#include <solvency/config.hpp>

#include <cstdint>
#include <string_view>

namespace solvency::inline v1 {

/// The direction of a position. The underlying value is the sign that venue
/// formulas write as `side` (+1 long, -1 short).
enum class side : std::int8_t {
  long_ = 1,
  short_ = -1,
};

[[nodiscard]] constexpr int sign(side s) noexcept { return static_cast<int>(s); }
[[nodiscard]] constexpr side opposite(side s) noexcept {
  return s == side::long_ ? side::short_ : side::long_;
}
[[nodiscard]] constexpr bool is_valid(side s) noexcept {
  return s == side::long_ || s == side::short_;
}
[[nodiscard]] constexpr std::string_view name(side s) noexcept {
  return s == side::long_ ? "long" : (s == side::short_ ? "short" : "invalid");
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_CORE_SIDE_HPP
