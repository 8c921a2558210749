// solvency/waterfall/socialized.hpp: the last resort, spreading a loss over
// other traders.
//
// Types in this header (namespace solvency::waterfall):
//
//   pro_rata_gains_haircut<N>  winners give up part of their gains, pro rata
//                              (Vega's loss socialisation; a clearing house's
//                              variation-margin gains haircut)
//   market_index<N>            one market's open interest and cumulative
//                              social-loss index, in host memory
//   funding_index_charge<N>    the loss divided by open interest is added to a
//                              cumulative per-unit index every holder pays
//                              (Drift's cumulative funding, Mango's
//                              socialize_loss): O(1), whatever the number of
//                              holders
//   equity_haircut<N>          every account's equity cut pro rata
//                              (Percolator's equity_scale)
//
// Rounding favours the exchange: haircuts are ceil(loss x base / total) per
// payer, the index step is ceil(loss / open interest) to the last digit of
// N, so the charged total is at least the loss; the excess goes to a named
// dust party, recorded as a rounding_dust transfer.
//
//   waterfall::funding_index_charge<dec> social{.markets = markets, .dust_to = party::dust(0)};
//   social.absorb(event, money{10.0_dec}, ledger);  // index += ceil(10 / OI)
#ifndef SOLVENCY_WATERFALL_SOCIALIZED_HPP
#define SOLVENCY_WATERFALL_SOCIALIZED_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>
#include <solvency/waterfall/stages.hpp>

#include <span>

namespace solvency::inline v1 {
namespace waterfall {

/// Winners' gains cut pro rata (Vega: each winner receives
/// floor(win x collected / expected), the remainder to the network party;
/// here each winner pays ceil(loss x gain / total gains) and the excess goes
/// to `dust_to`). Reduces the gains in host memory. Needs ledger room for
/// two transfers per winner. Transfers: counterparty(id) -> loss, reason
/// socialized_loss.
template <Number N>
struct pro_rata_gains_haircut {
  std::span<stake<N>> winners{};   ///< account id and unrealised or settled gain still payable
  party dust_to = party::dust(0);

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    return detail::pro_rata_charge(winners, party_kind::counterparty, transfer_reason::socialized_loss, dust_to,
                                   ev, outstanding, l);
  }
};

/// Every account's equity cut pro rata (Percolator haircuts principal and
/// realised PnL through one scale factor). Same arithmetic as the gains
/// haircut, on a different base.
template <Number N>
struct equity_haircut {
  std::span<stake<N>> accounts{};  ///< account id and equity, never negative
  party dust_to = party::dust(0);

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    return detail::pro_rata_charge(accounts, party_kind::counterparty, transfer_reason::socialized_loss, dust_to,
                                   ev, outstanding, l);
  }
};

/// One market's open interest and its cumulative social-loss index (money
/// per unit of size). Holders settle `size x (index now - index at entry)`
/// the way they settle funding.
template <Number N>
struct market_index {
  market_id market = 0;
  quantity<N> open_interest{};   ///< the size the charge is spread over (Drift: |base long| + |base short|)
  price_delta<N> cumulative{};   ///< sum of every per-unit charge so far
  money<N> charged{};            ///< sum of every amount charged through the index (dust included)
};

/// Socialisation through a funding index: the loss divided by open interest
/// (rounded up to the last digit of N) is added to the market's cumulative
/// index. The charged total `open_interest x step` (rounded up) is at least
/// the loss; the loss is recorded open_interest(market) -> loss and the
/// excess open_interest(market) -> dust_to.
///
/// A market that is not in `markets`, or has no open interest, absorbs
/// nothing (Mango's maintainers note the loss otherwise lands on the last
/// holder to settle): the chain reports it as remainder.
template <Number N>
struct funding_index_charge {
  std::span<market_index<N>> markets{};
  party dust_to = party::dust(0);

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    if (auto r = detail::check_amount(outstanding); !r) return failure{r.error()};
    market_index<N>* m = nullptr;
    for (auto& x : markets)
      if (x.market == ev.market) {
        m = &x;
        break;
      }
    if (m == nullptr) return money<N>{};
    const N oi = m->open_interest.value();
    if (!is_valid(oi)) return failure{error_of(oi)};
    if (oi < N{}) return failure{errc::negative_amount};
    if (oi == N{} || outstanding.value() == N{}) return money<N>{};
    const price_delta<N> step = div<round::up>(outstanding, m->open_interest);
    const money<N> charged = mul<round::up>(m->open_interest, step);
    const price_delta<N> next = m->cumulative + step;
    const money<N> next_charged = m->charged + charged;
    if (!is_valid(step.value())) return failure{error_of(step.value())};
    if (!is_valid(charged.value())) return failure{error_of(charged.value())};
    if (!is_valid(next.value())) return failure{error_of(next.value())};
    if (!is_valid(next_charged.value())) return failure{error_of(next_charged.value())};
    const money<N> a = detail::min_of(charged, outstanding);
    const money<N> dust = charged - a;
    const std::size_t mark = l.size();
    const party oi_party = party::open_interest(ev.market);
    errc err{};
    if (!detail::record_or_undo(l, mark, {oi_party, party::loss(ev.trader), a, transfer_reason::socialized_loss},
                                err))
      return failure{err};
    if (!detail::record_or_undo(l, mark, {oi_party, dust_to, dust, transfer_reason::rounding_dust}, err))
      return failure{err};
    m->cumulative = next;
    m->charged = next_charged;
    return a;
  }
};

static_assert(WaterfallStage<pro_rata_gains_haircut<dec>, dec>);
static_assert(WaterfallStage<pro_rata_gains_haircut<double>, double>);
static_assert(WaterfallStage<equity_haircut<dec>, dec>);
static_assert(WaterfallStage<equity_haircut<double>, double>);
static_assert(WaterfallStage<funding_index_charge<dec>, dec>);
static_assert(WaterfallStage<funding_index_charge<double>, double>);

}  // namespace waterfall
}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_SOCIALIZED_HPP
