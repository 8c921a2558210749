// solvency/margin/modes.hpp: isolated, cross and hedge margin.
//
// Types and functions in this header:
//
//   margin_status<N>          balance, unrealized PnL, equity, maintenance and
//                             initial margin of one margin pool; liquidatable()
//                             when equity <= MM; margin_ratio() = MM / equity
//   isolated_position<N>      a position with its own margin (isolated mode)
//   open_isolated(...)        margin = entry value / leverage
//   pay_funding, add_margin   funding paid out of (or received into) the
//                             position margin; margin added or removed
//   isolated_status(...)      equity = margin + PnL against the position's MM
//   cross_margin(...)         one margin pool for an account_view: equity =
//                             wallet + sum of PnL, MM = sum of the positions'
//                             MM; per-position figures into a caller buffer
//   others_held_fixed(...)    for every position i at once, in O(n):
//                             wallet + sum_{j != i} uPnL_j - sum_{j != i} MM_j
//                             (and the same excluding a whole contract, both
//                             hedge legs, when contract ids are given)
//   hedge_position<N>         the long and the short leg of one contract in
//   hedge_margin(...)         one account; each leg in its own tier (Binance
//                             hedge mode) or the larger leg only (Kraken
//                             netting)
//   per_position(models)      a model per position, from a span of models
//
// Models of a cross account: pass ONE MarginModel for every position, or a
// callable `models(i)` returning the model of position i (per_position(span)
// makes one from a span). All models of one account share one type; give
// positions different tables through run-time views (tiered_with_deduction
// holds a view, so a span of them can hold a different table per contract).
//
// Rounding: PnL (and so equity) rounds down, margin up. Equity is measured at
// the mark; maintenance margin at the mark or the entry per the convention;
// initial margin at the same price as maintenance, at the tier's IMR.
#ifndef SOLVENCY_MARGIN_MODES_HPP
#define SOLVENCY_MARGIN_MODES_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>

namespace solvency::inline v1 {

/// The state of one margin pool: an isolated position, or a cross account.
template <Number N>
struct margin_status {
  money<N> balance{};         ///< isolated: the position margin; cross: the wallet balance
  money<N> unrealized_pnl{};  ///< at the mark, rounded down
  money<N> equity{};          ///< balance + unrealized PnL
  money<N> maintenance{};     ///< rounded up, with the fee to close per the convention
  money<N> initial{};         ///< at the tiers' initial rates, rounded up

