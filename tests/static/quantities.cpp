// Static tests for solvency/core: which operations between kinds compile.
#include <solvency/core/account.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>

#include <type_traits>

namespace {
using namespace solvency;
using namespace solvency::literals;
using P = price<dec>;
using D = price_delta<dec>;
using Q = quantity<dec>;
using M = money<dec>;
using R = rate<dec>;

template <class A, class B>
concept addable = requires(A a, B b) { a + b; };
template <class A, class B>
concept subtractable = requires(A a, B b) { a - b; };
template <class A, class B>
concept multipliable = requires(A a, B b) { mul<round::up>(a, b); };
template <class A, class B>
concept divisible = requires(A a, B b) { div<round::up>(a, b); };
template <class A, class B>
concept star = requires(A a, B b) { a * b; };

// ===== prices are points: no sums, differences are deltas =====
static_assert(!addable<P, P>);
static_assert(std::is_same_v<decltype(P{} - P{}), D>);
static_assert(std::is_same_v<decltype(P{} + D{}), P>);
static_assert(std::is_same_v<decltype(D{} + P{}), P>);
static_assert(!subtractable<D, P>);

// ===== no mixing of kinds in sums =====
static_assert(addable<M, M> && addable<Q, Q> && addable<R, R> && addable<D, D>);
static_assert(!addable<M, Q> && !addable<Q, P> && !addable<M, P> && !addable<R, M> && !addable<M, dec>);
static_assert(!subtractable<M, Q> && !subtractable<P, M>);

// ===== only products with a meaning =====
static_assert(std::is_same_v<decltype(mul<round::up>(Q{}, P{})), M>);
static_assert(std::is_same_v<decltype(mul<round::up>(Q{}, D{})), M>);
static_assert(std::is_same_v<decltype(mul<round::up>(M{}, R{})), M>);
static_assert(std::is_same_v<decltype(mul<round::up>(Q{}, R{})), Q>);
static_assert(!multipliable<M, M> && !multipliable<P, P> && !multipliable<Q, Q> && !multipliable<M, P>);
static_assert(!multipliable<P, Q>);  // the order is fixed: quantity first
static_assert(!star<Q, P> && !star<M, R> && !star<M, M>);
static_assert(std::is_same_v<decltype(div<round::up>(M{}, Q{})), D>);
static_assert(std::is_same_v<decltype(div<round::up>(M{}, M{})), R>);
static_assert(!divisible<P, P> && !divisible<Q, M> && !divisible<R, M>);

// ===== no silent conversions from bare numbers =====
static_assert(!std::is_convertible_v<dec, P> && !std::is_convertible_v<dec, M>);
static_assert(!std::is_convertible_v<M, dec> && !std::is_convertible_v<P, Q>);
static_assert(!std::is_convertible_v<price<double>, P>);

// ===== PnL of a published-style position, at compile time =====
constexpr position<dec> pos{side::short_, Q{1.5_dec}, P{2000.0_dec}, linear_contract(1.0_dec)};
static_assert(pnl<round::down>(pos, P{1900.0_dec}) == M{150.0_dec});
static_assert(validate(pos).has_value());
}  // namespace
