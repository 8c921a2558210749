// solvency/numeric/io.hpp: stream output for decimals and error codes.
//
// Kept out of the other headers so that they do not pull in <ostream>.
#ifndef SOLVENCY_NUMERIC_IO_HPP
#define SOLVENCY_NUMERIC_IO_HPP

#include <solvency/config.hpp>
#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/errc.hpp>

#include <ostream>

namespace solvency::inline v1 {

template <int S>
std::ostream& operator<<(std::ostream& os, decimal<S> d) {
  char buf[decimal<S>::max_chars];
  const auto res = d.to_chars(buf, buf + sizeof buf);
  return os.write(buf, res.ptr - buf);
}

inline std::ostream& operator<<(std::ostream& os, errc e) { return os << name(e); }

}  // namespace solvency::inline v1

#endif  // SOLVENCY_NUMERIC_IO_HPP
