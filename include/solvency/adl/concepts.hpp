// solvency/adl/concepts.hpp: what an auto-deleveraging ranking is.
//
// Types and concepts in this header (namespace solvency::adl):
//
//   holder<N>          one candidate counterparty: an account id, its position
//                      in the market being deleveraged, the account's wallet
//                      balance and the unrealised PnL of its other positions
//   equity(h, mark)    wallet + other PnL + this position's PnL at the mark
//   validate(h, mark)  the checks every ranking applies first
//   price_rule         where ADL closes counterparties: the bankrupt
//                      position's bankruptcy price, the mark, the previous mark
//   ranking_traits     what a ranking declares: whether scores move with the
//                      mark, which monotonicity it promises, whether only
//                      winners are eligible, whether it shares pro rata, and
//                      its venue's execution price
//   AdlRanking         a policy with `score(holder, mark) -> result<S>` (S
//                      ordered by `<`, higher is deleveraged first) and traits
//   score_t<R, N>      the score type S of ranking R over N
//   score_bounds       what an optional `bounds(h, mark)` promises of a score
//                      without computing it (BoundedAdlRanking): queues
//                      skip the exact scoring of holders far from the top
//   triage_of(r, h, mark, t)
//                      what queues ask of each holder against a threshold:
//                      below it, excluded, not a candidate, or unknown (the
//                      ranking's own faster `triage` for t > 0 if it has one)
//   ranks_before(...)  the total order: higher score first, then lower
//                      account id (the explicit tie-break)
//
//   adl::holder<dec> h{7, position<dec>{side::short_, quantity{2.0_dec}, price{100.0_dec}, {}},
//                      money{50.0_dec}};
//   result<dec> s = adl::bitmex_ranking{}.score(h, price{90.0_dec});
//
// A score's failure is either "not a candidate" (errc::non_positive_equity:
// the holder is itself bankrupt at the mark; queues leave it out) or bad
// input (NaN, an error value, a non-positive price or size: queues stop and
// return it).
#ifndef SOLVENCY_ADL_CONCEPTS_HPP
#define SOLVENCY_ADL_CONCEPTS_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/detail/splitmix64.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <concepts>
#include <cstdint>
#include <type_traits>

namespace solvency::inline v1::adl {

/// One candidate counterparty of ADL in one market.
///
/// `wallet_balance` is the account's wallet balance (cross margin) or the
/// position's isolated margin; `other_pnl` is the unrealised PnL of the
/// account's other positions at their own marks (0 when isolated). The
/// account's equity at mark P is then `wallet_balance + other_pnl +
/// pnl(pos, P)`, so a ranking can rescore the holder when this market's mark
/// moves without seeing the other markets. `funding_paid` is the funding the
/// position paid since it opened (positive = paid); only rankings that use it
/// (`adl::funding_paid`) read it.
template <Number N>
struct holder {
  account_id id = 0;
  position<N> pos{};
  money<N> wallet_balance{};
  money<N> other_pnl{};
  money<N> funding_paid{};

  friend constexpr bool operator==(const holder&, const holder&) = default;
};

/// Wallet + other PnL + this position's PnL at `mark`, rounded in direction R.
template <RoundingMode R, Number N>
[[nodiscard]] constexpr money<N> equity(const holder<N>& h, price<N> mark) noexcept {
  return h.wallet_balance + h.other_pnl + pnl<R>(h.pos, mark);
}

/// The checks every ranking applies before scoring: a valid position, valid
/// money fields, a positive valid mark.
template <Number N>
[[nodiscard]] constexpr result<void> validate(const holder<N>& h, price<N> mark) noexcept {
  if (!mark.is_valid()) return failure{error_of(mark.value())};
  if (!(mark.value() > N{})) return failure{errc::non_positive_price};
  if (const auto v = solvency::validate(h.pos); !v) return v;
  if (!h.wallet_balance.is_valid()) return failure{error_of(h.wallet_balance.value())};
  if (!h.other_pnl.is_valid()) return failure{error_of(h.other_pnl.value())};
  if (!h.funding_paid.is_valid()) return failure{error_of(h.funding_paid.value())};
  return {};
}

/// Where ADL closes the counterparties.
enum class price_rule : std::uint8_t {
  bankruptcy,     ///< the bankrupt position's bankruptcy price (BitMEX, Binance, Bybit, dYdX)
  mark,           ///< the mark price (OKX's normal case)
  previous_mark,  ///< the previous mark price (Hyperliquid)
};

/// What a ranking declares about itself; the testing kit checks the claims.
struct ranking_traits {
  /// Scores change when the mark moves (a queue rescores only then).
  bool mark_dependent = true;
  /// Among holders in profit, more profit (a better entry, the same wallet)
  /// never ranks lower.
  bool profit_monotone = false;
  /// Among holders in profit, more leverage (a smaller wallet, the same
  /// position) never ranks lower.
  bool leverage_monotone = false;
  /// Only holders with a positive PnL at the mark are candidates.
  bool winners_only = false;
  /// The quantity is shared pro rata to size over every candidate instead of
  /// being taken from the top of the ranking.
  bool pro_rata = false;
  /// The venue's execution price.
  price_rule execution = price_rule::bankruptcy;
};

namespace detail {
template <class T>
inline constexpr bool is_result = false;
template <class T>
inline constexpr bool is_result<result<T>> = true;
}  // namespace detail

/// A ranking score: copyable and ordered by `<` (higher ranks first).
template <class S>
concept AdlScore = std::copyable<S> && std::default_initializable<S> && requires(const S& a, const S& b) {
  { a < b } -> std::convertible_to<bool>;
};

/// A ranking policy over numbers N.
template <class R, class N>
concept AdlRanking = Number<N> && std::copy_constructible<R> &&
    requires(const R& r, const holder<N>& h, price<N> mark) {
      { r.score(h, mark) };
      requires detail::is_result<decltype(r.score(h, mark))>;
      requires AdlScore<typename decltype(r.score(h, mark))::value_type>;
      { R::traits } -> std::convertible_to<ranking_traits>;
    };

/// What a ranking's optional `bounds(h, mark)` says of a holder without
/// computing its exact score: nothing (`unknown`: score it exactly), that it
/// is not a candidate at all (`not_candidate`: a winners-only ranking's
/// loser), that its scoring fails with non_positive_equity (`excluded`), or
/// (`bounded`) that it is a candidate whose exact score, read as a count of
/// N's resolution (decimal<S>'s raw(), a double's value), lies within
/// [(num - err) / den, (num + err) / den], den > 0 (a fraction, so that
/// nothing is divided per holder).
/// Queues use it to leave out holders that cannot rank near the top without
/// scoring them exactly (queue::select): the order they visit is the exact
/// order all the same. Every answer but `unknown` is a promise (the holder
/// is valid input; `bounded`: score(h, mark) succeeds and its value lies in
/// the interval, with `err` large enough to absorb the few roundings of
/// evaluating it in double); testing::check_bounds checks them.
struct score_bounds {
  enum class kind : std::uint8_t { unknown, not_candidate, excluded, bounded };
  kind state = kind::unknown;
  double num = 0.0;
  double err = 0.0;
  double den = 1.0;

