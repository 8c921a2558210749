// solvency/liquidation/plan.hpp: what the host does to liquidate, as data.
//
// Types, concepts and policies in this header:
//
//   step_kind, liquidation_step<N>
//                         one step: cancel the account's orders; reduce by a
//                         size at a limit price; take over a size at the
//                         bankruptcy price; hand a size and its margin to a
//                         backstop vault
//   liquidation_plan<N, Capacity = 8>
//                         the steps in a fixed-capacity array (no
//                         allocation), whether they restore health, and the
//                         time before which the next slice may not run
//   plan_input<N>         the decision (trigger.hpp), the margined position,
//                         mark, bankruptcy and limit prices, host time, the
//                         time of the last slice, the notional already
//                         liquidated in the current window (block)
//   LiquidationPlan       a policy with plan(plan_input) -> result<liquidation_plan>
//   full_takeover         cancel, take over the whole position at the
//                         bankruptcy price (BitMEX lowest tier, every venue's
//                         last resort)
//   whole_at_limit        cancel, one order for the whole position at the
//                         limit (Kraken's IOC, Hyperliquid below 100k USDC)
//   partial_to_lower_tier<M>
//                         Binance / Bybit / OKX / BitMEX higher tiers: reduce
//                         to the cap of the tier below (the largest size, on
//                         the lot, whose notional - or size, for a size-tiered
//                         table - lies in the lower tier); if the rest is
//                         healthy there (equity after the fill at the limit >
//                         its maintenance) that is the plan, else the next
//                         tier down; from the lowest tier, full takeover
//   slices                Hyperliquid: above 100k USDC notional, 20% of the
//                         position per order, then a 30 s cooldown during
//                         which orders are for the whole position
//   dydx_portion          dYdX v4: at most 10% of the position per block, at
//                         least 1,000 USDC (or the whole position if smaller),
//                         at most 100,000 USDC per subaccount per block
//   deribit_incremental<M>
//                         Deribit: fixed-size steps at market until MM <
//                         equity again (the fewest steps that restore health,
//                         at most Capacity - 1 per plan)
//   backstop_takeover     Hyperliquid: the liquidator vault takes the
//                         position and its margin at the mark
//
//   Limit price of the liquidation order (LimitPricePolicy, limit_input<N>):
//   at_bankruptcy_price   BitMEX, Bybit, Binance's final takeover
//   at_mark_price         a market order priced at the mark (Hyperliquid)
//   dydx_fillable_price   P (1 - ABR SMMR MMF) for a long, P (1 + ABR SMMR
//                         MMF) for a short, ABR = clamp(BA (1 - TNC/TMMR), 0, 1)
//                         (venues.md 10.3; genesis BA 100%, SMMR 150%)
//
//   auto p = partial_to_lower_tier<M>{model, conv, lot}.plan(in);
//   for (const auto& s : p->steps()) host.execute(s);
//
// Errors: the position's (validate), non_positive_price for a mark, limit
// or bankruptcy price <= 0, invalid_argument for a lot, step, portion or
// threshold outside its domain, negative_amount for a negative notional
// already liquidated, the model's, overflow. A plan never holds more than
// Capacity steps; a policy that needs more says so (restores_health false)
// and the host plans again after executing it.
#ifndef SOLVENCY_LIQUIDATION_PLAN_HPP
#define SOLVENCY_LIQUIDATION_PLAN_HPP

#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/liquidation/trigger.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace solvency::inline v1 {

enum class step_kind : std::uint8_t {
  cancel_orders,      ///< cancel every open order of the account (frees order margin)
  reduce,             ///< an order reducing the position by `size`, no worse than `limit`
  take_over,          ///< the engine takes `size` over at the bankruptcy price `limit`
  backstop_transfer,  ///< `size` and its margin go to a backstop vault, at the mark `limit`
};

[[nodiscard]] constexpr std::string_view name(step_kind k) noexcept {
  switch (k) {
    case step_kind::cancel_orders: return "cancel_orders";
    case step_kind::reduce: return "reduce";
    case step_kind::take_over: return "take_over";
    case step_kind::backstop_transfer: return "backstop_transfer";
  }
  return "invalid";
}

