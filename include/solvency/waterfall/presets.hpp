// solvency/waterfall/presets.hpp: standard waterfalls built from the stages.
//
// Presets in this header (namespace solvency::waterfall):
//
//   clearing_house_chain<N>   the order of a central counterparty's default
//                             waterfall (CPMI-IOSCO PFMI, principle 4; the
//                             DennisVDB/ccp simulator's stages):
//                               1. the defaulter's margin
//                               2. the defaulter's default-fund contribution
//                               3. the house's own capital (skin in the game)
//                               4. the survivors' default fund, pro rata
//                               5. assessments of the survivors
//                               6. a haircut of variation-margin gains
//   clearing_house_waterfall(...)  builds one
//
// The venues' own waterfalls (insurance fund, ADL, socialised loss) are in
// venues/waterfalls.hpp, to the right of adl/ in the data flow.
//
//   std::array<waterfall::stake<dec>, 1> defaulter{{{9, money{50.0_dec}}}};
//   auto ccp = waterfall::clearing_house_waterfall<dec>(money{100.0_dec}, defaulter, {.id = 0, .balance = ...},
//                                                       survivors, calls, vm_gains);
//   auto r = ccp.absorb(event, ledger);
#ifndef SOLVENCY_WATERFALL_PRESETS_HPP
#define SOLVENCY_WATERFALL_PRESETS_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/waterfall/clearing_house.hpp>
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include <span>

namespace solvency::inline v1 {
namespace waterfall {

/// The clearing-house default waterfall, stage by stage (see the header
/// comment): stage<0> defaulter's margin ... stage<5> VM gains haircut.
template <Number N>
using clearing_house_chain = chain<trader_margin<N>,           // 1. the defaulter's margin
                                   default_fund<N>,            // 2. the defaulter's own contribution
                                   house_capital<N>,           // 3. skin in the game
                                   default_fund<N>,            // 4. survivors' default fund
                                   assessments<N>,             // 5. assessments
                                   pro_rata_gains_haircut<N>>; // 6. variation-margin gains haircut

/// Builds the clearing-house waterfall. Spans refer to host memory, which
/// the stages reduce as they charge it; `dust_to` receives the rounding
/// excess of every pro-rata stage (the house, typically).
template <Number N>
[[nodiscard]] constexpr clearing_house_chain<N> clearing_house_waterfall(
    money<N> defaulter_margin, std::span<stake<N>> defaulter_contribution, house_capital<N> house,
    std::span<stake<N>> survivors_fund, std::span<stake<N>> survivors_assessments, std::span<stake<N>> vm_gains,
    party dust_to = party::dust(0)) noexcept {
  return clearing_house_chain<N>{trader_margin<N>{defaulter_margin},
                                 default_fund<N>{defaulter_contribution, dust_to},
                                 house,
                                 default_fund<N>{survivors_fund, dust_to},
                                 assessments<N>{survivors_assessments, dust_to},
                                 pro_rata_gains_haircut<N>{vm_gains, dust_to}};
}

}  // namespace waterfall
}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_PRESETS_HPP
