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

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

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

/// The checks of validate(h, mark), in the same order and with the same
/// errors, that also return the position's exposure: computed once (twice
/// only for an exact number and a multiplier other than one, to prove it
/// exact), where validate() computes it twice for every holder.
template <Number N>
[[nodiscard]] constexpr result<N> validated_exposure(const holder<N>& h, price<N> mark) noexcept {
  if (!mark.is_valid()) return failure{error_of(mark.value())};
  if (!(mark.value() > N{})) return failure{errc::non_positive_price};
  const position<N>& p = h.pos;
  if (!solvency::is_valid(p.side)) return failure{errc::invalid_argument};
  if (p.spec.kind != contract_kind::linear && p.spec.kind != contract_kind::inverse &&
      p.spec.kind != contract_kind::quanto)
    return failure{errc::invalid_argument};
  if (!p.size.is_valid()) return failure{error_of(p.size.value())};
  if (!p.entry.is_valid()) return failure{error_of(p.entry.value())};
  if (!is_valid(p.spec.multiplier)) return failure{error_of(p.spec.multiplier)};
  if (!(p.size.value() > N{}) || !(p.spec.multiplier > N{})) return failure{errc::non_positive_quantity};
  if (!(p.entry.value() > N{})) return failure{errc::non_positive_price};
  const bool unit_multiplier = p.spec.multiplier == from_int<N>(1);
  const N units = unit_multiplier ? p.size.value() : exposure<round::toward_zero>(p);
  if (!is_valid(units)) return failure{error_of(units)};
  if (number_traits<N>::exact && !unit_multiplier && !(units == exposure<round::away_from_zero>(p)))
    return failure{errc::inexact};
  if (!h.wallet_balance.is_valid()) return failure{error_of(h.wallet_balance.value())};
  if (!h.other_pnl.is_valid()) return failure{error_of(h.other_pnl.value())};
  if (!h.funding_paid.is_valid()) return failure{error_of(h.funding_paid.value())};
  return units;
}