template <Number N>
struct liquidation_step {
  step_kind kind = step_kind::cancel_orders;
  quantity<N> size{};  ///< contracts (zero for cancel_orders)
  price<N> limit{};    ///< the order's worst price; the takeover or transfer price

  friend constexpr bool operator==(const liquidation_step&, const liquidation_step&) = default;
};

/// The steps the host executes in order, in a fixed-capacity array.
template <Number N, std::size_t Capacity = 8>
struct liquidation_plan {
  static_assert(Capacity >= 2, "a plan holds at least cancel_orders and one closing step");
  static constexpr std::size_t capacity = Capacity;

  std::array<liquidation_step<N>, Capacity> items{};
  std::size_t count = 0;
  /// The steps, executed as planned at their limits, bring equity above
  /// maintenance (or close the position). False: execute, then plan again.
  bool restores_health = true;
  /// Host time before which the next partial slice must not be sent
  /// (Hyperliquid's cooldown); zero when no cooldown started.
  std::int64_t cooldown_until = 0;

  [[nodiscard]] constexpr std::span<const liquidation_step<N>> steps() const noexcept {
    return std::span<const liquidation_step<N>>(items.data(), count);
  }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
  [[nodiscard]] constexpr bool empty() const noexcept { return count == 0; }
  /// Appends a step. Errors: plan_full when the plan holds Capacity steps.
  constexpr result<void> push(const liquidation_step<N>& s) noexcept {
    if (count == Capacity) return failure{errc::plan_full};
    items[count++] = s;
    return {};
  }
  /// The size every reduce, take_over and backstop step closes, together.
  [[nodiscard]] constexpr quantity<N> closed() const noexcept {
    quantity<N> q{};
    for (const auto& s : steps())
      if (s.kind != step_kind::cancel_orders) q += s.size;
    return q;
  }
};

/// What a plan policy is told.
template <Number N>
struct plan_input {
  liquidation_decision<N> decision{};  ///< the trigger's answer on the pool holding the position
  margined_position<N> mp{};           ///< the position to liquidate and its margin
  price<N> mark{};
  price<N> bankruptcy{};               ///< the position's bankruptcy price (take_over)
  price<N> limit{};                    ///< the liquidation order's limit (a LimitPricePolicy's answer)
  std::int64_t now = 0;                ///< host time, in the policy's unit (seconds, block height)
  std::int64_t last_slice = 0;         ///< host time of the last partial slice ...
  bool has_last_slice = false;         ///< ... if there was one
  money<N> liquidated_in_window{};     ///< notional already liquidated in this window (dYdX: this block)
};

template <class P, class N>
concept LiquidationPlan = Number<N> && requires(const P& p, const plan_input<N>& in) {
  { p.plan(in) } -> std::same_as<result<liquidation_plan<N>>>;
};

