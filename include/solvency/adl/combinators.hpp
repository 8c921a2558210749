// solvency/adl/combinators.hpp: rankings made of rankings.
//
// Combinators in this header (namespace solvency::adl), each an AdlRanking:
//
//   hierarchy<A, B, ...>   lexicographic: A's score decides, B breaks A's
//                          ties, and so on (then the account id, as always).
//                          Its score is std::tuple<score of A, score of B, ...>
//   blend<A, B, ...>       a weighted sum w_A * score_A + w_B * score_B + ...
//                          with integer weights (exact in dec); each part's
//                          score must be a number N
//
// A venue's custom rule is one line:
//
//   using my_rule = adl::hierarchy<adl::highest_leverage, adl::largest_position, adl::funding_paid>;
//   adl::blend<adl::bitmex_ranking, adl::pnl_to_equity> mixed{{}, {3, 1}};   // 3:1
//
// Traits compose: a combination moves with the mark if any part does, is
// winners-only if any part is, and declares a monotonicity only when every
// part declares it (a lexicographic order and a non-negative weighted sum
// of non-decreasing scores are non-decreasing). Its execution price is the
// first part's. Pro rata parts are not combinable (they are not an order).
#ifndef SOLVENCY_ADL_COMBINATORS_HPP
#define SOLVENCY_ADL_COMBINATORS_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/config.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace solvency::inline v1::adl {

namespace detail {
template <class... Rs>
[[nodiscard]] consteval ranking_traits combine_traits() noexcept {
  static_assert(sizeof...(Rs) >= 1, "a combination needs at least one ranking");
  static_assert((!ranking_traits(Rs::traits).pro_rata && ...), "pro rata is a sharing rule, not an order: not combinable");
  constexpr ranking_traits first = std::get<0>(std::tuple{Rs::traits...});
  return ranking_traits{.mark_dependent = (ranking_traits(Rs::traits).mark_dependent || ...),
                        .profit_monotone = (ranking_traits(Rs::traits).profit_monotone && ...),
                        .leverage_monotone = (ranking_traits(Rs::traits).leverage_monotone && ...),
                        .winners_only = (ranking_traits(Rs::traits).winners_only || ...),
                        .pro_rata = false,
                        .execution = first.execution};
}
}  // namespace detail

/// Lexicographic composition: the first ranking decides, the next ones
/// break its ties.
template <class... Rs>
struct hierarchy {
  std::tuple<Rs...> parts{};
  static constexpr ranking_traits traits = detail::combine_traits<Rs...>();

  template <Number N>
  [[nodiscard]] constexpr result<std::tuple<score_t<Rs, N>...>> score(const holder<N>& h, price<N> mark) const noexcept {
    std::tuple<score_t<Rs, N>...> out{};
    errc err{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if (err != errc{}) return;
            const auto s = std::get<I>(parts).score(h, mark);
            if (!s) {
              err = s.error();
              return;
            }
            std::get<I>(out) = *s;
          }(),
          ...);
    }(std::index_sequence_for<Rs...>{});
    if (err != errc{}) return failure{err};
    return out;
  }
};

/// Weighted sum of numeric scores with integer weights (negative weights
/// are refused with invalid_argument: they would break the declared
/// monotonicity).
template <class... Rs>
struct blend {
  std::tuple<Rs...> parts{};
  std::array<std::int64_t, sizeof...(Rs)> weights{};
  static constexpr ranking_traits traits = detail::combine_traits<Rs...>();

  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    static_assert((std::is_same_v<score_t<Rs, N>, N> && ...), "blend: every part's score must be the number N");
    N sum{};
    errc err{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if (err != errc{}) return;
            if (weights[I] < 0) {
              err = errc::invalid_argument;
              return;
            }
            const auto s = std::get<I>(parts).score(h, mark);
            if (!s) {
              err = s.error();
              return;
            }
            sum = sum + mul<round::down>(from_int<N>(weights[I]), *s);
          }(),
          ...);
    }(std::index_sequence_for<Rs...>{});
    if (err != errc{}) return failure{err};
    if (!is_valid(sum)) return failure{error_of(sum)};
    return sum;
  }
};

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_COMBINATORS_HPP