  /// Equity at or below maintenance margin: the venue liquidates.
  [[nodiscard]] constexpr bool liquidatable() const noexcept { return !(equity > maintenance); }
  /// MM / equity, rounded up (1 = liquidation). Equity <= 0 has no finite
  /// ratio: errc::division_by_zero (liquidatable() is then true).
  [[nodiscard]] constexpr result<rate<N>> margin_ratio() const noexcept {
    if (!(equity.value() > N{})) return failure{errc::division_by_zero};
    return rate<N>{div<round::up>(maintenance.value(), equity.value())};
  }
  /// Equity above initial margin (negative when short of it): free margin.
  [[nodiscard]] constexpr money<N> available() const noexcept { return equity - initial; }
};

/// One position's share of a cross account.
template <Number N>
struct position_margin {
  money<N> unrealized_pnl{};
  money<N> maintenance{};
  money<N> initial{};
};

namespace detail {
template <Number N>
[[nodiscard]] constexpr result<void> check_mark(price<N> mark) noexcept {
  if (!mark.is_valid()) return failure{error_of(mark.value())};
  if (!(mark.value() > N{})) return failure{errc::non_positive_price};
  return {};
}

/// PnL, MM and IM of one valid position at its mark.
template <MarginModel M>
[[nodiscard]] constexpr result<position_margin<typename M::number_type>> margin_of(
    const M& model, const position<typename M::number_type>& pos, price<typename M::number_type> mark,
    const margin_convention<typename M::number_type>& c, input_options o,
    money<typename M::number_type> bankruptcy_value) noexcept {
  using N = typename M::number_type;
  if (const auto v = validate(pos); !v) return failure{v.error()};
  if (const auto v = check_mark(mark); !v) return failure{v.error()};
  const result<margin_input<N>> in = margin_input_for(pos, mark, c.maintenance_at, o);
  if (!in) return failure{in.error()};
  const result<margin_tier<N>> tier = model.tier_for(*in);
  if (!tier) return failure{tier.error()};
  const result<money<N>> mm = maintenance_margin(*tier, in->notional, c, bankruptcy_value);
  if (!mm) return failure{mm.error()};
  const result<money<N>> im = initial_margin(*tier, in->notional);
  if (!im) return failure{im.error()};
  const money<N> u = pnl<round::down>(pos, mark);
  if (!u.is_valid()) return failure{error_of(u.value())};
  return position_margin<N>{u, *mm, *im};
}

template <Number N>
[[nodiscard]] constexpr result<margin_status<N>> status_of(money<N> balance, money<N> u, money<N> mm,
                                                          money<N> im) noexcept {
  const margin_status<N> s{balance, u, balance + u, mm, im};
  for (const money<N> m : {s.balance, s.unrealized_pnl, s.equity, s.maintenance, s.initial})
    if (!m.is_valid()) return failure{error_of(m.value())};
  return s;
}
}  // namespace detail

// ============================================================================
// isolated
// ============================================================================

/// A position margined on its own: its equity is its margin plus its PnL.
template <Number N>
struct isolated_position {
  position<N> pos{};
  money<N> margin{};  ///< initial margin, plus margin added, minus funding paid and margin removed
};

/// Opens an isolated position with margin = entry value / leverage (rounded
/// up), for a leverage the model's tier allows at the entry price.
template <MarginModel M>
[[nodiscard]] constexpr result<isolated_position<typename M::number_type>> open_isolated(
    const M& model, const position<typename M::number_type>& pos, rate<typename M::number_type> leverage,
    input_options o = {}) noexcept {
  using N = typename M::number_type;
  return position_initial_margin(model, pos, pos.entry, leverage, o).transform([&](money<N> im) {
    return isolated_position<N>{pos, im};
  });
}

/// Funding paid out of the position margin (payment > 0) or received into it
/// (payment < 0). Bybit's worked example (venues.md BY-L3): a long 1 BTC @
/// 20,000 at 50x holds 400 USDT; paying 200 USDT of funding leaves 200, which
/// moves its liquidation price from 19,700 to 19,900. Venues differ in where
/// received funding goes (Bybit credits the wallet): pass only what moves the
/// position margin. The margin may go below zero; the position is then
/// liquidatable.
template <Number N>
[[nodiscard]] constexpr result<isolated_position<N>> pay_funding(isolated_position<N> iso,
                                                                 money<N> payment) noexcept {
  if (!payment.is_valid()) return failure{error_of(payment.value())};
  iso.margin -= payment;
  if (!iso.margin.is_valid()) return failure{error_of(iso.margin.value())};
  return iso;
}

/// Margin added (amount > 0) or removed (amount < 0). Removing more than the
/// position holds is errc::invalid_argument; whether the venue allows a
/// removal (usually: not below initial margin) is the caller's rule.
template <Number N>
[[nodiscard]] constexpr result<isolated_position<N>> add_margin(isolated_position<N> iso, money<N> amount) noexcept {
  if (!amount.is_valid()) return failure{error_of(amount.value())};
  iso.margin += amount;
  if (!iso.margin.is_valid()) return failure{error_of(iso.margin.value())};
  if (iso.margin.value() < N{}) return failure{errc::invalid_argument};
  return iso;
}

/// Margin plus PnL at the mark (rounded down).
template <Number N>
[[nodiscard]] constexpr result<money<N>> isolated_equity(const isolated_position<N>& iso, price<N> mark) noexcept {
  if (const auto v = validate(iso.pos); !v) return failure{v.error()};
  if (const auto v = detail::check_mark(mark); !v) return failure{v.error()};
  return detail::checked_money(iso.margin + pnl<round::down>(iso.pos, mark));
}

/// The isolated position's status: balance = its margin. A convention with
/// the fee on the bankruptcy value needs the overload that takes it.
template <MarginModel M>
[[nodiscard]] constexpr result<margin_status<typename M::number_type>> isolated_status(
    const M& model, const isolated_position<typename M::number_type>& iso, price<typename M::number_type> mark,
    const margin_convention<typename M::number_type>& c = {}, input_options o = {}) noexcept {
  using N = typename M::number_type;
  if (c.fee == close_fee::on_bankruptcy_value) return failure{errc::invalid_argument};
  return isolated_status(model, iso, mark, c, money<N>{}, o);
}
/// The same with the position's value at its bankruptcy price.
template <MarginModel M>
[[nodiscard]] constexpr result<margin_status<typename M::number_type>> isolated_status(
    const M& model, const isolated_position<typename M::number_type>& iso, price<typename M::number_type> mark,
    const margin_convention<typename M::number_type>& c, money<typename M::number_type> bankruptcy_value,
    input_options o = {}) noexcept {
  using N = typename M::number_type;
  if (!iso.margin.is_valid()) return failure{error_of(iso.margin.value())};
  const auto pm = detail::margin_of(model, iso.pos, mark, c, o, bankruptcy_value);
  if (!pm) return failure{pm.error()};
  return detail::status_of<N>(iso.margin, pm->unrealized_pnl, pm->maintenance, pm->initial);
}

// ============================================================================
// cross
// ============================================================================

/// A callable giving the model of position i.
template <class F, class N>
concept ModelAccessor = std::invocable<const F&, std::size_t> &&
    MarginModel<std::remove_cvref_t<std::invoke_result_t<const F&, std::size_t>>> &&
    std::same_as<typename std::remove_cvref_t<std::invoke_result_t<const F&, std::size_t>>::number_type, N>;

/// One model for every position, or a model per position.
template <class Ms, class N>
concept AccountModels = (MarginModel<Ms> && std::same_as<typename Ms::number_type, N>) || ModelAccessor<Ms, N>;

/// A model per position from a span of models (models[i] for position i).
template <MarginModel M>
struct per_position_models {
  std::span<const M> models;
  [[nodiscard]] constexpr const M& operator()(std::size_t i) const noexcept {
    SOLVENCY_PRECONDITION(i < models.size(), "per_position_models: no model for this position");
    return models[i];
  }
};
template <MarginModel M, std::size_t E>
[[nodiscard]] constexpr per_position_models<M> per_position(std::span<const M, E> models) noexcept {
  return {models};
}
template <MarginModel M, std::size_t E>
[[nodiscard]] constexpr per_position_models<M> per_position(std::span<M, E> models) noexcept {
  return {models};
}

namespace detail {
template <class Ms>
[[nodiscard]] constexpr decltype(auto) model_at(const Ms& models, std::size_t i) noexcept {
  if constexpr (MarginModel<Ms>)
    return (models);
  else
    return std::invoke(models, i);
}
}  // namespace detail

/// The cross margin of an account: equity = wallet + sum of PnL at the marks
/// (marks[i] is the mark of positions[i]), MM and IM summed over positions.
/// When `per_position` is not empty (it must then be as long as the
/// positions), each position's PnL, MM and IM are written to it: the input
/// of others_held_fixed.
///
/// Errors: size_mismatch (marks or per_position of the wrong length), the
/// first invalid position's validate error, non_positive_price, a model's
/// error, invalid_argument for a convention with the fee on the bankruptcy
/// value (a cross position has no bankruptcy price of its own), overflow.
template <Number N, AccountModels<N> Ms>
[[nodiscard]] constexpr result<margin_status<N>> cross_margin(
    const account_view<N>& acct, std::type_identity_t<std::span<const price<N>>> marks, const Ms& models,
    const std::type_identity_t<margin_convention<N>>& c = {}, input_options o = {},
    std::type_identity_t<std::span<position_margin<N>>> per_position = {}) noexcept {
  if (marks.size() != acct.positions.size()) return failure{errc::size_mismatch};
  if (!per_position.empty() && per_position.size() != acct.positions.size()) return failure{errc::size_mismatch};
  if (c.fee == close_fee::on_bankruptcy_value) return failure{errc::invalid_argument};
  if (!acct.wallet_balance.is_valid()) return failure{error_of(acct.wallet_balance.value())};
  money<N> u{}, mm{}, im{};
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const auto pm = detail::margin_of(detail::model_at(models, i), acct.positions[i], marks[i], c, o, money<N>{});
    if (!pm) return failure{pm.error()};
    if (!per_position.empty()) per_position[i] = *pm;
    u += pm->unrealized_pnl;
    mm += pm->maintenance;
    im += pm->initial;
  }
  return detail::status_of<N>(acct.wallet_balance, u, mm, im);
}