namespace detail::plan {


/// The checks every policy makes.
template <Number N>
[[nodiscard]] constexpr result<void> check(const plan_input<N>& in) noexcept {
  if (const auto v = validate(in.mp.pos); !v) return failure{v.error()};
  if (!in.mp.margin.is_valid()) return failure{error_of(in.mp.margin.value())};
  for (const price<N> p : {in.mark, in.limit, in.bankruptcy})
    if (const errc e = solvency::detail::price_error(p); e != errc{}) return failure{e};
  for (const money<N> m : {in.decision.equity, in.decision.maintenance, in.liquidated_in_window})
    if (!m.is_valid()) return failure{error_of(m.value())};
  if (in.liquidated_in_window.value() < N{}) return failure{errc::negative_amount};
  return {};
}

template <Number N>
[[nodiscard]] constexpr liquidation_plan<N> cancel_then(liquidation_step<N> s) noexcept {
  liquidation_plan<N> p;
  p.items[0] = {step_kind::cancel_orders, {}, {}};
  p.items[1] = s;
  p.count = 2;
  return p;
}

template <Number N>
[[nodiscard]] constexpr liquidation_plan<N> takeover_plan(const plan_input<N>& in) noexcept {
  return cancel_then(liquidation_step<N>{step_kind::take_over, in.mp.pos.size, in.bankruptcy});
}

template <Number N>
[[nodiscard]] constexpr position<N> resized(position<N> pos, quantity<N> size) noexcept {
  pos.size = size;
  return pos;
}

/// What filling `q` at the limit instead of the mark costs the pool's equity
/// (rounded up; a fill better than the mark counts as zero).
template <Number N>
[[nodiscard]] constexpr money<N> fill_cost(const plan_input<N>& in, quantity<N> q) noexcept {
  if (!(q.value() > N{})) return money<N>{};
  const position<N> slice = resized(in.mp.pos, q);
  const money<N> c = pnl<round::up>(slice, in.mark) - pnl<round::down>(slice, in.limit);
  if (!c.is_valid()) return c;
  return c.value() < N{} ? money<N>{} : c;
}

/// Health of what remains after closing down to `remaining` at the limit:
/// equity - fill cost > maintenance of the others + of the rest. `others`
/// is the pool's maintenance less the position's own at the mark.
template <MarginModel M, Number N = typename M::number_type>
[[nodiscard]] constexpr result<bool> healthy_after(const plan_input<N>& in, const M& model,
                                                   const liquidation_convention<N>& conv, money<N> others,
                                                   quantity<N> remaining) noexcept {
  const money<N> equity = in.decision.equity - fill_cost(in, in.mp.pos.size - remaining);
  if (!equity.is_valid()) return failure{error_of(equity.value())};
  money<N> mm = others;
  if (remaining.value() > N{}) {
    // the rest keeps its share of the margin (read only by a fee on the bankruptcy value)
    const N share = muldiv<round::down>(in.mp.margin.value(), remaining.value(), in.mp.pos.size.value());
    const N extra = muldiv<round::down>(in.mp.extra_margin.value(), remaining.value(), in.mp.pos.size.value());
    const result<money<N>> own = maintenance_requirement(
        margined_position<N>{resized(in.mp.pos, remaining), money<N>{share}, money<N>{extra}}, in.mark, model, conv);
    if (!own) return failure{own.error()};
    mm += *own;
  }
  if (!mm.is_valid()) return failure{error_of(mm.value())};
  return equity > mm;
}

/// The pool's maintenance less the position's own at the mark, never below zero.
template <MarginModel M, Number N = typename M::number_type>
[[nodiscard]] constexpr result<money<N>> others_maintenance(const plan_input<N>& in, const M& model,
                                                            const liquidation_convention<N>& conv) noexcept {
  const result<money<N>> own = maintenance_requirement(in.mp, in.mark, model, conv);
  if (!own) return failure{own.error()};
  const money<N> o = in.decision.maintenance - *own;
  if (!o.is_valid()) return failure{error_of(o.value())};
  return o.value() < N{} ? money<N>{} : o;
}

template <Number N>
[[nodiscard]] constexpr result<void> check_step(quantity<N> s) noexcept {
  if (!s.is_valid()) return failure{error_of(s.value())};
  if (!(s.value() > N{})) return failure{errc::invalid_argument};
  return {};
}

}  // namespace detail::plan

// ============================================================================
// plans
// ============================================================================

/// Cancel, then the engine takes the whole position over at its bankruptcy
/// price. A healthy decision gives an empty plan (so do all policies).
struct full_takeover {
  template <Number N>
  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    return detail::plan::takeover_plan(in);
  }
};

/// Cancel, then one order for the whole position at the limit.
struct whole_at_limit {
  template <Number N>
  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    return detail::plan::cancel_then(liquidation_step<N>{step_kind::reduce, in.mp.pos.size, in.limit});
  }
};

/// Hyperliquid's backstop: the liquidator vault takes the position and its
/// margin at the mark (the maintenance margin is not returned).
struct backstop_takeover {
  template <Number N>
  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    return detail::plan::cancel_then(liquidation_step<N>{step_kind::backstop_transfer, in.mp.pos.size, in.mark});
  }
};

