// solvency/liquidation/settlement.hpp: who gets what when a liquidation fills.
//
// Types, concepts and policies in this header:
//
//   liquidation_fill<N>     a fill of the liquidation: size closed, price
//   settlement_input<N>     the liquidated position, the margin backing the
//                           closed part, the fill, the bankruptcy and
//                           liquidation prices, the parties involved
//   settlement<N>           the split of what the close leaves: the close
//                           PnL, the liquidation fee, the surplus to the fund,
//                           the residual the trader keeps, the deficit
//   LiquidationSettlement   a policy with settle(input) -> result<settlement>
//   dydx_capped_fee         dYdX v4: fee = min(surplus, max_liquidation_fee_ppm
//                           x |quote|) to the insurance fund, the trader keeps
//                           the rest; below bankruptcy the fund pays (deficit)
//   surplus_to_fund         BitMEX, Bybit, OKX: the whole surplus over the
//                           bankruptcy price to the insurance fund
//   trader_keeps_residual   Kraken, Hyperliquid book liquidations: a fee on
//                           the notional (Kraken's, funding its liquidity pool;
//                           zero for Hyperliquid) capped at the surplus, the
//                           trader keeps the rest
//   clearance_fee           Binance: liquidation price x size x rate (USD-M)
//                           or size x multiplier / liquidation price x rate
//                           (COIN-M), capped at the surplus, to the insurance
//                           fund; the trader keeps the rest
//   settle(policy, in)      the policy's split, after checking the input
//   record(s, in, ledger)   the split as transfers: fee trader -> fee payee
//                           (liquidation_fee), surplus trader -> fund
//                           (surplus); all or nothing
//
// What the close leaves is  surplus = margin + close PnL  (PnL of the closed
// size from the entry to the fill, rounded down): what is left of the margin
// backing the closed part once its loss is realised. Measured from the
// margin, the split is exact and creates nothing:
//
//   fee + to_fund + residual - deficit == margin + close PnL   (to the unit)
//
// With an exact bankruptcy price B (margin + PnL at B = 0) the surplus is the
// value of the fill over B: dYdX's insurance-fund delta "quote received -
// bankruptcy quote"; `bankruptcy_delta` reports that delta from the prices,
// for comparison. Fees round up (the exchange's side) but never exceed the
// surplus: a liquidation fee never makes a deficit.
//
// Errors: the position's (validate), non_positive_quantity for a fill size
// <= 0, invalid_argument for a fill larger than the position, a negative fee
// rate or ppm, non_positive_price for a fill, bankruptcy or liquidation price
// <= 0, the inputs' error values, overflow; record: the
// ledger's (ledger_full, ...), with the ledger left as it was.
#ifndef SOLVENCY_LIQUIDATION_SETTLEMENT_HPP
#define SOLVENCY_LIQUIDATION_SETTLEMENT_HPP

#include <solvency/config.hpp>
#include <solvency/core/account.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <concepts>
#include <cstdint>

namespace solvency::inline v1 {

/// One fill of a liquidation order (or a takeover at the bankruptcy price).
template <Number N>
struct liquidation_fill {
  quantity<N> size{};  ///< contracts closed, > 0 and <= the position's size
  price<N> at{};       ///< the fill's average price
};

template <Number N>
struct settlement_input {
  position<N> pos{};               ///< the liquidated position before the fill
  money<N> margin{};               ///< the margin backing the closed part; negative when the account
                                   ///< is already below zero equity (it deepens the deficit)
  liquidation_fill<N> fill{};
  price<N> bankruptcy{};           ///< the position's bankruptcy price
  price<N> liquidation{};          ///< its liquidation price (Binance's clearance fee); zero: the fill price
  party trader = party::trader(0);
  party fund = party::insurance_fund(0);  ///< receives the surplus (and, by default, the fee)
  party fee_payee = party::insurance_fund(0);  ///< receives the fee (Kraken: its liquidity pool)
};

/// The split of what the close leaves. Every amount is >= 0; at most one of
/// the surplus side (fee + to_fund + residual) and the deficit is non-zero.
template <Number N>
struct settlement {
  money<N> close_pnl{};         ///< PnL of the closed size, entry to fill, rounded down
  money<N> liquidation_fee{};   ///< to the fee payee
  money<N> to_fund{};           ///< surplus to the insurance fund
  money<N> residual{};          ///< the trader keeps it
  money<N> deficit{};           ///< what the waterfall must cover
  money<N> bankruptcy_delta{};  ///< value of the fill over the bankruptcy price (may be < 0), for comparison

