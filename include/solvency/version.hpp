// solvency/version.hpp: the library version.
//
// The single source of truth is `project(solvency VERSION ...)` in the root
// CMakeLists.txt; configuring the project fails if these numbers disagree.
#ifndef SOLVENCY_VERSION_HPP
#define SOLVENCY_VERSION_HPP

#include <solvency/config.hpp>

#define SOLVENCY_VERSION_MAJOR 0
#define SOLVENCY_VERSION_MINOR 1
#define SOLVENCY_VERSION_PATCH 0
#define SOLVENCY_VERSION_STRING "0.1.0"

namespace solvency::inline v1 {

struct version_info {
  int major;
  int minor;
  int patch;
};

inline constexpr version_info version{SOLVENCY_VERSION_MAJOR, SOLVENCY_VERSION_MINOR,
                                      SOLVENCY_VERSION_PATCH};

}  // namespace solvency::inline v1

#endif  // SOLVENCY_VERSION_HPP
