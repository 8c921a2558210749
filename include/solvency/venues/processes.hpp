// solvency/venues/processes.hpp: each venue's liquidation process, bundled.
//
// A venue liquidates with four rules beside its rulebook: a trigger
// (liquidation/trigger.hpp), a plan (liquidation/plan.hpp) - and, where
// there is one, a backstop plan -, the limit price of the liquidation order,
// and the settlement of the fill (liquidation/settlement.hpp). A `process`
// bundles them with the rulebook, flat (DESIGN.md principle 2):
//
//   auto proc = venues::bybit_linear_process(venues::bybit_linear::btcusdt_classic<dec>(), lot);
//   auto d = venues::assess(proc, mp, mark);                 // liquidation_decision
//   auto p = venues::plan_liquidation(proc, mp, mark, ctx);  // decision, prices, steps
//   auto s = venues::settle_fill(proc, in, ledger);          // split, recorded
//   if (s->deficit.value() > 0) waterfall.absorb(venues::loss_event_of(*s, in, market, now, mark), ledger);
//
// Types and functions in this header (namespace solvency::venues):
//
//   process<R, Trigger, Plan, Limit, Settle, Backstop>
//                             the bundle; number_type from the rulebook
//   process_context<N>        host time, last slice time, notional already
//                             liquidated in the window (block)
//   process_plan<N>           what plan_liquidation returns: the decision,
//                             bankruptcy and limit prices, the steps
//   assess(proc, mp, mark)    equity at the mark (equity_at) against the
//                             rulebook's maintenance requirement
//                             (maintenance_requirement), then the trigger
//   plan_liquidation(proc, mp, mark, ctx)
//                             the decision, the bankruptcy price (the
//                             rulebook's, conservative to its tick; the mark
//                             when there is none), the limit, then the plan
//                             (the backstop plan for a backstop decision)
//   margin_share(mp, size)    the margin backing `size` of the position:
//                             margin x size / position size, rounded down (the
//                             rest keeps the remainder: the shares sum to the
//                             margin exactly)
//   dydx_close_margin(decision, pos, q, oracle, mmf)
//                             dYdX's cross-subaccount margin behind a close:
//                             TNC x |dMMR| / TMMR less the PnL at the oracle
//   settle_fill(proc, in, ledger)
//                             the settlement policy's split, recorded
//   loss_event_of(s, in, market, time, mark)
//                             a settlement's deficit as a waterfall loss_event
//
//   Venue bundles (each takes the venue's rulebook, any Rulebook):
//   venue            trigger                   plan                    limit            settlement
//   Binance USD-M    margin ratio >= 100%      partial_to_lower_tier   bankruptcy       clearance_fee
//   Binance COIN-M   margin ratio >= 100%      partial_to_lower_tier   bankruptcy       clearance_fee
//   Bybit linear     margin ratio >= 100%      partial_to_lower_tier   bankruptcy       surplus_to_fund
//   Bybit inverse    margin ratio >= 100%      partial_to_lower_tier   bankruptcy       surplus_to_fund
//   OKX              margin ratio <= 100%      partial_to_lower_tier   bankruptcy       surplus_to_fund
//   BitMEX           margin ratio >= 100%      partial_to_lower_tier   bankruptcy       surplus_to_fund
//   Hyperliquid      equity < MM, backstop     slices / backstop       mark             trader_keeps_residual (no fee)
//                    below 2/3 MM
//   dYdX v4          equity < MM (TNC < MMR)   dydx_portion            fillable price   dydx_capped_fee
//   Deribit          equity < MM               deribit_incremental     mark             trader_keeps_residual (fee to the fund)
//   Kraken           equity < MM               whole_at_limit          bankruptcy       trader_keeps_residual (fee to the pool)
//
// Rates that venues.md could not retrieve (Binance's current clearance
// rate, Kraken's liquidation fee) have no default: the host passes them.
#ifndef SOLVENCY_VENUES_PROCESSES_HPP
#define SOLVENCY_VENUES_PROCESSES_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/liquidation/plan.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/liquidation/settlement.hpp>
#include <solvency/liquidation/trigger.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/venues/rulebook.hpp>
#include <solvency/waterfall/concepts.hpp>