/// Binance ("one large IOC to reduce margin usage, partial where possible"),
/// Bybit UTA ("partial close by IOC down to the lower risk tier"), OKX
/// ("positions in tier >= 3 are partially liquidated down to lower tiers"),
/// BitMEX ("reduce to a lower risk limit"). The rule implemented: from the
/// tier holding the position at the mark, find the largest remaining size on
/// the lot grid whose tier variable lies in the tier below (at or below the
/// tier's lower bound); the reduction is the rest. If the remaining position
/// is healthy there - equity, less what filling the reduction at the limit
/// instead of the mark costs, above the remaining maintenance (the other
/// positions' included) - the plan is: cancel, reduce at the limit. If not,
/// the next tier down is tried; from the lowest tier the plan is a full
/// takeover at the bankruptcy price. A size-tiered table (OKX contracts) and
/// a notional-tiered one (Binance, Bybit) are handled alike.
template <MarginModel M>
struct partial_to_lower_tier {
  using number_type = typename M::number_type;
  M model{};
  liquidation_convention<number_type> convention{};
  quantity<number_type> lot{};  ///< the venue's size step (> 0)

  template <Number N>
    requires std::same_as<N, number_type>
  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (const auto c = detail::plan::check_step(lot); !c) return failure{c.error()};
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    const result<money<N>> others = detail::plan::others_maintenance(in, model, convention);
    if (!others) return failure{others.error()};

    const auto var_of = [&](quantity<N> s) -> result<N> {
      const result<margin_input<N>> mi = margin_input_for(detail::plan::resized(in.mp.pos, s), in.mark,
                                                          convention.margin.maintenance_at, convention.inputs);
      if (!mi) return failure{mi.error()};
      return model.basis() == tier_basis::size ? mi->size.value() : mi->notional.value();
    };
    const auto tier_at = [&](quantity<N> s) -> result<margin_tier<N>> {
      const result<margin_input<N>> mi = margin_input_for(detail::plan::resized(in.mp.pos, s), in.mark,
                                                          convention.margin.maintenance_at, convention.inputs);
      if (!mi) return failure{mi.error()};
      return model.tier_for(*mi);
    };

    quantity<N> current = in.mp.pos.size;
    for (int guard = 0; guard < 64; ++guard) {
      const result<margin_tier<N>> t = tier_at(current);
      if (!t) return failure{t.error()};
      if (!(t->lower > N{})) break;  // the lowest tier: nothing below to reduce to
      // in the tier below: var <= lower (upper-inclusive ranges) or var < lower
      const auto below = [&](quantity<N> s) -> result<bool> {
        const result<N> v = var_of(s);
        if (!v) return failure{v.error()};
        return t->upper_inclusive ? !(*v > t->lower) : *v < t->lower;
      };
      // largest lo on the lot grid, lo < current, with below(lo); below(0) holds
      N lo{}, hi = current.value();
      for (int i = 0; i < 200 && hi - lo > lot.value(); ++i) {
        N mid = round_to_multiple<round::down>(div<round::down>(lo + hi, from_int<N>(2)), lot.value());
        if (!(mid > lo)) mid = lo + lot.value();
        if (!(mid < hi)) break;
        const result<bool> b = below(quantity<N>{mid});
        if (!b) return failure{b.error()};
        (*b ? lo : hi) = mid;
      }
      if (!(lo > N{})) break;  // nothing positive fits below: close it all
      const quantity<N> rest{lo};
      const result<bool> ok = detail::plan::healthy_after(in, model, convention, *others, rest);
      if (!ok) return failure{ok.error()};
      if (*ok)
        return detail::plan::cancel_then(liquidation_step<N>{step_kind::reduce, in.mp.pos.size - rest, in.limit});
      current = rest;
    }
    return detail::plan::takeover_plan(in);
  }
};