/// For each position i, what the rest of the account contributes when only
/// position i moves: out[i] = wallet + sum_{j != i} uPnL_j - sum_{j != i} MM_j
/// (Binance's WB - TMM_1 + UPNL_1; Hyperliquid's and dYdX's cross margin
/// available). Computed as totals minus own, O(n) for all i, exact for
/// decimal. `total` and `per` come from cross_margin. Errors: size_mismatch.
template <Number N>
[[nodiscard]] constexpr result<void> others_held_fixed(const margin_status<N>& total,
                                                       std::type_identity_t<std::span<const position_margin<N>>> per,
                                                       std::type_identity_t<std::span<money<N>>> out) noexcept {
  if (out.size() != per.size()) return failure{errc::size_mismatch};
  for (std::size_t i = 0; i < per.size(); ++i) {
    out[i] = total.balance + (total.unrealized_pnl - per[i].unrealized_pnl) - (total.maintenance - per[i].maintenance);
    if (!out[i].is_valid()) return failure{error_of(out[i].value())};
  }
  return {};
}

/// The same, holding fixed everything outside position i's CONTRACT: every
/// position with the same id is excluded (both legs in hedge mode, where
/// Binance's formula moves the long and the short leg together).
/// contract_ids[i] is the contract of position i; positions must be grouped
/// by contract with ids non-decreasing (sort them so), else
/// errc::invalid_argument. O(n). Errors: size_mismatch.
template <Number N>
[[nodiscard]] constexpr result<void> others_held_fixed(const margin_status<N>& total,
                                                       std::type_identity_t<std::span<const position_margin<N>>> per,
                                                       std::span<const std::uint64_t> contract_ids,
                                                       std::type_identity_t<std::span<money<N>>> out) noexcept {
  if (out.size() != per.size() || contract_ids.size() != per.size()) return failure{errc::size_mismatch};
  for (std::size_t i = 1; i < contract_ids.size(); ++i)
    if (contract_ids[i] < contract_ids[i - 1]) return failure{errc::invalid_argument};
  std::size_t begin = 0;
  while (begin < per.size()) {
    std::size_t end = begin;
    money<N> u{}, mm{};
    for (; end < per.size() && contract_ids[end] == contract_ids[begin]; ++end) {
      u += per[end].unrealized_pnl;
      mm += per[end].maintenance;
    }
    const money<N> rest = total.balance + (total.unrealized_pnl - u) - (total.maintenance - mm);
    if (!rest.is_valid()) return failure{error_of(rest.value())};
    for (std::size_t i = begin; i < end; ++i) out[i] = rest;
    begin = end;
  }
  return {};
}