  [[nodiscard]] constexpr double lo() const noexcept { return (num - err) / den; }
  [[nodiscard]] constexpr double hi() const noexcept { return (num + err) / den; }
  /// Bounded, and the score is certainly below `t` (a count): num + err <
  /// t x den, with a millionth of err to spare for the roundings.
  [[nodiscard]] constexpr bool certainly_below(double t) const noexcept {
    return (state == kind::bounded) & (num + err * 1.000001 < t * den);
  }
};

/// The score type of ranking R over N.
template <class R, Number N>
using score_t = typename decltype(std::declval<const R&>().score(std::declval<const holder<N>&>(),
                                                                  std::declval<price<N>>()))::value_type;

/// A ranking whose scores are numbers N and that offers bounds(h, mark).
template <class R, class N>
concept BoundedAdlRanking = AdlRanking<R, N> && std::same_as<score_t<R, N>, N> &&
    requires(const R& r, const holder<N>& h, price<N> mark) {
      { r.bounds(h, mark) } -> std::same_as<score_bounds>;
    };

/// What the pass of queue::select needs to know of a holder against a
/// threshold t (a count of N's resolution), without its exact score.
enum class triage : std::uint8_t {
  unknown,        ///< score it exactly
  not_candidate,  ///< not a candidate at all (score_bounds::kind::not_candidate)
  excluded,       ///< its scoring fails with non_positive_equity
  below,          ///< a candidate whose score certainly lies below t
};

namespace detail {
/// The triage a holder's bounds give against t.
[[nodiscard]] constexpr triage triage_from(const score_bounds& b, double t) noexcept {
  switch (b.state) {
    case score_bounds::kind::not_candidate: return triage::not_candidate;
    case score_bounds::kind::excluded: return triage::excluded;
    case score_bounds::kind::bounded: return b.certainly_below(t) ? triage::below : triage::unknown;
    default: return triage::unknown;
  }
}

/// triage_of for a threshold t > 0, tested once by the caller for many
/// holders (queue::select's pass): the ranking's member without the test.
template <class R, Number N>
  requires BoundedAdlRanking<R, N>
[[nodiscard]] SOLVENCY_HOT constexpr triage triage_above(const R& r, const holder<N>& h, price<N> mark,
                                                         double t) noexcept {
  if constexpr (requires { { r.triage(h, mark, t) } -> std::same_as<triage>; })
    return r.triage(h, mark, t);
  else
    return triage_from(r.bounds(h, mark), t);
}
}  // namespace detail

/// The triage of holder `h` against `t`: a BoundedAdlRanking may answer
/// faster than its bounds() by a member `triage(h, mark, t) -> adl::triage`,
/// asked for t > 0 only (the same promises; `unknown` is always allowed).
/// For t <= 0, and without it, from bounds(h, mark).
template <class R, Number N>
  requires BoundedAdlRanking<R, N>
[[nodiscard]] SOLVENCY_HOT constexpr triage triage_of(const R& r, const holder<N>& h, price<N> mark, double t) noexcept {
  if (t > 0.0) return detail::triage_above(r, h, mark, t);
  return detail::triage_from(r.bounds(h, mark), t);
}

/// The total order of ADL: a higher score first; equal scores by the lower
/// account id. Scores must be valid (a score's result was checked).
template <class S>
[[nodiscard]] constexpr bool ranks_before(const S& a, account_id a_id, const S& b, account_id b_id) noexcept {
  if (b < a) return true;
  if (a < b) return false;
  return a_id < b_id;
}

/// Is `h` a candidate at all: a non-empty position and, for a winners-only
/// ranking, a positive PnL at the mark.
template <class R, Number N>
[[nodiscard]] constexpr bool candidate(const holder<N>& h, price<N> mark) noexcept {
  if (!(h.pos.size.value() > N{})) return false;
  if constexpr (ranking_traits(R::traits).winners_only) return pnl<round::down>(h.pos, mark).value() > N{};
  return true;
}

namespace detail {
template <Number N>
[[nodiscard]] constexpr N abs_n(N x) noexcept {
  return x < N{} ? -x : x;
}
/// splitmix64's step: the pseudo-random function of dydx_random.
using solvency::detail::mix64;
}  // namespace detail

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_CONCEPTS_HPP