  /// margin + close PnL, as split: fee + to_fund + residual - deficit.
  [[nodiscard]] constexpr money<N> net() const noexcept { return liquidation_fee + to_fund + residual - deficit; }

  friend constexpr bool operator==(const settlement&, const settlement&) = default;
};

template <class S, class N>
concept LiquidationSettlement = Number<N> && requires(const S& s, const settlement_input<N>& in) {
  { s.settle(in) } -> std::same_as<result<settlement<N>>>;
};

namespace detail::settle {


template <Number N>
[[nodiscard]] constexpr result<void> check(const settlement_input<N>& in) noexcept {
  if (const auto v = validate(in.pos); !v) return failure{v.error()};
  if (!in.fill.size.is_valid()) return failure{error_of(in.fill.size.value())};
  if (!(in.fill.size.value() > N{})) return failure{errc::non_positive_quantity};
  if (in.fill.size > in.pos.size) return failure{errc::invalid_argument};
  if (const errc e = solvency::detail::price_error(in.fill.at); e != errc{}) return failure{e};
  if (const errc e = solvency::detail::price_error(in.bankruptcy); e != errc{}) return failure{e};
  if (!in.liquidation.is_valid()) return failure{error_of(in.liquidation.value())};
  if (in.liquidation.value() < N{}) return failure{errc::non_positive_price};
  if (!in.margin.is_valid()) return failure{error_of(in.margin.value())};
  return {};
}

template <Number N>
[[nodiscard]] constexpr position<N> closed_part(const settlement_input<N>& in) noexcept {
  position<N> p = in.pos;
  p.size = in.fill.size;
  return p;
}

/// The figures every policy starts from: close PnL, the bankruptcy delta,
/// and the surplus (positive) or deficit.
template <Number N>
[[nodiscard]] constexpr result<settlement<N>> base(const settlement_input<N>& in, money<N>& surplus) noexcept {
  if (const auto c = check(in); !c) return failure{c.error()};
  const position<N> part = closed_part(in);
  settlement<N> s;
  s.close_pnl = pnl<round::down>(part, in.fill.at);
  if (!s.close_pnl.is_valid()) return failure{error_of(s.close_pnl.value())};
  s.bankruptcy_delta = pnl<round::down>(part, in.fill.at) - pnl<round::up>(part, in.bankruptcy);
  if (!s.bankruptcy_delta.is_valid()) return failure{error_of(s.bankruptcy_delta.value())};
  surplus = in.margin + s.close_pnl;
  if (!surplus.is_valid()) return failure{error_of(surplus.value())};
  if (surplus.value() < N{}) {
    s.deficit = -surplus;
    surplus = money<N>{};
  }
  return s;
}

/// A fee capped at what is left (the fee is rounded up before the cap).
template <Number N>
[[nodiscard]] constexpr money<N> capped(money<N> fee, money<N> surplus) noexcept {
  return fee < surplus ? fee : surplus;
}

template <Number N>
[[nodiscard]] constexpr result<void> check_rate(rate<N> r) noexcept {
  if (!r.is_valid()) return failure{error_of(r.value())};
  if (r.value() < N{}) return failure{errc::invalid_argument};
  return {};
}

}  // namespace detail::settle

// ============================================================================
// policies
// ============================================================================

/// dYdX v4 (venues.md 10.3): insurance-fund delta = quote received -
/// bankruptcy quote. If > 0 the user pays min(delta, max_liquidation_fee_ppm
/// x |quote|) to the insurance fund and keeps the rest; if <= 0 the fund
/// pays the shortfall (the deficit). Genesis: 15,000 ppm (1.5%).
struct dydx_capped_fee {
  std::int64_t max_liquidation_fee_ppm = 15'000;

