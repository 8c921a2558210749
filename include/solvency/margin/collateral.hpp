// solvency/margin/collateral.hpp: multi-collateral accounts with haircuts.
//
// Types and functions in this header:
//
//   collateral_asset<N>        a balance of one asset, its price in the
//                              valuation currency and its haircut
//   collateral_value(asset)    balance x price x (1 - haircut), rounded down
//   collateral_value(assets)   the sum over a span (or array) of assets
//   collateral_equity(assets, upnl)
//                              collateral value + unrealized PnL: the equity
//                              of a multi-collateral account (Kraken
//                              multi-collateral, Bybit UTA; venues.md 11)
//
// Use it to value a wallet of several assets in one currency; the result can
// be the wallet_balance of an account_view for cross_margin (margin/modes.hpp).
//
// Borrowed assets: a negative balance is a liability and counts at its full
// value, haircut 0. A haircut protects the exchange against a fall in the
// price of what it holds as collateral; applying it to a debt would shrink
// the debt, in the trader's favour. So a haircut never reduces a liability.
//
// Rounding: every value rounds down (toward minus infinity), the exchange's
// side: a holding is worth a little less, a debt a little more. A positive
// holding is rounded twice (value, then haircut), so it may lie one unit of
// the last place below the exactly rounded value, never above.
#ifndef SOLVENCY_MARGIN_COLLATERAL_HPP
#define SOLVENCY_MARGIN_COLLATERAL_HPP

#include <solvency/config.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <cstddef>
#include <initializer_list>
#include <ranges>
#include <span>
#include <type_traits>

namespace solvency::inline v1 {

template <Number N>
struct collateral_asset {
  N balance{};                  ///< units of the asset; negative when borrowed
  solvency::price<N> price{};   ///< price of one unit in the valuation currency, > 0
  rate<N> haircut{};            ///< 0 <= haircut < 1; ignored for a negative balance
};

/// The asset's contribution to collateral value. Errors: the number error of
/// an invalid field, non_positive_price for a price <= 0, invalid_argument
/// for a haircut outside [0, 1) (even on a borrowed asset: the row is wrong),
/// overflow.
template <Number N>
[[nodiscard]] constexpr result<money<N>> collateral_value(const collateral_asset<N>& a) noexcept {
  for (const N x : {a.balance, a.price.value(), a.haircut.value()})
    if (!is_valid(x)) return failure{error_of(x)};
  if (!(a.price.value() > N{})) return failure{errc::non_positive_price};
  const N one = from_int<N>(1);
  if (a.haircut.value() < N{} || !(a.haircut.value() < one)) return failure{errc::invalid_argument};
  const N gross = mul<round::down>(a.balance, a.price.value());
  // a debt at full value; a holding less its haircut
  const N v = a.balance < N{} ? gross : mul<round::down>(gross, one - a.haircut.value());
  if (!is_valid(v)) return failure{error_of(v)};
  return money<N>{v};
}

namespace detail {
template <class A>
struct collateral_number {};
template <Number N>
struct collateral_number<collateral_asset<N>> {
  using type = N;
};
template <class R>
using collateral_number_t = typename collateral_number<std::remove_cv_t<std::ranges::range_value_t<R>>>::type;
}  // namespace detail

/// A contiguous range of collateral assets (std::span, std::array, ...).
template <class R>
concept CollateralRange = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                          requires { typename detail::collateral_number_t<R>; };

/// The sum of the assets' collateral values (errors: the first asset's).
template <CollateralRange R, class N = detail::collateral_number_t<R>>
[[nodiscard]] constexpr result<money<N>> collateral_value(const R& assets) noexcept {
  money<N> total{};
  for (const collateral_asset<N>& a : assets) {
    const result<money<N>> v = collateral_value(a);
    if (!v) return v;
    total += *v;
    if (!total.is_valid()) return failure{error_of(total.value())};
  }
  return total;
}

/// Collateral value plus unrealized PnL (already rounded down by the caller,
/// e.g. core/account.hpp unrealized_pnl<round::down>).
template <CollateralRange R, class N = detail::collateral_number_t<R>>
[[nodiscard]] constexpr result<money<N>> collateral_equity(const R& assets,
                                                           std::type_identity_t<money<N>> unrealized_pnl) noexcept {
  if (!unrealized_pnl.is_valid()) return failure{error_of(unrealized_pnl.value())};
  return collateral_value(assets).and_then([&](money<N> v) -> result<money<N>> {
    const money<N> e = v + unrealized_pnl;
    if (!e.is_valid()) return failure{error_of(e.value())};
    return e;
  });
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_MARGIN_COLLATERAL_HPP