template <Number N>
[[nodiscard]] constexpr result<basics<N>> basics_of(const holder<N>& h, price<N> mark) noexcept {
  const auto ex = validated_exposure(h, mark);
  if (!ex) return failure{ex.error()};
  basics<N> b;
  if (h.pos.spec.kind == contract_kind::inverse) {
    b.pnl = pnl<round::down>(h.pos, mark).value();
    b.value = position_value<round::up>(h.pos, mark).value();
    b.entry_value = position_value<round::up>(h.pos, h.pos.entry).value();
  } else {
    // linear and quanto: the same values as pnl() and position_value(),
    // from the exposure validated above
    const N units = *ex;
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

using solvency::detail::magnitude;

/// lo <= v < hi, for +0.0 < lo < hi <= +inf (lo positive: -0.0 would
/// admit the negatives, and v = -0.0 falls outside lo = +0.0), as one
/// unsigned test of v's bits: over [+0, +inf] their order is the values'
/// order, and a negative or NaN v falls outside. The decimal triage pass
/// is bound by the floating-point units; this runs on the integer ones (7%
/// off the pass; not in double, whose inputs are in floating-point
/// registers already).
[[nodiscard]] constexpr bool within(double v, double lo, double hi) noexcept {
  const std::uint64_t from = std::bit_cast<std::uint64_t>(lo);
  return std::bit_cast<std::uint64_t>(v) - from < std::bit_cast<std::uint64_t>(hi) - from;
}

/// v <= -c for c > 0 and v not NaN, by v's bits as within() (over the
/// negative doubles the bits grow with the magnitude).
[[nodiscard]] constexpr bool at_most_minus(double v, double c) noexcept {
  return std::bit_cast<std::uint64_t>(v) >= std::bit_cast<std::uint64_t>(-c);
}

inline constexpr double infinity = std::numeric_limits<double>::infinity();

/// The inputs of the ratio formulas as doubles, in counts of N's resolution
/// (decimal<S>'s raw(); a double's value), for the holders the estimate
/// covers (`ok`): a linear or quanto position with a multiplier of one, every
/// field valid, every input below 2^52 counts, value, entry value and equity
/// at least 10^7 counts (0.1 at 8 digits). There pnl, value and entry value
/// lie within 2 counts of what basics_of computes exactly and equity within
/// 3.5, so value, entry value and equity within 3.5e-7 of it relatively
/// (decimal); for double they are the very values basics_of computes (the
/// same operations in the same order), every one finite, and the ratio
/// formulas' num / den the very division the exact score makes.
struct estimate {
  double pnl = 0.0;
  double value = 0.0;
  double entry_value = 0.0;
  double equity = 0.0;
  double unit = 1.0;  ///< the count of 1: 10^S for decimal<S>, 1 for double
  bool inputs_ok = false;  ///< the inputs are covered; the equity may be small or negative
  bool ok = false;         ///< the inputs are covered and the equity is at least the floor
};

/// The holder's equity is certainly not positive: its exact scoring fails
/// with non_positive_equity (decimal: at least 4 counts below zero).
template <Number N>
[[nodiscard]] constexpr bool sure_excluded(const estimate& x) noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return x.inputs_ok & !(x.equity > 0.0);
  else
    return x.inputs_ok && at_most_minus(x.equity, 4.0);
}

template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr estimate estimate_of(const holder<N>& h, price<N> mark) noexcept {
  estimate x;
  const position<N>& p = h.pos;
  const bool linear_like = p.spec.kind == contract_kind::linear || p.spec.kind == contract_kind::quanto;
  if constexpr (std::is_floating_point_v<N>) {
    // basics_of's operations, in its order: the same values
    const double sz = p.size.value(), m = mark.value(), e = p.entry.value();
    const double w = h.wallet_balance.value(), o = h.other_pnl.value(), f = h.funding_paid.value();
    // (e - m) x -1 for a long: m - e exactly, by flipping the sign bit. Not
    // by a product with 1 - 2 [long]: GCC turns that into a branch on the
    // side, which a book of both sides mispredicts (50% slower there)
    const std::uint64_t flip = static_cast<std::uint64_t>(p.side == side::long_) << 63;
    x.pnl = sz * std::bit_cast<double>(std::bit_cast<std::uint64_t>(e - m) ^ flip);
    x.value = sz * m;
    x.entry_value = sz * e;
    x.equity = (w + o) + x.pnl;
    // not finite if any term is (or if the sum overflows: then merely unknown)
    const double all = ((w + o) + (f + x.pnl)) + ((x.value + x.entry_value) + x.equity);  // a tree, not a chain
    // `&`, not `&&`: one branch for the lot, not one per test; each test is
    // false for a NaN
    x.inputs_ok = linear_like & (p.spec.multiplier == 1.0) & (sz > 0.0) & (e > 0.0) & (m > 0.0) & (all - all == 0.0);
    x.ok = x.inputs_ok & (x.equity > 0.0) & (x.value > 0.0) & (x.entry_value > 0.0);
  } else {
    using rep = typename N::rep;
    constexpr rep lim = rep{1} << 52;
    constexpr double least = 1e7;
    const rep sz = p.size.value().raw(), m = mark.value().raw(), e = p.entry.value().raw();
    const rep w = h.wallet_balance.value().raw(), o = h.other_pnl.value().raw();
    constexpr double per_unit = 1.0 / static_cast<double>(N::unit);  // within an ulp: in the bounds' room
    x.unit = static_cast<double>(N::unit);
    // 0 < x < lim as (x - 1) < lim unsigned, |x| < lim as (x + lim) < 2 lim;
    // lim a power of two: several at once as one test of their bitwise or.
    // `&`, not `&&`: one branch for the lot, not one per test.
    using u64 = std::uint64_t;
    constexpr u64 ul = static_cast<u64>(lim);
    const u64 positives = (static_cast<u64>(sz) - 1) | (static_cast<u64>(e) - 1) | (static_cast<u64>(m) - 1);
    const u64 signed_ones = (static_cast<u64>(w) + ul) | (static_cast<u64>(o) + ul);
    const bool funding_ok = h.funding_paid.is_valid();
    const bool in_range = (positives < ul - 1) & (signed_ones < 2 * ul) & funding_ok & linear_like &
                          (p.spec.multiplier.raw() == static_cast<rep>(N::unit));
    if (!in_range) return x;
    const double dsz = static_cast<double>(sz) * per_unit;
    // e - m, negated for a long ((d ^ -1) + 1 = -d) without a branch on the
    // side: a book of both sides would mispredict it
    const rep flip = -static_cast<rep>(p.side == side::long_);
    x.pnl = dsz * static_cast<double>(((e - m) ^ flip) - flip);
    x.value = dsz * static_cast<double>(m);
    x.entry_value = dsz * static_cast<double>(e);
    x.equity = static_cast<double>(w + o) + x.pnl;
    const double lim_d = static_cast<double>(lim);
    // |pnl| below lim too: size |e - m| < size max(e, m), and the roundings
    // are monotone (|e - m| < max(e, m) as integers, then one product each)
    const bool value_ok = within(x.value, least, lim_d);
    const bool entry_ok = within(x.entry_value, least, lim_d);
    const bool equity_ok = within(x.equity, least, infinity);
    x.inputs_ok = value_ok & entry_ok;
    x.ok = x.inputs_ok & equity_ok;
  }
  return x;
}

/// c ? a : b without a branch: the side of a ranking's formula follows the
/// sign of the PnL, which a branch predictor cannot guess over a book.
/// Exact for finite a and b (a product by 1 or 0 and a sum with 0); an
/// infinite or NaN operand gives NaN, which no bound accepts.
[[nodiscard]] constexpr double pick(bool c, double a, double b) noexcept {
  const double w = static_cast<double>(static_cast<int>(c));  // a conversion, not a branch
  return a * w + b * (1.0 - w);
}

/// The sign of the PnL is certain: the exact PnL has the estimate's sign
/// (decimal: at least 4 counts from zero; double: the same value).
template <Number N>
[[nodiscard]] constexpr bool sure_sign(const estimate& x) noexcept {
  if constexpr (std::is_floating_point_v<N>) return true;
  return magnitude(x.pnl) >= 4.0;
}

/// The room (err) settle() gives a score num / den with PnL coefficient g;
/// settle() explains it.
template <Number N>
[[nodiscard]] constexpr double room(double num, double den, double g) noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return magnitude(num) * 1e-9 + 1e-300 * den;
  else
    return 2.0 * den + 9.0 * g + 4e-6 * magnitude(num);
}

