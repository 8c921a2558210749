// solvency/liquidation/cross.hpp: every liquidation price of a cross account.
//
// Functions in this header (O(n) for an account of n positions, no
// allocation; `out` is caller-owned and as long as the positions):
//
//   cross_liquidation_prices<Rounding>(acct, marks, models, conv, ticks, out)
//       for each position i, the price of i at which the account's equity
//       meets its maintenance requirement while every other position stays
//       at its mark: position i backed by
//         wallet + sum_{j != i} uPnL_j - sum_{j != i} MM_j
//       (Binance's WB - TMM1 + UPNL1, dYdX's e - MMR_o, Hyperliquid's cross
//       margin available), solved as an isolated position (price.hpp)
//   cross_bankruptcy_prices<Rounding>(acct, marks, conv, ticks, out)
//       the same with the account's equity exhausted: backed by
//         wallet + sum_{j != i} uPnL_j
//
// `models` is one MarginModel for every position or a callable models(i)
// (margin/modes.hpp: per_position(span)); `ticks` is one tick for every
// position or a span of them. The totals are summed once and each position's
// own share subtracted, so all n answers cost two passes. uPnL rounds down
// and MM up (the exchange's side); for a decimal the totals minus own are
// exact.
//
// Errors of the whole call: size_mismatch, the wallet's number error, a bad
// convention or tick, invalid_argument for a convention with the fee on the
// bankruptcy value (a cross position has no bankruptcy price of its own to
// charge it on; liquidation only), and the first error of any position, mark
// or model while summing (every answer depends on every position). After
// that, out[i] holds position i's answer or its own error.
#ifndef SOLVENCY_LIQUIDATION_CROSS_HPP
#define SOLVENCY_LIQUIDATION_CROSS_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/concepts.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>

