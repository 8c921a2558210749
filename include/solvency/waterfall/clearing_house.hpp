// solvency/waterfall/clearing_house.hpp: the mutualised stages of a
// clearing house's default waterfall.
//
// Types in this header (namespace solvency::waterfall):
//
//   default_fund<N>  members' default-fund contributions, charged pro rata to
//                    what each still has in the fund; rounding dust to a
//                    named party
//   assessments<N>   members' assessment limits (unfunded calls beyond the
//                    contribution), charged pro rata the same way
//
// The defaulter's own contribution is a default_fund over a span of one
// member, placed before the house's capital; the survivors' fund is another
// default_fund over the surviving members, after it (waterfall/presets.hpp
// builds the whole clearing-house order).
//
// Rounding: each member pays ceil(loss x stake / total), never more than its
// stake, so the members together pay at least the loss; the excess (at most
// one unit of the last digit per member) goes to `dust_to`. Each member's
// payment is recorded member(id) -> loss(trader) with reason default_fund
// (or assessment), and member(id) -> dust_to with reason rounding_dust.
//
//   std::array<waterfall::stake<dec>, 3> members{{{1, money{100.0_dec}}, {2, money{200.0_dec}}, {3, money{700.0_dec}}}};
//   waterfall::default_fund<dec> fund{.members = members, .dust_to = party::clearing_house(0)};
//   fund.absorb(event, money{500.0_dec}, ledger);  // 50, 100, 350
#ifndef SOLVENCY_WATERFALL_CLEARING_HOUSE_HPP
#define SOLVENCY_WATERFALL_CLEARING_HOUSE_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>
#include <solvency/waterfall/stages.hpp>

#include <span>

namespace solvency::inline v1 {
namespace waterfall {

/// A clearing-house default fund: members' contributions (in host memory),
/// charged pro rata. Needs ledger room for two transfers per member.
template <Number N>
struct default_fund {
  std::span<stake<N>> members{};       ///< member id and contribution still in the fund
  party dust_to = party::dust(0);      ///< who receives the rounding excess

  /// What the fund still holds (an error for a negative or invalid stake, or an overflowing sum).
  [[nodiscard]] constexpr result<money<N>> total() const noexcept {
    return detail::total_of<N>(std::span<const stake<N>>(members));
  }

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    return detail::pro_rata_charge(members, party_kind::member, transfer_reason::default_fund, dust_to, ev,
                                   outstanding, l);
  }
};

/// Member assessments: each member's limit on further calls (often a
/// multiple of its contribution, computed by the host), charged pro rata.
/// Needs ledger room for two transfers per member.
template <Number N>
struct assessments {
  std::span<stake<N>> members{};       ///< member id and what it can still be assessed
  party dust_to = party::dust(0);

  [[nodiscard]] constexpr result<money<N>> total() const noexcept {
    return detail::total_of<N>(std::span<const stake<N>>(members));
  }

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    return detail::pro_rata_charge(members, party_kind::member, transfer_reason::assessment, dust_to, ev,
                                   outstanding, l);
  }
};

static_assert(WaterfallStage<default_fund<dec>, dec>);
static_assert(WaterfallStage<default_fund<double>, double>);
static_assert(WaterfallStage<assessments<dec>, dec>);
static_assert(WaterfallStage<assessments<double>, double>);

}  // namespace waterfall
}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_CLEARING_HOUSE_HPP