#include <cstdint>
#include <type_traits>

namespace solvency::inline v1::venues {

/// A venue's liquidation process: its rulebook and its policies.
template <Rulebook R, class Trigger, class Plan, class Limit, class Settle, class Backstop = full_takeover>
  requires LiquidationTrigger<Trigger, typename R::number_type> && LiquidationPlan<Plan, typename R::number_type> &&
           LimitPricePolicy<Limit, typename R::number_type> &&
           LiquidationSettlement<Settle, typename R::number_type> && LiquidationPlan<Backstop, typename R::number_type>
struct process {
  using number_type = typename R::number_type;
  using rulebook_type = R;

  R rules{};
  Trigger trigger{};
  Plan plan{};          ///< the plan for liquidation_action::liquidate
  Limit limit{};        ///< the liquidation order's limit price
  Settle settlement{};  ///< the split of each fill
  Backstop backstop{};  ///< the plan for liquidation_action::backstop
};

/// What the host tells plan_liquidation besides the position.
template <Number N>
struct process_context {
  std::int64_t now = 0;              ///< host time (seconds for Hyperliquid's cooldown; block height for dYdX)
  std::int64_t last_slice = 0;       ///< time of the last partial slice ...
  bool has_last_slice = false;       ///< ... if there was one
  money<N> liquidated_in_window{};   ///< notional already liquidated in this block (dYdX)
};

/// The decision, the prices and the steps.
template <Number N>
struct process_plan {
  liquidation_decision<N> decision{};
  price<N> bankruptcy{};
  price<N> limit{};
  liquidation_plan<N> plan{};
};

/// The trigger's decision on one margined position at the mark: equity =
/// margin + PnL (rounded down), maintenance = the rulebook's requirement at
/// the mark (rounded up, fee to close per its convention). For a cross
/// account, pass the position with the margin that the cross functions give
/// it, or call assess_cross (liquidation/trigger.hpp) with the rulebook's
/// model.
template <class P, Number N = typename P::number_type>
[[nodiscard]] constexpr result<liquidation_decision<N>> assess(const P& proc,
                                                               const std::type_identity_t<margined_position<N>>& mp,
                                                               std::type_identity_t<price<N>> mark) noexcept {
  const result<money<N>> e = equity_at(mp, mark);
  if (!e) return failure{e.error()};
  const result<money<N>> mm = maintenance_requirement(mp, mark, proc.rules.model, proc.rules.convention);
  if (!mm) return failure{mm.error()};
  margin_status<N> s;
  s.balance = mp.margin;
  s.unrealized_pnl = *e - mp.margin;
  s.equity = *e;
  s.maintenance = *mm;
  return proc.trigger.decide(s);
}

/// Decision, bankruptcy price, limit price and plan for one margined
/// position. The bankruptcy price is the rulebook's, conservative to its
/// tick; when there is none (a position that cannot go bankrupt, or one
/// bankrupt at every price) the mark stands in. The limit policy gets the
/// position's maintenance fraction at the mark (dYdX's MMF).
template <class P, Number N = typename P::number_type>
[[nodiscard]] constexpr result<process_plan<N>> plan_liquidation(const P& proc,
                                                                 const std::type_identity_t<margined_position<N>>& mp,
                                                                 std::type_identity_t<price<N>> mark,
                                                                 const std::type_identity_t<process_context<N>>& ctx = {}) noexcept {
  process_plan<N> out;
  const result<liquidation_decision<N>> d = assess(proc, mp, mark);
  if (!d) return failure{d.error()};
  out.decision = *d;
  const result<solved_price<N>> bp = bankruptcy_price(proc.rules, mp);
  if (!bp) return failure{bp.error()};
  out.bankruptcy = bp->has_price() ? bp->value : mark;
  const result<margin_input<N>> in =
      margin_input_for(mp.pos, mark, proc.rules.convention.margin.maintenance_at, proc.rules.convention.inputs);
  if (!in) return failure{in.error()};
  const result<margin_tier<N>> tier = proc.rules.model.tier_for(*in);
  if (!tier) return failure{tier.error()};
  const result<price<N>> lim = proc.limit.limit_price(limit_input<N>{mp.pos.side, mark, out.bankruptcy, out.decision,
                                                                     tier->maintenance});
  if (!lim) return failure{lim.error()};
  out.limit = *lim;
  plan_input<N> pi;
  pi.decision = out.decision;
  pi.mp = mp;
  pi.mark = mark;
  pi.bankruptcy = out.bankruptcy;
  pi.limit = out.limit;
  pi.now = ctx.now;
  pi.last_slice = ctx.last_slice;
  pi.has_last_slice = ctx.has_last_slice;
  pi.liquidated_in_window = ctx.liquidated_in_window;
  const result<liquidation_plan<N>> p =
      out.decision.action == liquidation_action::backstop ? proc.backstop.plan(pi) : proc.plan.plan(pi);
  if (!p) return failure{p.error()};
  out.plan = *p;
  return out;
}

/// The margin backing `size` of the position: margin x size / position
/// size, rounded down (what remains backs the rest). Errors: the position's,
/// non_positive_quantity for size <= 0, invalid_argument above the position.
template <Number N>
[[nodiscard]] constexpr result<money<N>> margin_share(const margined_position<N>& mp, quantity<N> size) noexcept {
  if (const auto v = validate(mp.pos); !v) return failure{v.error()};
  if (!size.is_valid()) return failure{error_of(size.value())};
  if (!(size.value() > N{})) return failure{errc::non_positive_quantity};
  if (size > mp.pos.size) return failure{errc::invalid_argument};
  if (!mp.margin.is_valid()) return failure{error_of(mp.margin.value())};
  if (size == mp.pos.size) return mp.margin;
  const money<N> m{muldiv<round::down>(mp.margin.value(), size.value(), mp.pos.size.value())};
  if (!m.is_valid()) return failure{error_of(m.value())};
  return m;
}

/// dYdX v4's margin behind closing `q` of a position in a cross subaccount
/// (venues.md 10.3): the bankruptcy quote for closing dS is -dNNV - TNC x
/// |dMMR| / TMMR, so the subaccount's equity backing the close is its share
/// TNC x |dMMR| / TMMR (|dMMR| = q x oracle x MMF), and the margin the
/// settlement wants is that share less the closed part's PnL at the oracle
/// price. The share rounds down and the PnL up (the bankruptcy quote toward
/// +infinity, the protocol's direction). With one position it is
/// margin_share's answer; a negative TNC gives a negative margin (the fund
/// pays even at the oracle price). Errors: the position's,
/// non_positive_quantity for q <= 0, invalid_argument for q above the size
/// or a negative MMF, non_positive_price, division_by_zero for TMMR = 0.
template <Number N>
[[nodiscard]] constexpr result<money<N>> dydx_close_margin(const liquidation_decision<N>& d, const position<N>& pos,
                                                           quantity<N> q, price<N> oracle, rate<N> mmf) noexcept {
  if (const auto v = validate(pos); !v) return failure{v.error()};
  if (!q.is_valid()) return failure{error_of(q.value())};
  if (!(q.value() > N{})) return failure{errc::non_positive_quantity};
  if (q > pos.size) return failure{errc::invalid_argument};
  if (!oracle.is_valid()) return failure{error_of(oracle.value())};
  if (!(oracle.value() > N{})) return failure{errc::non_positive_price};
  for (const N x : {mmf.value(), d.equity.value(), d.maintenance.value()})
    if (!is_valid(x)) return failure{error_of(x)};
  if (mmf.value() < N{} || d.maintenance.value() < N{}) return failure{errc::invalid_argument};
  if (d.maintenance.value() == N{}) return failure{errc::division_by_zero};
  position<N> part = pos;
  part.size = q;
  const money<N> dmmr = mul<round::up>(position_value<round::up>(part, oracle), mmf);
  const money<N> share{muldiv<round::down>(d.equity.value(), dmmr.value(), d.maintenance.value())};
  const money<N> m = share - pnl<round::up>(part, oracle);
  if (!m.is_valid()) return failure{error_of(m.value())};
  return m;
}

/// The settlement policy's split of one fill, recorded into the ledger (fee
/// and surplus; all or nothing).
template <class P, Number N = typename P::number_type>
[[nodiscard]] constexpr result<settlement<N>> settle_fill(const P& proc,
                                                          const std::type_identity_t<settlement_input<N>>& in,
                                                          ledger<N>& l) noexcept {
  const result<settlement<N>> s = proc.settlement.settle(in);
  if (!s) return s;
  if (const auto r = record(*s, in, l); !r) return failure{r.error()};
  return s;
}

/// A settlement's deficit as a loss for the waterfall: the bankrupt side,
/// the filled size, the bankruptcy price, the mark.
template <Number N>
[[nodiscard]] constexpr loss_event<N> loss_event_of(const settlement<N>& s, const settlement_input<N>& in,
                                                    market_id market, std::int64_t time, price<N> mark) noexcept {
  loss_event<N> e;
  e.trader = in.trader.id;
  e.market = market;
  e.deficit = s.deficit;
  e.time = time;
  e.bankrupt_side = in.pos.side;
  e.size = in.fill.size;
  e.bankruptcy = in.bankruptcy;
  e.mark = mark;
  return e;
}

// ============================================================================
// the venues
// ============================================================================

template <Rulebook R>
using tiered_process = process<R, margin_ratio_reaches_one, partial_to_lower_tier<typename R::margin_model>,
                               at_bankruptcy_price, surplus_to_fund>;
template <Rulebook R>
using binance_process_t = process<R, margin_ratio_reaches_one, partial_to_lower_tier<typename R::margin_model>,
                                  at_bankruptcy_price, clearance_fee<typename R::number_type>>;

/// Binance USD-M (venues.md 1.3): liquidation when the margin ratio reaches
/// 100%; cancel orders, one IOC reducing the position to a lower bracket
/// where possible, else the insurance fund takes it over at the bankruptcy
/// price; the clearance fee (rate: not retrieved, the host's) on the
/// liquidated amount at the liquidation price goes to the fund.
template <Rulebook R>
[[nodiscard]] constexpr binance_process_t<R> binance_usdm_process(R rb, quantity<typename R::number_type> lot,
                                                                  rate<typename R::number_type> clearance_rate) noexcept {
  return {rb, {}, {rb.model, rb.convention, lot}, {}, {clearance_rate}, {}};
}
/// Binance COIN-M: as USD-M; the clearance fee is size x multiplier /
/// liquidation price x rate (the position's value in coin).
template <Rulebook R>
[[nodiscard]] constexpr binance_process_t<R> binance_coinm_process(R rb, quantity<typename R::number_type> lot,
                                                                   rate<typename R::number_type> clearance_rate) noexcept {
  return binance_usdm_process(rb, lot, clearance_rate);
}
/// Bybit linear (venues.md 3.2, 5): MM rate 100%; cancel, partial close by
/// IOC down to the lower risk tier, else takeover at the bankruptcy price;
/// a close better than bankruptcy gives the excess to the insurance fund.
template <Rulebook R>
[[nodiscard]] constexpr tiered_process<R> bybit_linear_process(R rb, quantity<typename R::number_type> lot) noexcept {
  return {rb, {}, {rb.model, rb.convention, lot}, {}, {}, {}};
}
/// Bybit inverse: as linear.
template <Rulebook R>
[[nodiscard]] constexpr tiered_process<R> bybit_inverse_process(R rb, quantity<typename R::number_type> lot) noexcept {
  return bybit_linear_process(rb, lot);
}
/// OKX (venues.md 6.2, 6.3): margin ratio <= 100% with the fee in the
/// requirement (the rulebook's convention); positions in higher tiers
/// partly liquidated down to lower tiers, else taken over at the bankruptcy
/// price; surplus to the fund.
template <Rulebook R>
[[nodiscard]] constexpr tiered_process<R> okx_process(R rb, quantity<typename R::number_type> lot) noexcept {
  return bybit_linear_process(rb, lot);
}
/// BitMEX (venues.md 7.1): cancel orders; higher risk limits reduced to a
/// lower one; the lowest taken over at the bankruptcy price; surplus to the
/// fund.
template <Rulebook R>
[[nodiscard]] constexpr tiered_process<R> bitmex_process(R rb, quantity<typename R::number_type> lot) noexcept {
  return bybit_linear_process(rb, lot);
}

template <Rulebook R>
using hyperliquid_process_t = process<R, hyperliquid_trigger, slices<typename R::number_type>, at_mark_price,
                                      trader_keeps_residual<typename R::number_type>, backstop_takeover>;
/// Hyperliquid (venues.md 8.2, 12): equity < MM -> market orders to the book
/// (20% slices above 100k USDC, 30 s cooldown); equity < 2/3 MM -> the
/// liquidator vault takes the position and margin; no clearance fee; the
/// trader keeps what a book liquidation leaves.
template <Rulebook R>
[[nodiscard]] constexpr hyperliquid_process_t<R> hyperliquid_process(R rb, quantity<typename R::number_type> lot) noexcept {
  using N = typename R::number_type;
  slices<N> s;
  s.lot = lot;
  return {rb, {}, s, {}, {}, {}};
}

template <Rulebook R>
using dydx_process_t = process<R, equity_below_maintenance, dydx_portion<typename R::number_type>,
                               dydx_fillable_price, dydx_capped_fee>;
/// dYdX v4 (venues.md 10.3; mainnet genesis parameters by default):
/// liquidatable when TNC < total MMR; at most 10% of the position per block,
/// at least 1,000 USDC, 100,000 USDC per subaccount per block; the order at
/// the fillable price; fee min(surplus, 1.5% of the quote) to the fund, the
/// fund pays below bankruptcy.
template <Rulebook R>
[[nodiscard]] constexpr dydx_process_t<R> dydx_process(R rb, quantity<typename R::number_type> lot) noexcept {
  using N = typename R::number_type;
  dydx_portion<N> p;
  p.lot = lot;
  return {rb, {}, p, {}, {}, {}};
}

template <Rulebook R>
using deribit_process_t = process<R, equity_below_maintenance, deribit_incremental<typename R::margin_model>,
                                  at_mark_price, trader_keeps_residual<typename R::number_type>>;
/// Deribit (venues.md 9.1): as soon as MM > equity, slices of `step` closed
/// at market until MM < equity; the liquidation fee (2022 schedule: BTC
/// 0.75%, ETH 0.9%) to the insurance fund; the trader keeps the rest.
template <Rulebook R>
[[nodiscard]] constexpr deribit_process_t<R> deribit_process(R rb, quantity<typename R::number_type> step,
                                                             rate<typename R::number_type> fee_rate) noexcept {
  return {rb, {}, {rb.model, rb.convention, step}, {}, {fee_rate}, {}};
}

template <Rulebook R>
using kraken_process_t = process<R, equity_below_maintenance, whole_at_limit, at_bankruptcy_price,
                                 trader_keeps_residual<typename R::number_type>>;
/// Kraken (venues.md 11): equity < MM -> an IOC for the position at a limit
/// that keeps equity >= 0 (the bankruptcy price); the trader keeps any
/// residual; a liquidation fee (rate: the host's) funds the liquidity pool
/// (pass the pool as settlement_input::fee_payee).
template <Rulebook R>
[[nodiscard]] constexpr kraken_process_t<R> kraken_process(R rb, rate<typename R::number_type> fee_rate) noexcept {
  return {rb, {}, {}, {}, {fee_rate}, {}};
}

}  // namespace solvency::inline v1::venues

#endif  // SOLVENCY_VENUES_PROCESSES_HPP
