// solvency/venues/kraken.hpp: Kraken Futures, single-collateral inverse
// perpetuals (PI_XBTUSD and the like, 1 USD per contract).
//
// Sources (venues.md 11): the margin schedule
// (https://support.kraken.com/hc/en-us/articles/15579128794772), the Equity
// Protection Process (https://support.kraken.com/hc/en-us/articles/360022835671).
//
// Conventions composed here:
//   margin model   size levels in CONTRACTS with an IM and an MM percentage
//                  each, the whole position at its level's rate, no deduction
//                  (tiered_whole_position by size), a size at a level's upper
//                  bound in that level
//   measured at    MM on the position's value in coin at the mark, F / P;
//                  no fee in the requirement
//   margin         the collateral balance (single-collateral: the coin);
//                  multi-collateral equity is collateral_equity's business
//   reduces to     LP_long = Q (1 + MMR) / (Q / E + M) within one level
//   bankruptcy     equity exhausted (Kraken's equity never goes negative: the
//                  Equity Protection Process closes before)
//   display        Kraken shows integer prices; the direction is not stated:
//                  nearest, to 1 USD
//
// Verified (tests/unit/venues/kraken.cpp): the inverse formula above on
// generated positions; no Kraken liquidation price is published with its
// inputs in venues.md.
// Not verified: whether a level's percentages apply to the whole position or
// to the slice in each level could not be confirmed (whole position here, as
// the venue's "level" wording suggests); the published schedule lists ten
// IM/MM pairs for nine size ranges (one marked "-"), so which pair belongs
// above 6M contracts is ambiguous: no default table is shipped, build one
// with make_levels from the venue's current schedule. The multi-collateral
// linear classes' tables were cut off (FLAG).
#ifndef SOLVENCY_VENUES_KRAKEN_HPP
#define SOLVENCY_VENUES_KRAKEN_HPP

#include <solvency/config.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/venues/rulebook.hpp>

#include <span>
#include <type_traits>

namespace solvency::inline v1::venues::kraken {

/// Integer prices, nearest.
using display_rounding = uniform_rounding<round::nearest_away>;
template <Number N>
[[nodiscard]] constexpr price_delta<N> display_step() noexcept {
  return price_delta<N>{from_int<N>(1)};
}

/// MM at the mark on the value in coin, no fee; levels by contracts.
template <Number N>
[[nodiscard]] constexpr liquidation_convention<N> convention() noexcept {
  return liquidation_convention<N>::measured_at(measure_at::mark);
}

template <Number N>
using rulebook = venues::rulebook<tiered_whole_position<N>, display_rounding>;

template <MarginModel M>
[[nodiscard]] constexpr venues::rulebook<M, display_rounding> make_rulebook(
    M model, price_delta<typename M::number_type> tick = {}) noexcept {
  using N = typename M::number_type;
  return {"Kraken Futures", model, convention<N>(), tick, display_step<N>()};
}

/// One level of the margin schedule: up to `max_contracts`, initial and
/// maintenance percentages as fractions (2% = 0.02).
template <Number N>
struct level {
  N max_contracts{};
  N initial{};
  N maintenance{};
};

/// The margin model over schedule levels, written to `buffer` (caller-owned,
/// at least as long, outliving the model); the maximum leverage of a level
/// is 1 / IM, rounded down. Errors: size_mismatch (buffer too short),
/// invalid_argument for an IM <= 0, then those of tier_table_view::make
/// (levels that do not increase, MM above IM, ...).
template <Number N>
[[nodiscard]] constexpr result<tiered_whole_position<N>> make_levels(std::span<const level<N>> levels,
                                                                     std::span<tier_row<N>> buffer) noexcept {
  if (buffer.size() < levels.size()) return failure{errc::size_mismatch};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const level<N>& l = levels[i];
    if (!is_valid(l.initial)) return failure{error_of(l.initial)};
    if (!(l.initial > N{})) return failure{errc::invalid_argument};
    buffer[i] = {l.max_contracts, rate<N>{l.maintenance}, rate<N>{l.initial},
                 rate<N>{div<round::down>(from_int<N>(1), l.initial)}, money<N>{}, false};
  }
  return tier_table_view<N>::make(std::span<const tier_row<N>>(buffer.first(levels.size())), cap_rule::inclusive)
      .transform([](const tier_table_view<N>& v) { return tiered_whole_position<N>{v, tier_basis::size}; });
}

/// PI_XBTUSD and the other single-collateral inverse perpetuals: 1 USD per contract.
template <Number N>
[[nodiscard]] constexpr contract<N> usd_contract() noexcept {
  return inverse_contract(from_int<N>(1));
}

/// The position backed by the collateral balance (coin).
template <Number N>
[[nodiscard]] constexpr margined_position<N> single_collateral(const position<N>& pos,
                                                               std::type_identity_t<money<N>> balance) noexcept {
  return {pos, balance, {}};
}

static_assert(Rulebook<rulebook<dec>>);
static_assert(Rulebook<rulebook<double>>);

}  // namespace solvency::inline v1::venues::kraken

#endif  // SOLVENCY_VENUES_KRAKEN_HPP