/// Hyperliquid (venues.md 8.2): a position above `threshold` notional (100k
/// USDC) is sent to the book `portion` (20%) per order, rounded down to the
/// lot (at least one lot); the slice starts a `cooldown` (30 s, in the host's
/// time unit) during which liquidation orders are for the whole position. At
/// or below the threshold, the whole position in one order. The plan's
/// cooldown_until tells the host when the cooldown ends; it passes the time
/// of the last slice back in plan_input.
template <Number N>
struct slices {
  money<N> threshold = money<N>{from_int<N>(100'000)};
  rate<N> portion = rate<N>{div<round::down>(from_int<N>(1), from_int<N>(5))};
  std::int64_t cooldown = 30;
  quantity<N> lot{};  ///< the size step (> 0)

  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (const auto c = detail::plan::check_step(lot); !c) return failure{c.error()};
    if (!threshold.is_valid() || !portion.is_valid()) return failure{errc::invalid_argument};
    if (threshold.value() < N{} || !(portion.value() > N{}) || portion.value() > from_int<N>(1) || cooldown < 0)
      return failure{errc::invalid_argument};
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    const money<N> value = notional<round::up>(in.mp.pos, in.mark);
    if (!value.is_valid()) return failure{error_of(value.value())};
    const bool in_cooldown = in.has_last_slice && in.now - in.last_slice < cooldown;
    if (!(value > threshold) || in_cooldown)
      return detail::plan::cancel_then(liquidation_step<N>{step_kind::reduce, in.mp.pos.size, in.limit});
    quantity<N> q = round_to_lot<round::down>(mul<round::down>(in.mp.pos.size, portion), lot);
    if (q < lot) q = lot;
    if (q > in.mp.pos.size) q = in.mp.pos.size;
    auto p = detail::plan::cancel_then(liquidation_step<N>{step_kind::reduce, q, in.limit});
    p.restores_health = q == in.mp.pos.size;
    p.cooldown_until = in.now + cooldown;
    return p;
  }
};

/// dYdX v4 (venues.md 10.3; genesis values as defaults): the liquidation
/// order's notional at the oracle price (the mark) is the larger of
/// `max_portion_ppm` of the position's notional and `min_notional` (or the
/// whole notional when smaller), capped by what is left of
/// `block_max_notional` for the subaccount this block (the host passes what
/// it already liquidated). The size is that notional over the price and the
/// multiplier, rounded down to the lot. When the block's cap is used up the
/// plan only cancels orders (restores_health false): liquidate again next
/// block. The notional is in the quote currency (dYdX's markets are
/// linear); an inverse position's notional is its face value.
template <Number N>
struct dydx_portion {
  std::int64_t max_portion_ppm = 100'000;
  money<N> min_notional = money<N>{from_int<N>(1'000)};
  money<N> block_max_notional = money<N>{from_int<N>(100'000)};
  quantity<N> lot{};

  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (const auto c = detail::plan::check_step(lot); !c) return failure{c.error()};
    if (max_portion_ppm <= 0 || max_portion_ppm > 1'000'000) return failure{errc::invalid_argument};
    for (const money<N> m : {min_notional, block_max_notional}) {
      if (!m.is_valid()) return failure{error_of(m.value())};
      if (m.value() < N{}) return failure{errc::negative_amount};
    }
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    const money<N> value = notional<round::down>(in.mp.pos, in.mark);
    if (!value.is_valid()) return failure{error_of(value.value())};
    money<N> target{muldiv<round::down>(value.value(), from_int<N>(max_portion_ppm), from_int<N>(1'000'000))};
    const money<N> floor = min_notional < value ? min_notional : value;
    if (target < floor) target = floor;
    const money<N> left = block_max_notional - in.liquidated_in_window;
    if (target > left) target = left;
    quantity<N> q{};
    if (!(target < value)) {
      q = in.mp.pos.size;  // the whole notional: the whole position, whatever the lot
    } else if (target.value() > N{}) {
      // contracts = notional / price / multiplier (linear, quanto); notional / face value (inverse)
      const N units = in.mp.pos.spec.kind == contract_kind::inverse
                          ? target.value()
                          : div<round::down>(target.value(), in.mark.value());
      q = round_to_lot<round::down>(quantity<N>{div<round::down>(units, in.mp.pos.spec.multiplier)}, lot);
      if (!q.is_valid()) return failure{error_of(q.value())};
      if (q > in.mp.pos.size) q = in.mp.pos.size;
    }
    liquidation_plan<N> p;
    p.items[0] = {step_kind::cancel_orders, {}, {}};
    p.count = 1;
    if (q.value() > N{}) p.items[p.count++] = {step_kind::reduce, q, in.limit};
    p.restores_health = q == in.mp.pos.size;
    return p;
  }
};

/// Deribit (venues.md 9.1): "as soon as MM > equity, small slices are closed
/// at market until MM < equity again". The plan holds the fewest `step`-sized
/// reductions (the last one capped at what is left) that restore health at
/// the limit, up to Capacity - 1 of them; if more are needed it holds
/// Capacity - 1 and says restores_health false.
template <MarginModel M>
struct deribit_incremental {
  using number_type = typename M::number_type;
  M model{};
  liquidation_convention<number_type> convention{};
  quantity<number_type> step{};  ///< the size of one increment (> 0)

  template <Number N>
    requires std::same_as<N, number_type>
  [[nodiscard]] constexpr result<liquidation_plan<N>> plan(const plan_input<N>& in) const noexcept {
    if (const auto c = detail::plan::check(in); !c) return failure{c.error()};
    if (const auto c = detail::plan::check_step(step); !c) return failure{c.error()};
    if (!in.decision.liquidating()) return liquidation_plan<N>{};
    const result<money<N>> others = detail::plan::others_maintenance(in, model, convention);
    if (!others) return failure{others.error()};
    const quantity<N> size = in.mp.pos.size;
    constexpr std::size_t max_steps = liquidation_plan<N>::capacity - 1;
    const auto rest_after = [&](std::size_t k) {
      quantity<N> closed{};
      for (std::size_t i = 0; i < k && closed < size; ++i) closed += step;
      return closed < size ? size - closed : quantity<N>{};
    };
    std::size_t k = 1;
    bool ok = false;
    for (; k <= max_steps; ++k) {
      const result<bool> h = detail::plan::healthy_after(in, model, convention, *others, rest_after(k));
      if (!h) return failure{h.error()};
      if (*h || !(rest_after(k).value() > N{})) {
        ok = true;
        break;
      }
    }
    if (k > max_steps) k = max_steps;
    liquidation_plan<N> p;
    p.items[0] = {step_kind::cancel_orders, {}, {}};
    p.count = 1;
    quantity<N> left = size;
    for (std::size_t i = 0; i < k && left.value() > N{}; ++i) {
      const quantity<N> q = left < step ? left : step;
      p.items[p.count++] = {step_kind::reduce, q, in.limit};
      left -= q;
    }
    p.restores_health = ok;
    return p;
  }
};

static_assert(LiquidationPlan<full_takeover, dec>);
static_assert(LiquidationPlan<whole_at_limit, dec>);
static_assert(LiquidationPlan<backstop_takeover, double>);
static_assert(LiquidationPlan<slices<dec>, dec>);
static_assert(LiquidationPlan<dydx_portion<dec>, dec>);
static_assert(LiquidationPlan<partial_to_lower_tier<flat_margin<dec>>, dec>);
static_assert(LiquidationPlan<deribit_incremental<flat_margin<dec>>, dec>);

// ============================================================================
// the limit price of the liquidation order
// ============================================================================

/// What a limit-price policy is told.
template <Number N>
struct limit_input {
  solvency::side side = solvency::side::long_;  ///< the liquidated position's side
  price<N> mark{};                              ///< the mark (dYdX: the oracle price)
  price<N> bankruptcy{};
  liquidation_decision<N> decision{};           ///< TNC = equity, TMMR = maintenance
  rate<N> maintenance_fraction{};               ///< the position's MMF (dYdX)
};

template <class L, class N>
concept LimitPricePolicy = Number<N> && requires(const L& l, const limit_input<N>& in) {
  { l.limit_price(in) } -> std::same_as<result<price<N>>>;
};

/// The order is priced at the bankruptcy price (BitMEX, Bybit: "taken over
/// and closed at the bankruptcy price"; Binance's final step).
struct at_bankruptcy_price {
  template <Number N>
  [[nodiscard]] constexpr result<price<N>> limit_price(const limit_input<N>& in) const noexcept {
    if (const errc e = detail::price_error(in.bankruptcy); e != errc{}) return failure{e};
    return in.bankruptcy;
  }
};

/// A market order, priced at the mark (Hyperliquid's book liquidations).
struct at_mark_price {
  template <Number N>
  [[nodiscard]] constexpr result<price<N>> limit_price(const limit_input<N>& in) const noexcept {
    if (const errc e = detail::price_error(in.mark); e != errc{}) return failure{e};
    return in.mark;
  }
};

/// dYdX v4's fillable price (venues.md 10.3; x/clob GetFillablePrice):
///   ABR = clamp(BA x (1 - TNC / TMMR), 0, 1)
///   long:  P x (1 - ABR x SMMR x MMF)      short: P x (1 + ABR x SMMR x MMF)
/// BA = bankruptcy_adjustment_ppm, SMMR = spread_to_maintenance_margin_ratio_ppm
/// (genesis: 1,000,000 and 1,500,000). The adjustment ABR x SMMR x MMF is
/// computed with one rounding, toward zero, so the price is never further
/// from P than the rule allows. A TMMR of zero (no requirement) gives ABR 0.
/// Errors: invalid_argument for negative ppm or MMF, no_solution when the
/// long's price would not be positive.
struct dydx_fillable_price {
  std::int64_t bankruptcy_adjustment_ppm = 1'000'000;
  std::int64_t spread_to_maintenance_margin_ratio_ppm = 1'500'000;

  template <Number N>
  [[nodiscard]] constexpr result<price<N>> limit_price(const limit_input<N>& in) const noexcept {
    if (const errc e = detail::price_error(in.mark); e != errc{}) return failure{e};
    if (bankruptcy_adjustment_ppm < 0 || spread_to_maintenance_margin_ratio_ppm < 0)
      return failure{errc::invalid_argument};
    const N tnc = in.decision.equity.value(), tmmr = in.decision.maintenance.value(),
            mmf = in.maintenance_fraction.value();
    for (const N x : {tnc, tmmr, mmf})
      if (!is_valid(x)) return failure{error_of(x)};
    if (mmf < N{} || tmmr < N{}) return failure{errc::invalid_argument};
    const N million = from_int<N>(1'000'000);
    const N ba = div<round::toward_zero>(from_int<N>(bankruptcy_adjustment_ppm), million);
    const N smmr = div<round::toward_zero>(from_int<N>(spread_to_maintenance_margin_ratio_ppm), million);
    const N full = mul<round::toward_zero>(smmr, mmf);  // the adjustment at ABR = 1
    N adj{};
    if (tmmr > N{} && tnc < tmmr) {
      const N gap = tmmr - tnc;  // TMMR - TNC > 0
      // ABR = BA x gap / TMMR, clamped at 1
      const N abr_raw = muldiv<round::toward_zero>(ba, gap, tmmr);
      if (!is_valid(abr_raw)) return failure{error_of(abr_raw)};
      adj = abr_raw >= from_int<N>(1) ? full : muldiv<round::toward_zero>(mul<round::toward_zero>(ba, full), gap, tmmr);
    }
    if (!is_valid(adj)) return failure{error_of(adj)};
    const price_delta<N> d = mul<round::toward_zero>(in.mark, rate<N>{adj});
    const price<N> p = in.side == side::long_ ? in.mark - d : in.mark + d;
    if (!p.is_valid()) return failure{error_of(p.value())};
    if (!(p.value() > N{})) return failure{errc::no_solution};
    return p;
  }
};

static_assert(LimitPricePolicy<at_bankruptcy_price, dec>);
static_assert(LimitPricePolicy<at_mark_price, double>);
static_assert(LimitPricePolicy<dydx_fillable_price, dec>);

}  // namespace solvency::inline v1

#endif  // SOLVENCY_LIQUIDATION_PLAN_HPP
