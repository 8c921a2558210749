// solvency/adl/rankings.hpp: the venues' ADL ranking policies.
//
// Policies in this header (namespace solvency::adl), each an AdlRanking;
// "value" is the position's value at the mark in the settlement currency
// (position_value), "entry value" the same at the entry price, "PnL" the
// unrealised PnL at the mark and "equity" = wallet + other PnL + PnL:
//
//   bitmex_ranking       BitMEX and classic (pre-UTA) Bybit, venues.md 7.2 / 5:
//                        PnL% = PnL / entry value, EffLev = value / equity;
//                        PnL% x EffLev in profit, PnL% / EffLev otherwise
//   binance_ranking      Binance USD-M / COIN-M, venues.md 1.4: PnL% = PnL /
//                        |notional|, EffLev = |notional| / (WB + UP);
//                        PnL% x EffLev if PnL% >= 0, PnL% / EffLev otherwise
//   okx_ranking          OKX, venues.md 6.3: PnL% x EffLev (one branch),
//                        executes at the mark
//   hyperliquid_ranking  Hyperliquid, venues.md 8.3: (mark / entry) x (value /
//                        account value), winners only, previous mark
//   dydx_random          dYdX v4, venues.md 10.3: no ranking; a seeded
//                        pseudo-random order over the opposite side
//   highest_leverage     value / equity, winners only (the literature's rule)
//   largest_profit       PnL, winners only
//   pnl_to_equity        PnL / equity, winners only
//   pro_rata             every winner shares the quantity pro rata to size
//   largest_position     value at the mark (a factor for hierarchies)
//   funding_paid         funding paid (a factor for hierarchies)
//
// Why "MarkValue - BankruptValue" is the equity: the bankruptcy price is the
// price at which the holder's equity is zero, and a position's value moves
// one for one with its PnL, so the value difference between the mark and
// the bankruptcy price is the equity at the mark (linear, inverse, quanto).
// The products are computed with one rounding each (muldiv2), so a score is
// monotone wherever the exact formula is.
//
//   auto s = adl::bitmex_ranking{}.score(h, mark);   // result<N>
#ifndef SOLVENCY_ADL_RANKINGS_HPP
#define SOLVENCY_ADL_RANKINGS_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/config.hpp>
#include <solvency/core/position.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <cstdint>