// ============================================================================
// hedge mode
// ============================================================================

/// Both legs of one contract held at once in hedge ("two-way") mode. A leg of
/// size zero is absent (its entry is then ignored).
template <Number N>
struct hedge_position {
  contract<N> spec{};
  quantity<N> long_size{};
  price<N> long_entry{};
  quantity<N> short_size{};
  price<N> short_entry{};

  [[nodiscard]] constexpr position<N> long_leg() const noexcept { return {side::long_, long_size, long_entry, spec}; }
  [[nodiscard]] constexpr position<N> short_leg() const noexcept {
    return {side::short_, short_size, short_entry, spec};
  }
};

/// How a venue combines the two legs' requirements.
enum class hedge_netting : std::uint8_t {
  both_legs,   ///< each leg in its own tier by its own notional, requirements added (Binance hedge mode)
  larger_leg,  ///< the larger of the two legs' requirements (Kraken multi-collateral netting)
};

/// Both legs' figures and their combination.
template <Number N>
struct hedge_margin_result {
  position_margin<N> long_leg{};
  position_margin<N> short_leg{};
  money<N> unrealized_pnl{};  ///< both legs
  money<N> maintenance{};     ///< per the netting
  money<N> initial{};         ///< per the netting
};

/// The two legs' PnL, MM and IM at the mark. Errors: non_positive_quantity
/// for a negative leg size, the errors of a present leg (validate, mark,
/// model), invalid_argument for a convention with the fee on the bankruptcy
/// value.
template <MarginModel M>
[[nodiscard]] constexpr result<hedge_margin_result<typename M::number_type>> hedge_margin(
    const M& model, const hedge_position<typename M::number_type>& h, price<typename M::number_type> mark,
    const margin_convention<typename M::number_type>& c = {}, input_options o = {},
    hedge_netting net = hedge_netting::both_legs) noexcept {
  using N = typename M::number_type;
  if (c.fee == close_fee::on_bankruptcy_value) return failure{errc::invalid_argument};
  hedge_margin_result<N> r;
  for (const bool is_long : {true, false}) {
    const position<N> leg = is_long ? h.long_leg() : h.short_leg();
    if (!leg.size.is_valid()) return failure{error_of(leg.size.value())};
    if (leg.size.value() < N{}) return failure{errc::non_positive_quantity};
    if (leg.size.value() == N{}) continue;  // no such leg
    const auto pm = detail::margin_of(model, leg, mark, c, o, money<N>{});
    if (!pm) return failure{pm.error()};
    (is_long ? r.long_leg : r.short_leg) = *pm;
  }
  r.unrealized_pnl = r.long_leg.unrealized_pnl + r.short_leg.unrealized_pnl;
  if (net == hedge_netting::both_legs) {
    r.maintenance = r.long_leg.maintenance + r.short_leg.maintenance;
    r.initial = r.long_leg.initial + r.short_leg.initial;
  } else {
    r.maintenance = r.long_leg.maintenance > r.short_leg.maintenance ? r.long_leg.maintenance : r.short_leg.maintenance;
    r.initial = r.long_leg.initial > r.short_leg.initial ? r.long_leg.initial : r.short_leg.initial;
  }
  for (const money<N> m : {r.unrealized_pnl, r.maintenance, r.initial})
    if (!m.is_valid()) return failure{error_of(m.value())};
  return r;
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_MARGIN_MODES_HPP
