// solvency/detail/append_number.hpp: a number's text appended to a string.
//
// The shortest text that reads back to the same value: std::to_chars for
// double, decimal<S>::to_chars for a decimal. The simulator's CSV writers
// (sim::to_csv, sim::sweep_csv) use it.
#ifndef SOLVENCY_DETAIL_APPEND_NUMBER_HPP
#define SOLVENCY_DETAIL_APPEND_NUMBER_HPP

#include <solvency/config.hpp>
#include <solvency/numeric/number.hpp>

#include <charconv>
#include <string>
#include <type_traits>

namespace solvency::inline v1::detail {

template <Number N>
inline void append_number(std::string& s, N v) {
  if constexpr (std::is_floating_point_v<N>) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    s.append(buf, r.ptr);
  } else {
    char buf[N::max_chars];
    const auto r = v.to_chars(buf, buf + sizeof buf);
    s.append(buf, r.ptr);
  }
}

}  // namespace solvency::inline v1::detail

#endif  // SOLVENCY_DETAIL_APPEND_NUMBER_HPP