/// The bounds of a score estimated as num / den (den > 0), where num = pnl x
/// g (g >= 0: the PnL's coefficient times den; g = 0 when the formula has
/// no PnL factor), and which of score_bounds' answers holds: `skip` (a
/// winners-only ranking's certain loser), else `excluded` (certainly no
/// positive equity), else bounded when `usable` and the score certainly
/// fits, else unknown. No division and no branch: a book's signs are coin
/// flips to a branch predictor.
/// Decimal: the exact score is round(P' F') with P' within 2 counts of pnl
/// and F' within 3 x 3.5e-7 of f = g / den relatively, so |exact - a| <= 1 +
/// 2 f (1 + 1e-6) + 1.1e-6 |a| + the double evaluation's rounding, where a =
/// num / den: err = 2 den + 9 g + 4e-6 |num| over den bounds it with room.
/// Double: the same values in another order, a few ulps apart: 1e-9 |num|.
template <Number N>
[[nodiscard]] constexpr score_bounds settle(bool skip, bool excluded, bool usable, double num, double den,
                                           double g) noexcept {
  const double mag = magnitude(num);
  const double err = room<N>(num, den, g);
  bool fits = false;
  if constexpr (std::is_floating_point_v<N>)
    fits = mag < 1e300 * den;
  else
    fits = mag + err < 4.6e18 * den;  // 2^62: the exact score fits
  using k = score_bounds::kind;
  const k state = skip ? k::not_candidate : excluded ? k::excluded : (usable & fits) ? k::bounded : k::unknown;
  return {state, num, err, den};
}