  template <Number N>
  [[nodiscard]] constexpr result<settlement<N>> settle(const settlement_input<N>& in) const noexcept {
    if (max_liquidation_fee_ppm < 0 || max_liquidation_fee_ppm > 1'000'000) return failure{errc::invalid_argument};
    money<N> surplus{};
    result<settlement<N>> s = detail::settle::base(in, surplus);
    if (!s) return s;
    // |quote| = the fill's value in the settlement currency
    const money<N> quote = position_value<round::up>(detail::settle::closed_part(in), in.fill.at);
    const money<N> cap{muldiv<round::up>(quote.value(), from_int<N>(max_liquidation_fee_ppm), from_int<N>(1'000'000))};
    if (!cap.is_valid()) return failure{error_of(cap.value())};
    s.value().liquidation_fee = detail::settle::capped(cap, surplus);
    s.value().residual = surplus - s->liquidation_fee;
    return s;
  }
};

/// BitMEX, Bybit, OKX (venues.md 5, 6.3, 7.1): a close better than the
/// bankruptcy price leaves a surplus, all of it to the insurance fund.
struct surplus_to_fund {
  template <Number N>
  [[nodiscard]] constexpr result<settlement<N>> settle(const settlement_input<N>& in) const noexcept {
    money<N> surplus{};
    result<settlement<N>> s = detail::settle::base(in, surplus);
    if (!s) return s;
    s.value().to_fund = surplus;
    return s;
  }
};

/// Kraken, Hyperliquid book liquidations (venues.md 11, 12): the trader keeps
/// what is left after a fee of `fee_rate` x the fill's value (rounded up,
/// capped at the surplus). Kraken's fee funds its liquidity pool (pass the
/// pool as fee_payee); Hyperliquid charges none (fee_rate 0).
template <Number N>
struct trader_keeps_residual {
  rate<N> fee_rate{};

  [[nodiscard]] constexpr result<settlement<N>> settle(const settlement_input<N>& in) const noexcept {
    if (const auto c = detail::settle::check_rate(fee_rate); !c) return failure{c.error()};
    money<N> surplus{};
    result<settlement<N>> s = detail::settle::base(in, surplus);
    if (!s) return s;
    const money<N> fee = mul<round::up>(position_value<round::up>(detail::settle::closed_part(in), in.fill.at), fee_rate);
    if (!fee.is_valid()) return failure{error_of(fee.value())};
    s.value().liquidation_fee = detail::settle::capped(fee, surplus);
    s.value().residual = surplus - s->liquidation_fee;
    return s;
  }
};

/// Binance's insurance clearance fee (venues.md 1.3, third-party formula):
/// USD-M liquidation price x size x rate; COIN-M size x multiplier /
/// liquidation price x rate (both: the closed part's value at the
/// liquidation price, rounded up), capped at the surplus, to the insurance
/// fund; the trader keeps the rest. The liquidation price defaults to the
/// fill price when the input's is zero.
template <Number N>
struct clearance_fee {
  rate<N> fee_rate{};

  [[nodiscard]] constexpr result<settlement<N>> settle(const settlement_input<N>& in) const noexcept {
    if (const auto c = detail::settle::check_rate(fee_rate); !c) return failure{c.error()};
    money<N> surplus{};
    result<settlement<N>> s = detail::settle::base(in, surplus);
    if (!s) return s;
    const price<N> at = in.liquidation.value() > N{} ? in.liquidation : in.fill.at;
    const money<N> fee = mul<round::up>(position_value<round::up>(detail::settle::closed_part(in), at), fee_rate);
    if (!fee.is_valid()) return failure{error_of(fee.value())};
    s.value().liquidation_fee = detail::settle::capped(fee, surplus);
    s.value().residual = surplus - s->liquidation_fee;
    return s;
  }
};

static_assert(LiquidationSettlement<dydx_capped_fee, dec>);
static_assert(LiquidationSettlement<surplus_to_fund, double>);
static_assert(LiquidationSettlement<trader_keeps_residual<dec>, dec>);
static_assert(LiquidationSettlement<clearance_fee<dec>, dec>);

// ============================================================================
// applying a settlement
// ============================================================================

/// The policy's split of one fill.
template <Number N, LiquidationSettlement<N> S>
[[nodiscard]] constexpr result<settlement<N>> settle(const S& policy, const settlement_input<N>& in) noexcept {
  return policy.settle(in);
}

/// Records the split: the fee from the trader to in.fee_payee
/// (liquidation_fee) and the surplus from the trader to in.fund (surplus).
/// The residual stays with the trader and the deficit is the waterfall's
/// (venues/processes.hpp builds its loss_event): neither is a transfer here. All or nothing: on an error
/// the ledger is left as it was.
template <Number N>
[[nodiscard]] constexpr result<void> record(const settlement<N>& s, const settlement_input<N>& in,
                                            ledger<N>& l) noexcept {
  const std::size_t before = l.size();
  if (auto r = l.record({in.trader, in.fee_payee, s.liquidation_fee, transfer_reason::liquidation_fee}); !r) {
    l.truncate(before);
    return r;
  }
  if (auto r = l.record({in.trader, in.fund, s.to_fund, transfer_reason::surplus}); !r) {
    l.truncate(before);
    return r;
  }
  return {};
}

}  // namespace solvency::inline v1

#endif  // SOLVENCY_LIQUIDATION_SETTLEMENT_HPP
