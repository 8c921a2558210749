// Shared helpers of the ADL unit tests: holders and generated books.
#ifndef SOLVENCY_TESTS_UNIT_ADL_SUPPORT_HPP
#define SOLVENCY_TESTS_UNIT_ADL_SUPPORT_HPP

#include <solvency/adl/concepts.hpp>

#include "check.hpp"

#include <cstdint>
#include <vector>

namespace adl_test {
using namespace solvency;

template <class N>
constexpr adl::holder<N> linear_holder(account_id id, side s, N size, N entry, N wallet, N other = N{},
                                       N mult = from_int<N>(1)) {
  return {id, position<N>{s, quantity<N>{size}, price<N>{entry}, linear_contract(mult)}, money<N>{wallet},
          money<N>{other}, money<N>{}};
}
template <class N>
constexpr adl::holder<N> inverse_holder(account_id id, side s, N contracts, N entry, N wallet, N face = from_int<N>(1)) {
  return {id, position<N>{s, quantity<N>{contracts}, price<N>{entry}, inverse_contract(face)}, money<N>{wallet},
          money<N>{}, money<N>{}};
}

/// A generated book: `n` holders on side `s` around `mark`, integer sizes
/// 1..max_size, entries within +-30% of the mark on a 0.5 grid, wallets
/// 5%..105% of the entry notional (positive, so every holder starts with
/// wallet >= 0), ids a shuffled range starting at `first_id`.
template <class N>
std::vector<adl::holder<N>> book(std::uint64_t seed, std::size_t n, side s, std::int64_t mark,
                                 std::int64_t max_size = 20, account_id first_id = 1) {
  solvency_test::rng r{seed};
  std::vector<adl::holder<N>> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t size = 1 + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(max_size)));
    const std::int64_t lo = mark * 7 / 10, hi = mark * 13 / 10;
    const std::int64_t entry2 = 2 * lo + static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(2 * (hi - lo))));
    const N entry = div<round::down>(from_int<N>(entry2), from_int<N>(2));
    const std::int64_t pct = 5 + static_cast<std::int64_t>(r.below(101));
    const N wallet = div<round::down>(mul<round::down>(from_int<N>(size * pct), entry), from_int<N>(100));
    v.push_back(linear_holder<N>(first_id + i, s, from_int<N>(size), entry, wallet));
  }
  for (std::size_t i = n; i > 1; --i) std::swap(v[i - 1].id, v[r.below(i)].id);
  return v;
}
}  // namespace adl_test

#endif
