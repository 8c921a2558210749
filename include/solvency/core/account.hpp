// solvency/core/account.hpp: a read-only view of an account.
//
// Rules take accounts as views over caller-owned memory: no copies, no
// allocation. All positions of one view settle in the same currency (the
// wallet's); several currencies and collateral haircuts are the margin
// family's business.
//
//   account_view<dec> acct{42, money{1000.0_dec}, positions};
//   result<money<dec>> e = equity<round::down>(acct, marks);  // marks parallel to positions
#ifndef SOLVENCY_CORE_ACCOUNT_HPP
#define SOLVENCY_CORE_ACCOUNT_HPP

#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <cstdint>
#include <span>
#include <type_traits>

namespace solvency::inline v1 {

using account_id = std::uint64_t;

template <Number N>
struct account_view {
  account_id id = 0;
  money<N> wallet_balance{};
  std::span<const position<N>> positions{};
};

/// Sum of the positions' unrealised PnL, each rounded in direction R (so the
/// sum is too). `marks[i]` is the mark of `positions[i]`.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr result<money<N>> unrealized_pnl(const account_view<N>& acct,
                                                       std::type_identity_t<std::span<const price<N>>> marks) noexcept {
  if (marks.size() != acct.positions.size()) return failure{errc::size_mismatch};
  money<N> total{};
  for (std::size_t i = 0; i < marks.size(); ++i) {
    if (const auto v = validate(acct.positions[i]); !v) return failure{v.error()};
    if (!(marks[i].value() > N{})) return failure{errc::non_positive_price};
    total += pnl<R>(acct.positions[i], marks[i]);
  }
  return checked(total.value()).transform([](N v) { return money<N>{v}; });
}

/// Wallet balance plus unrealised PnL.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr result<money<N>> equity(const account_view<N>& acct,
                                               std::type_identity_t<std::span<const price<N>>> marks) noexcept {
  return unrealized_pnl<R>(acct, marks).and_then([&](money<N> u) -> result<money<N>> {
    const money<N> e = acct.wallet_balance + u;
    if (!e.is_valid()) return failure{error_of(e.value())};
    return e;
  });
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_CORE_ACCOUNT_HPP