namespace solvency::inline v1 {

namespace detail::liq {

template <class Ms>
[[nodiscard]] constexpr decltype(auto) model_of(const Ms& models, std::size_t i) noexcept {
  if constexpr (MarginModel<Ms>)
    return (models);
  else
    return std::invoke(models, i);
}

/// One tick for all positions, or one each.
template <Number N>
struct tick_source {
  std::span<const price_delta<N>> each{};
  price_delta<N> all{};
  [[nodiscard]] constexpr price_delta<N> operator[](std::size_t i) const noexcept {
    return each.empty() ? all : each[i];
  }
  [[nodiscard]] constexpr errc check(std::size_t n) const noexcept {
    if (each.empty()) return check_tick(all);
    if (each.size() != n) return errc::size_mismatch;
    for (const price_delta<N> t : each)
      if (const errc e = check_tick(t); e != errc{}) return e;
    return errc{};
  }
};

/// A position's uPnL at its mark (rounded down), less its maintenance margin
/// (rounded up) unless `with_mm` is false: its contribution to the others'
/// margin.
template <bool WithMM, Number N, class Ms>
[[nodiscard]] constexpr result<money<N>> own_share(const position<N>& pos, price<N> mark, const Ms& models,
                                                   std::size_t i, const liquidation_convention<N>& c) noexcept {
  if (const auto v = validate(pos); !v) return failure{v.error()};
  if (!mark.is_valid()) return failure{error_of(mark.value())};
  if (!(mark.value() > N{})) return failure{errc::non_positive_price};
  money<N> share = pnl<round::down>(pos, mark);
  if constexpr (WithMM) {
    const result<money<N>> mm = position_maintenance_margin(model_of(models, i), pos, mark, c.margin, c.inputs);
    if (!mm) return failure{mm.error()};
    share -= *mm;
  }
  if (!share.is_valid()) return failure{error_of(share.value())};
  return share;
}

/// The same share with the maintenance margin from a cache of the model's
/// tiers (one model, tiered by notional alone): MM = max(x MMR - deduction,
/// 0) + the fee on the value, x the value at the measuring price rounded up:
/// margin/requirements.hpp's figure. The position's exposure is computed
/// once for the value and the PnL; anything unusual (an invalid position or
/// mark, an inexact exposure) takes own_share's checks for its error.
template <Number N>
[[nodiscard]] constexpr result<money<N>> own_share_cached(const position<N>& pos, price<N> mark,
                                                          const tier_cache<N>& cache,
                                                          const liquidation_convention<N>& c) noexcept {
  const auto kind = static_cast<unsigned>(pos.spec.kind);
  const auto s = static_cast<int>(pos.side);
  const bool size_ok = positive(pos.size.value()), entry_ok = positive(pos.entry.value());
  const bool multiplier_ok = positive(pos.spec.multiplier), mark_ok = positive(mark.value());
  const bool plausible = size_ok & entry_ok & multiplier_ok & mark_ok & ((s == 1) | (s == -1)) & (kind <= 2u);
  const bracket<N> units = plausible ? mul_both(pos.size.value(), pos.spec.multiplier) : bracket<N>{};
  N u = units.lo;  // exposure<toward_zero>
  if (!plausible || !finite(units.hi) || (number_traits<N>::exact && !(units.lo == units.hi))) {
    if (const auto v = validate(pos); !v) return failure{v.error()};
    if (!mark.is_valid()) return failure{error_of(mark.value())};
    if (!(mark.value() > N{})) return failure{errc::non_positive_price};
    u = exposure<round::toward_zero>(pos);
  }
  const bool inverse = pos.spec.kind == contract_kind::inverse;
  const N at = c.margin.maintenance_at == measure_at::entry ? pos.entry.value() : mark.value();
  // position_value<up> (settlement) or notional<up> (quote) at the measuring price
  const N x = inverse ? (c.inputs.value == value_currency::settlement ? div<round::up>(u, at) : u)
                      : mul<round::up>(u, at);
  if (!is_valid(x)) return failure{error_of(x)};
  const cached_tier<N>& t = cache.tiers[cache.index_of(x)];
  N mm = mul<round::up>(x, t.maintenance) - t.deduction;
  if (mm < N{}) mm = N{};
  if (c.margin.fee == close_fee::on_value_at_price) mm += mul<round::up>(x, c.margin.taker_fee.value());
  // pnl<down>
  const N e = pos.entry.value(), m = mark.value();
  const N move = pos.side == side::long_ ? m - e : e - m;
  const N pnl = inverse ? muldiv2<round::down>(u, move, e, m) : mul<round::down>(u, move);
  const N share = pnl - mm;
  if (!is_valid(share)) return failure{error_of(share)};
  return money<N>{share};
}

/// own_share_cached's common case in few instructions: a plausible linear
/// or quanto position with an exact exposure, a positive mark, a tier whose
/// rate and deduction are numbers, every product in range; the same numbers
/// on raw values, every check folded into one flag. False for anything
/// else, which own_share_cached answers (errors included).
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool own_share_lean(const position<N>& pos, price<N> mark,
                                                         const tier_cache<N>& cache, bool at_entry,
                                                         bool fee_on_value, N taker, N& share) noexcept {
  const auto kind = static_cast<unsigned>(pos.spec.kind);
  const auto s = static_cast<int>(pos.side);
  bool ok = ((s == 1) | (s == -1)) & ((kind == 0u) | (kind == 2u));  // (inverse: own_share_cached)
  if constexpr (is_decimal<N>) {
    constexpr reciprocal rec = make_reciprocal(N::unit);
    constexpr auto top = static_cast<std::uint64_t>(N::max_raw);
    const std::int64_t size = pos.size.value().raw(), entry = pos.entry.value().raw();
    const std::int64_t mult = pos.spec.multiplier.raw(), mk = mark.value().raw();
    ok &= (size > 0) & (entry > 0) & (mult > 0) & (mk > 0);
    std::int64_t u = size;
    if (mult != static_cast<std::int64_t>(N::unit)) {  // mul_both, which must be exact
      const bracket<N> b = mul_both(pos.size.value(), pos.spec.multiplier);
      ok &= b.lo == b.hi;
      u = b.lo.raw();
    }
    if (!ok) return false;
    // a b / unit for a, b >= 0: the truncated quotient and whether a remainder is left
    const auto divided = [&ok, &rec](std::uint64_t a, std::uint64_t b) {
      const u128 p = umul64(a, b);
      ok &= p.hi < N::unit;
      const qr64 d = div2by1(p.hi < N::unit ? p.hi : 0u, p.lo, rec);
      ok &= d.q < top;  // (so that q + 1 is in range)
      return d;
    };
    const auto uu = static_cast<std::uint64_t>(u);
    // x = position_value<up> at the measuring price
    const qr64 xq = divided(uu, static_cast<std::uint64_t>(at_entry ? entry : mk));
    const std::uint64_t x = xq.q + static_cast<std::uint64_t>(xq.r != 0);
    if (!ok) return false;
    const cached_tier<N>& t = cache.tiers[cache.index_of(raw_decimal<N>(static_cast<std::int64_t>(x)))];
    ok &= t.line_error == errc{};  // the MMR a number >= 0, the deduction a number
    // MM = max(x MMR (up) - deduction, 0) (+ x fee, up): every term in range, the difference too
    const qr64 mq = divided(x, static_cast<std::uint64_t>(t.maintenance.raw()));
    std::int64_t mm = static_cast<std::int64_t>(mq.q + static_cast<std::uint64_t>(mq.r != 0)) - t.deduction.raw();
    mm = mm < 0 ? 0 : mm;
    if (fee_on_value) {
      const qr64 fq = divided(x, static_cast<std::uint64_t>(taker.raw()));
      const std::uint64_t sum = static_cast<std::uint64_t>(mm) + fq.q + static_cast<std::uint64_t>(fq.r != 0);
      ok &= sum <= top;
      mm = static_cast<std::int64_t>(sum);
    }
    // pnl<down> = u x move, rounded down; move = mark - entry (long) or entry - mark
    const std::int64_t move = s == 1 ? mk - entry : entry - mk;
    const qr64 pq = divided(uu, move < 0 ? 0u - static_cast<std::uint64_t>(move) : static_cast<std::uint64_t>(move));
    const std::int64_t pnl = move < 0 ? -static_cast<std::int64_t>(pq.q + static_cast<std::uint64_t>(pq.r != 0))
                                      : static_cast<std::int64_t>(pq.q);
    ok &= pnl >= N::min_raw + mm;  // pnl - mm in range (pnl <= max_raw, mm >= 0)
    share = raw_decimal<N>(pnl - mm);
  } else {
    const double size = pos.size.value(), entry = pos.entry.value(), mult = pos.spec.multiplier, mk = mark.value();
    ok &= (size > 0.0) & (entry > 0.0) & (mult > 0.0) & (mk > 0.0);
    if (!ok) return false;
    const double u = size * mult;
    const double x = u * (at_entry ? entry : mk);
    const cached_tier<N>& t = cache.tiers[cache.index_of(x)];
    double mm = x * t.maintenance - t.deduction;
    if (mm < 0.0) mm = 0.0;
    if (fee_on_value) mm += x * taker;
    // mark - entry for a long, entry - mark for a short: the sign flipped on
    // the representation (a select compiles to a branch on the side, a coin
    // toss); + 0.0 makes a short's -0 the +0 that entry - mark gives
    const double move = std::bit_cast<double>(std::bit_cast<std::uint64_t>(mk - entry) ^
                                              (static_cast<std::uint64_t>(s != 1) << 63)) +
                        0.0;
    share = u * move - mm;
    // an infinite or NaN size, multiplier, entry or mark reaches x or the share
    ok &= ((x - x) + (share - share) == 0.0) & (t.line_error == errc{});
  }
  return ok;
}

/// Both passes over a cache of one model's tiers (the model tiered by
/// notional alone): true with the answers written (or the call's error in
/// `r`), false when the tiers cannot be read (the general path then runs).
template <PriceRounding Rounding, Number N, MarginModel M>
[[nodiscard]] constexpr bool cross_cached(const account_view<N>& acct, std::span<const price<N>> marks, const M& models,
                                          const liquidation_convention<N>& c, const tick_source<N>& ticks,
                                          std::span<result<solved_price<N>>> out, result<void>& r) noexcept {
  const std::size_t n = acct.positions.size();
  tier_cache<N> cache;
  read_tiers(cache, models, c);
  if (cache.count > 0) {
    money<N> total{};
    const bool at_entry = c.margin.maintenance_at == measure_at::entry;
    const bool fee_on_value = c.margin.fee == close_fee::on_value_at_price;
    for (std::size_t i = 0; i < n; ++i) {
      N lean_share{};
      if (own_share_lean(acct.positions[i], marks[i], cache, at_entry, fee_on_value, c.margin.taker_fee.value(),
                         lean_share)) {
        total += money<N>{lean_share};
        out[i] = solved_price<N>{price_state::at_price, price<N>{lean_share}};  // scratch
        continue;
      }
      const result<money<N>> s = own_share_cached(acct.positions[i], marks[i], cache, c);
      if (!s) {
        r = failure{s.error()};
        return true;
      }
      total += *s;
      out[i] = solved_price<N>{price_state::at_price, price<N>{s->value()}};  // scratch
    }
    if (!total.is_valid()) {
      r = failure{error_of(total.value())};
      return true;
    }
    const batch_rules rules = rules_of(c);
    const tick_step<N> one_tick = batch_tick(ticks.all.value());
    // (no fee on the bankruptcy value here: refused above)
    const bool lean = rules.walks;
    const bool quote_value = c.inputs.value == value_currency::quote;
    for (std::size_t i = 0; i < n; ++i) {
      const money<N> own{out[i]->value.value()};
      const margined_position<N> mp{acct.positions[i], acct.wallet_balance + (total - own), {}};
      const tick_step<N> tick = ticks.each.empty() ? one_tick : plain_tick(ticks[i].value());
      lean_position<N> lp;
      if (lean && lean_prepare(mp, cache, quote_value, lp)) {
        if (lp.inside)
          put(out[i], finish_root_fast<Rounding>(lp.frame_of(), lp.root.l, tick));
        else
          put(out[i], solve_from_line<Rounding>(lp.frame_of(), cache, tick, lp.base, lp.k, lp.root.l));
        continue;
      }
      frame<N> f;
      if (const errc e = make_frame(mp, c, f); e != errc{}) {
        out[i] = failure{e};
        continue;
      }
      put(out[i], solve_cached<Rounding>(f, cache, rules, tick));
    }
    r = result<void>{};
    return true;
  }
  return false;
}

/// Whether every model of a per_position accessor is the same table (then
/// one cache serves the account).
template <class Ms>
struct shared_table {
  static constexpr bool possible = false;
};
template <MarginModel M>
struct shared_table<per_position_models<M>> {
  static constexpr bool possible = tier_depends_on_notional_alone<M> && table_behind<M>::known;
  [[nodiscard]] static constexpr bool all_same(const per_position_models<M>& ms, std::size_t n) noexcept {
    if (ms.models.size() != n || n == 0) return false;
    const M& first = ms.models[0];
    for (const M& m : ms.models)
      if (!table_behind<M>::same(m, first)) return false;
    return true;
  }
};

/// Both functions: pass 1 sums every position's share into the total (and
/// parks it in out[i], caller-owned scratch); pass 2 backs position i with
/// wallet + total - own share and solves it. One model tiered by notional
/// alone, or a model per position that is one table, is read once for both
/// passes (cross_cached).
template <bool Liquidation, PriceRounding Rounding, Number N, class Ms>
[[nodiscard]] constexpr result<void> cross_prices(const account_view<N>& acct, std::span<const price<N>> marks,
                                                  const Ms& models, const liquidation_convention<N>& c,
                                                  const tick_source<N>& ticks,
                                                  std::span<result<solved_price<N>>> out) noexcept {
  const std::size_t n = acct.positions.size();
  if (marks.size() != n || out.size() != n) return failure{errc::size_mismatch};
  if (const errc e = check_convention(c); e != errc{}) return failure{e};
  if (Liquidation && c.margin.fee == close_fee::on_bankruptcy_value) return failure{errc::invalid_argument};
  if (const errc e = ticks.check(n); e != errc{}) return failure{e};
  if (!acct.wallet_balance.is_valid()) return failure{error_of(acct.wallet_balance.value())};

  if constexpr (Liquidation && MarginModel<Ms>) {
    if constexpr (tier_depends_on_notional_alone<Ms>) {
      if (n >= 8 && models.basis() == tier_basis::notional) {
        result<void> r;
        if (cross_cached<Rounding>(acct, marks, models, c, ticks, out, r)) return r;
      }
    }
  }
  if constexpr (Liquidation && shared_table<Ms>::possible) {
    // a model per position, all of them one table: one cache (same answers)
    if (n >= 8 && shared_table<Ms>::all_same(models, n) && models.models[0].basis() == tier_basis::notional) {
      result<void> r;
      if (cross_cached<Rounding>(acct, marks, models.models[0], c, ticks, out, r)) return r;
    }
  }

  money<N> total{};
  for (std::size_t i = 0; i < n; ++i) {
    const result<money<N>> s = own_share<Liquidation>(acct.positions[i], marks[i], models, i, c);
    if (!s) return failure{s.error()};
    total += *s;
    out[i] = solved_price<N>{price_state::at_price, price<N>{s->value()}};  // scratch
  }
  if (!total.is_valid()) return failure{error_of(total.value())};
  for (std::size_t i = 0; i < n; ++i) {
    const money<N> own{out[i]->value.value()};
    const margined_position<N> mp{acct.positions[i], acct.wallet_balance + (total - own), {}};
    frame<N> f;
    if (const errc e = make_frame(mp, c, f); e != errc{}) {
      out[i] = failure{e};
      continue;
    }
    if constexpr (Liquidation) {
      const auto& model = model_of(models, i);
      const model_tiers<N, std::remove_cvref_t<decltype(model)>> tiers{model, quantity<N>{f.model_size}};
      const bool walks = model.basis() == tier_basis::notional && c.margin.maintenance_at == measure_at::mark;
      out[i] = solve_liquidation<Rounding>(f, tiers, walks, c, plain_tick(ticks[i].value()));
    } else {
      out[i] = solve_bankruptcy<Rounding>(f, c, plain_tick(ticks[i].value()));
    }
  }
  return {};
}

}  // namespace detail::liq

/// Every liquidation price of a cross account, others held at their marks
/// (marks[i] is the mark of positions[i]), one tick per position.
template <PriceRounding Rounding = conservative_rounding, Number N, AccountModels<N> Ms>
[[nodiscard]] constexpr result<void> cross_liquidation_prices(
    const account_view<N>& acct, std::type_identity_t<std::span<const price<N>>> marks, const Ms& models,
    const std::type_identity_t<liquidation_convention<N>>& conv,
    std::type_identity_t<std::span<const price_delta<N>>> ticks,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return detail::liq::cross_prices<true, Rounding>(acct, marks, models, conv, detail::liq::tick_source<N>{ticks, {}},
                                                   out);
}
/// The same with one tick for every position.
template <PriceRounding Rounding = conservative_rounding, Number N, AccountModels<N> Ms>
[[nodiscard]] constexpr result<void> cross_liquidation_prices(
    const account_view<N>& acct, std::type_identity_t<std::span<const price<N>>> marks, const Ms& models,
    const std::type_identity_t<liquidation_convention<N>>& conv, std::type_identity_t<price_delta<N>> tick,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return detail::liq::cross_prices<true, Rounding>(acct, marks, models, conv, detail::liq::tick_source<N>{{}, tick},
                                                   out);
}

/// Every bankruptcy price of a cross account: position i where the account's
/// equity is exhausted, the others at their marks. One tick per position.
template <PriceRounding Rounding = conservative_rounding, Number N>
[[nodiscard]] constexpr result<void> cross_bankruptcy_prices(
    const account_view<N>& acct, std::type_identity_t<std::span<const price<N>>> marks,
    const std::type_identity_t<liquidation_convention<N>>& conv,
    std::type_identity_t<std::span<const price_delta<N>>> ticks,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return detail::liq::cross_prices<false, Rounding>(acct, marks, 0, conv, detail::liq::tick_source<N>{ticks, {}}, out);
}
/// The same with one tick for every position.
template <PriceRounding Rounding = conservative_rounding, Number N>
[[nodiscard]] constexpr result<void> cross_bankruptcy_prices(
    const account_view<N>& acct, std::type_identity_t<std::span<const price<N>>> marks,
    const std::type_identity_t<liquidation_convention<N>>& conv, std::type_identity_t<price_delta<N>> tick,
    std::type_identity_t<std::span<result<solved_price<N>>>> out) noexcept {
  return detail::liq::cross_prices<false, Rounding>(acct, marks, 0, conv, detail::liq::tick_source<N>{{}, tick}, out);
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_LIQUIDATION_CROSS_HPP