/// The exact score num / den certainly fits N (decimal: below 2^62 counts
/// with room; double: finite). A product that overflows gives false.
template <Number N>
[[nodiscard]] constexpr bool fits(double mag, double den) noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return mag < 1e300 * den;
  else
    return mag < 4e18 * den;
}

/// certainly_below's test, num + 1.000001 room(num) < t den, and fits'
/// test, |num| + room(num) < limit den, with room()'s terms distributed
/// over both sides (its den term into the threshold, computed once per
/// call): a few dependent operations per holder instead of a dozen. The
/// coefficients carry the same millionth of room for the roundings.
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr bool below_room(double num, double den, double g, double t) noexcept {
  const double mag = magnitude(num);
  if constexpr (std::is_floating_point_v<N>) {
    return (num + 1.000001e-9 * mag < (t - 1.000001e-300) * den) & (1.000000001 * mag < 1e300 * den);
  } else {
    // num + 1.000001 (2 den + 9 g + 4e-6 |num|) < t den, and
    // |num| + 2 den + 9 g + 4e-6 |num| < 4e18 den, of which the test keeps all but
    // 2 den (the exact score then stays below 4e18 + 2 counts: it fits)
    return (num + 4.000004e-6 * mag + 9.000009 * g < (t - 2.000002) * den) &
           (1.000004 * mag + 9.0 * g < 4e18 * den);
  }
}