namespace solvency::inline v1::adl {

namespace detail {
/// The inputs every formula uses, checked.
template <Number N>
struct basics {
  N pnl{};          ///< unrealised PnL at the mark (down)
  N value{};        ///< |position value| at the mark (up)
  N entry_value{};  ///< |position value| at the entry (up)
  N equity{};       ///< wallet + other PnL + PnL, > 0
};

template <Number N>
[[nodiscard]] constexpr result<basics<N>> basics_of(const holder<N>& h, price<N> mark) noexcept {
  if (const auto v = validate(h, mark); !v) return failure{v.error()};
  basics<N> b;
  if (h.pos.spec.kind == contract_kind::inverse) {
    b.pnl = pnl<round::down>(h.pos, mark).value();
    b.value = position_value<round::up>(h.pos, mark).value();
    b.entry_value = position_value<round::up>(h.pos, h.pos.entry).value();
  } else {
    // linear and quanto: the same values as pnl() and position_value(),
    // with the exposure computed once
    const N units = exposure<round::toward_zero>(h.pos);
    const N move = h.pos.side == side::long_ ? mark.value() - h.pos.entry.value() : h.pos.entry.value() - mark.value();
    b.pnl = mul<round::down>(units, move);
    b.value = mul<round::up>(units, mark.value());
    b.entry_value = mul<round::up>(units, h.pos.entry.value());
  }
  b.equity = (h.wallet_balance + h.other_pnl).value() + b.pnl;
  if (!is_valid(b.pnl)) return failure{error_of(b.pnl)};
  if (!is_valid(b.value)) return failure{error_of(b.value)};
  if (!is_valid(b.entry_value)) return failure{error_of(b.entry_value)};
  if (!is_valid(b.equity)) return failure{error_of(b.equity)};
  if (!(b.equity > N{})) return failure{errc::non_positive_equity};
  if (!(b.value > N{}) || !(b.entry_value > N{})) return failure{errc::non_positive_quantity};
  return b;
}

template <Number N>
[[nodiscard]] constexpr result<N> checked_score(N s) noexcept {
  if (!is_valid(s)) return failure{error_of(s)};
  return s;
}
}  // namespace detail

/// BitMEX (and classic Bybit, Poloniex and other clones): venues.md 7.2.
///   PnL% = (MarkValue - EntryValue) / |EntryValue|
///   EffLev = |MarkValue| / (MarkValue - BankruptValue) = value / equity
///   score = PnL% x EffLev (PnL% > 0), PnL% / EffLev otherwise
///
/// Not declared monotone in profit: for a linear short, a better (higher)
/// entry raises the entry value PnL% divides by and lowers the leverage, and
/// with a small wallet the score falls (the testing kit finds such holders).
/// Longs are monotone. Monotone in leverage on both sides.
struct bitmex_ranking {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = false,
                                         .leverage_monotone = true,
                                         .winners_only = false,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    // PnL x value / (entry value x equity) in profit, PnL x equity / (entry
    // value x value) otherwise: one product, operands selected (no branch)
    const bool win = b->pnl > N{};
    const N num = win ? b->value : b->equity;
    const N den = win ? b->equity : b->value;
    return detail::checked_score(muldiv2<round::down>(b->pnl, num, b->entry_value, den));
  }
};

/// Binance USD-M and COIN-M: venues.md 1.4 (account-level WB + UP).
///   PnL% = UP / |notional|, EffLev = |notional| / (WB + UP)
///   score = PnL% x EffLev = UP / (WB + UP)            (PnL% >= 0)
///         = PnL% / EffLev = UP (WB + UP) / notional^2  (PnL% < 0)
struct binance_ranking {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = true,
                                         .leverage_monotone = true,
                                         .winners_only = false,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    if (!(b->pnl < N{})) return detail::checked_score(div<round::down>(b->pnl, b->equity));
    return detail::checked_score(muldiv2<round::down>(b->pnl, b->equity, b->value, b->value));
  }
};

/// OKX: venues.md 6.3, "leverage PnL% = position PnL% x effective leverage",
/// highest first, one branch for every sign (OKX publishes no division
/// branch). PnL% = PnL / entry value, EffLev = value / equity. Executes at
/// the mark (pass price_rule::bankruptcy when the fund is nearly depleted).
/// Not declared monotone in profit, for the reason given at bitmex_ranking.
struct okx_ranking {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = false,
                                         .leverage_monotone = true,
                                         .winners_only = false,
                                         .pro_rata = false,
                                         .execution = price_rule::mark};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return detail::checked_score(muldiv2<round::down>(b->pnl, b->value, b->entry_value, b->equity));
  }
};

/// Hyperliquid: venues.md 8.3, for users in profit on the opposite side,
///   sort index = (mark / entry) x (notional / account value),
/// closed at the previous mark. The published text writes mark / entry for
/// both sides, which ranks a short's larger profit lower; `side_aware = true`
/// uses entry / mark for shorts instead (a documented variant, off by
/// default so the published formula is what runs).
struct hyperliquid_ranking {
  bool side_aware = false;
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = false,
                                         .leverage_monotone = true,
                                         .winners_only = true,
                                         .pro_rata = false,
                                         .execution = price_rule::previous_mark};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    if (side_aware && h.pos.side == side::short_)
      return detail::checked_score(muldiv2<round::down>(h.pos.entry.value(), b->value, mark.value(), b->equity));
    return detail::checked_score(muldiv2<round::down>(mark.value(), b->value, h.pos.entry.value(), b->equity));
  }
};

/// dYdX v4: venues.md 10.3, no profit ranking; offsetting subaccounts are
/// visited from a pseudo-random starting index. A start index into a list
/// depends on the list's order, which would break the library's rule "same
/// result whatever the input order"; this policy gives every account a
/// pseudo-random key splitmix64(seed, id) instead: a seeded, input-order-free
/// permutation. Equity is not scored: the execution skips a counterparty the
/// close would make bankrupt (dYdX's non-overlapping bankruptcy prices).
struct dydx_random {
  std::uint64_t seed = 0;
  static constexpr ranking_traits traits{.mark_dependent = false,
                                         .profit_monotone = false,
                                         .leverage_monotone = false,
                                         .winners_only = false,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<std::uint64_t> score(const holder<N>& h, price<N> mark) const noexcept {
    if (const auto v = validate(h, mark); !v) return failure{v.error()};
    return detail::mix64(seed ^ detail::mix64(h.id));
  }
};

/// Highest effective leverage first (value / equity), among winners: the rule
/// the literature on automatic deleveraging describes most often.
struct highest_leverage {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = false,
                                         .leverage_monotone = true,
                                         .winners_only = true,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return detail::checked_score(div<round::down>(b->value, b->equity));
  }
};

/// Largest unrealised profit first, among winners.
struct largest_profit {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = true,
                                         .leverage_monotone = true,
                                         .winners_only = true,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return b->pnl;
  }
};

/// PnL relative to equity, among winners.
struct pnl_to_equity {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = true,
                                         .leverage_monotone = true,
                                         .winners_only = true,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return detail::checked_score(div<round::down>(b->pnl, b->equity));
  }
};

/// Every winner shares the quantity pro rata to size; the score is the same
/// for all (the order, by account id, only places rounding remainders).
struct pro_rata {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = true,
                                         .leverage_monotone = true,
                                         .winners_only = true,
                                         .pro_rata = true,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return N{};
  }
};

/// The position's value at the mark: a factor for hierarchies ("then
/// position size"). Every holder with positive equity is a candidate.
struct largest_position {
  static constexpr ranking_traits traits{.mark_dependent = true,
                                         .profit_monotone = false,
                                         .leverage_monotone = true,
                                         .winners_only = false,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return b->value;
  }
};

/// Funding paid since the position opened: a factor for hierarchies ("then
/// funding paid"); does not move with the mark.
struct funding_paid {
  static constexpr ranking_traits traits{.mark_dependent = false,
                                         .profit_monotone = true,
                                         .leverage_monotone = true,
                                         .winners_only = false,
                                         .pro_rata = false,
                                         .execution = price_rule::bankruptcy};
  template <Number N>
  [[nodiscard]] constexpr result<N> score(const holder<N>& h, price<N> mark) const noexcept {
    const auto b = detail::basics_of(h, mark);
    if (!b) return failure{b.error()};
    return h.funding_paid.value();
  }
};

static_assert(AdlRanking<bitmex_ranking, dec> && AdlRanking<bitmex_ranking, double>);
static_assert(AdlRanking<binance_ranking, dec> && AdlRanking<binance_ranking, double>);
static_assert(AdlRanking<okx_ranking, dec> && AdlRanking<okx_ranking, double>);
static_assert(AdlRanking<hyperliquid_ranking, dec> && AdlRanking<hyperliquid_ranking, double>);
static_assert(AdlRanking<dydx_random, dec> && AdlRanking<dydx_random, double>);
static_assert(AdlRanking<highest_leverage, dec> && AdlRanking<largest_profit, dec>);
static_assert(AdlRanking<pnl_to_equity, dec> && AdlRanking<pro_rata, dec>);
static_assert(AdlRanking<largest_position, dec> && AdlRanking<funding_paid, dec>);

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_RANKINGS_HPP