/// The triage (adl::triage_of) of a formula whose winners score pnl x g /
/// den and whose losers score at most zero, at a threshold t > 0: a loser
/// is below t whatever its magnitude, and the winners' bound, applied to
/// everyone, holds for each holder whose exact PnL is positive (so the
/// PnL's sign need not be certain). `loser_fits`: the losers' exact formula
/// fits too (a holder left out may be scored exactly later). A certain
/// loser with certainly positive equity (however small: the winners' bound
/// needs the equity's floor, a loser does not) is below t too. (t <= 0 goes
/// through bounds(): adl::triage_of.)
template <Number N>
[[nodiscard]] SOLVENCY_HOT constexpr triage winners_triage(const estimate& x, double g, double den, bool loser_fits, double t) noexcept {
  const double num = x.pnl * g;
  bool sure_loser = false;
  if constexpr (std::is_floating_point_v<N>) {
    sure_loser = (x.pnl <= 0.0) & (x.equity > 0.0) & (x.value > 0.0) & (x.entry_value > 0.0);
  } else {
    const bool losing = at_most_minus(x.pnl, 4.0);
    const bool solvent = within(x.equity, 4.0, infinity);
    sure_loser = losing & solvent;
  }
  const bool below = loser_fits & ((x.inputs_ok & sure_loser) | (x.ok & below_room<N>(num, den, g, t)));
  return below ? triage::below : sure_excluded<N>(x) ? triage::excluded : triage::unknown;
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
  }  /// Bounds without the exact arithmetic (queue::select uses them).
  template <Number N>
  [[nodiscard]] constexpr score_bounds bounds(const holder<N>& h, price<N> mark) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const bool win = x.pnl > 0;
    const double g = x.unit * detail::pick(win, x.value, x.equity);
    const double den = x.entry_value * detail::pick(win, x.equity, x.value);
    return detail::settle<N>(false, detail::sure_excluded<N>(x), x.ok & detail::sure_sign<N>(x), x.pnl * g, den, g);
  }
  /// adl::triage_of's answer for t > 0 (the pass of queue::select), faster
  /// than through bounds(): the winners' formula alone, no branch on the sign.
  template <Number N>
  [[nodiscard]] SOLVENCY_HOT constexpr triage triage(const holder<N>& h, price<N> mark, double t) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    // a loser's |PnL| is at most its value (short) or entry value (long), so
    // its score, PnL x equity / (entry value x value), is at most equity /
    // min(value, entry value): below 2^54 x 10^8 / 10^7 counts in decimal
    // (the estimate's limits), always fitting; in double, checked
    bool loser_fits = true;
    if constexpr (std::is_floating_point_v<N>)
      loser_fits = detail::magnitude(x.pnl) * x.equity < 1e300 * (x.entry_value * x.value);
    return detail::winners_triage<N>(x, x.unit * x.value, x.entry_value * x.equity, loser_fits, t);
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
  }  /// Bounds without the exact arithmetic (queue::select uses them).
  template <Number N>
  [[nodiscard]] constexpr score_bounds bounds(const holder<N>& h, price<N> mark) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const bool win = x.pnl > 0;
    const double g = x.unit * detail::pick(win, 1.0, x.equity);
    const double den = detail::pick(win, x.equity, x.value * x.value);
    return detail::settle<N>(false, detail::sure_excluded<N>(x), x.ok & detail::sure_sign<N>(x), x.pnl * g, den, g);
  }
  /// adl::triage_of's answer for t > 0 (the pass of queue::select), faster
  /// than through bounds(): the winners' formula alone, no branch on the sign.
  template <Number N>
  [[nodiscard]] SOLVENCY_HOT constexpr triage triage(const holder<N>& h, price<N> mark, double t) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const double lose_den = x.value * x.value;
    const double lose = detail::magnitude(x.pnl) * x.unit * x.equity;
    return detail::winners_triage<N>(x, x.unit, x.equity,
                                    detail::fits<N>(lose + detail::room<N>(lose, lose_den, x.unit * x.equity), lose_den),
                                    t);
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
  }  /// Bounds without the exact arithmetic (queue::select uses them).
  template <Number N>
  [[nodiscard]] constexpr score_bounds bounds(const holder<N>& h, price<N> mark) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const double g = x.unit * x.value;
    return detail::settle<N>(false, detail::sure_excluded<N>(x), x.ok, x.pnl * g,
                             x.entry_value * x.equity, g);
  }
  /// adl::triage_of's answer for t > 0 (the pass of queue::select), faster
  /// than through bounds().
  template <Number N>
  [[nodiscard]] SOLVENCY_HOT constexpr triage triage(const holder<N>& h, price<N> mark, double t) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const double g = x.unit * x.value, den = x.entry_value * x.equity, num = x.pnl * g;
    const bool below = x.ok & detail::below_room<N>(num, den, g, t);
    return below ? triage::below : detail::sure_excluded<N>(x) ? triage::excluded : triage::unknown;
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
  }  /// Bounds without the exact arithmetic (queue::select uses them).
  template <Number N>
  [[nodiscard]] constexpr score_bounds bounds(const holder<N>& h, price<N> mark) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const bool sure = x.inputs_ok & detail::sure_sign<N>(x), win = x.pnl > 0;
    return detail::settle<N>(sure & !win, sure & win & detail::sure_excluded<N>(x), sure & x.ok, x.unit * x.value,
                             x.equity, 0.0);
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
  /// Bounds without the exact arithmetic (queue::select uses them).
  template <Number N>
  [[nodiscard]] constexpr score_bounds bounds(const holder<N>& h, price<N> mark) const noexcept {
    const detail::estimate x = detail::estimate_of(h, mark);
    const bool sure = x.inputs_ok & detail::sure_sign<N>(x), win = x.pnl > 0;
    return detail::settle<N>(sure & !win, sure & win & detail::sure_excluded<N>(x), sure & x.ok, x.pnl * x.unit,
                             x.equity, x.unit);
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
static_assert(BoundedAdlRanking<bitmex_ranking, dec> && BoundedAdlRanking<bitmex_ranking, double>);
static_assert(BoundedAdlRanking<binance_ranking, dec> && BoundedAdlRanking<okx_ranking, dec>);
static_assert(BoundedAdlRanking<highest_leverage, dec> && BoundedAdlRanking<pnl_to_equity, dec>);
static_assert(!BoundedAdlRanking<dydx_random, dec> && !BoundedAdlRanking<pro_rata, dec>);

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_RANKINGS_HPP
