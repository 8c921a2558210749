// Generated properties of the venue presets (solvency/venues/), shared by
// tests/unit/venues/properties_*.cpp (one executable per venue family, so
// ctest runs them in parallel).
//
// For each preset and contract kind, over `n` generated positions (half long,
// half short), each opened through the preset (venues::at_leverage: margin =
// entry value / leverage + extra, the leverage up to the entry tier's
// maximum, the extra margin sometimes positive, sometimes negative as funding
// paid), with the preset's own model:
//
//   1. equity at the liquidation price equals maintenance margin within one
//      tick, on the safe side: safe at the price, unsafe one tick beyond;
//   2. equity at the bankruptcy price is zero (or the fee to close the
//      convention holds back), within one tick, on the safe side;
//   3. the liquidation price lies between the entry and the bankruptcy price;
//   4. more leverage never moves the liquidation price away from the entry;
//   5. more margin never moves it toward the entry;
//   6. the decimal and the double instantiations agree within a tick;
//
// and, for presets whose tier follows the price, a share of the answers lie
// in another tier than the entry's.
//
// The oracle values equity with core's pnl and the requirement with
// venues::maintenance_margin (the margin family's requirement under the
// preset's convention), not with the solver's algebra. Bybit's unified
// account counts extra margin net of the fee to close (its published
// formula: Extra / (1 -/+ fee)) and holds that fee outside the position
// margin; for it the oracle's equity is the margin so counted plus PnL, and
// its requirement the MM without the held fee (which both sides carry).
#ifndef SOLVENCY_TESTS_SUPPORT_VENUE_PROPERTIES_HPP
#define SOLVENCY_TESTS_SUPPORT_VENUE_PROPERTIES_HPP

#include <solvency/venues/rulebook.hpp>

#include "check.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace venue_properties {

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

inline constexpr int cases = 100'000;

// Constants for the templates below (Clang 14 cannot call the consteval _dec
// literal inside a template).
inline constexpr dec zero_dec{}, one_dec = 1.0_dec, half_dec = 0.5_dec;

inline dec pow10(int e) {
  dec x = 1.0_dec;
  for (int i = 0; i < (e < 0 ? -e : e); ++i) x = e < 0 ? div<round::down>(x, 10.0_dec) : mul<round::down>(x, 10.0_dec);
  return x;
}
/// lo + (hi - lo) x U[0, 1), to 8 places.
inline dec uniform(rng& g, dec lo, dec hi) {
  const auto span = static_cast<std::uint64_t>((hi - lo).raw());
  return lo + dec::from_raw(static_cast<std::int64_t>(g.below(span == 0 ? 1 : span)));
}
/// Four significant digits times 10^e, e uniform in [lo, hi]: log-uniform-ish.
inline dec four_digits(rng& g, int lo, int hi) {
  const int e = lo + static_cast<int>(g.below(static_cast<std::uint64_t>(hi - lo + 1)));
  return mul<round::down>(dec::from_int(static_cast<std::int64_t>(g.below(9000) + 1000)), pow10(e - 3));
}
/// x rounded down to a multiple of step, at least one step.
inline dec at_least_one(dec x, dec step) {
  const dec r = round_to_multiple<round::down>(x, step);
  return r > dec{} ? r : step;
}

/// A linear position whose notional is about `notional` at an entry of four
/// digits x 10^[e_lo, e_hi], its size a multiple of the lot (in contracts of
/// `multiplier` base units).
inline position<dec> linear_at(rng& g, side s, dec notional, int e_lo, int e_hi, dec multiplier, dec lot) {
  const dec entry = four_digits(g, e_lo, e_hi);
  const dec contracts = at_least_one(div<round::down>(notional, mul<round::up>(entry, multiplier)), lot);
  return {s, quantity{contracts}, price{entry}, linear_contract(multiplier)};
}
/// An inverse position worth about `coin` at its entry, whole contracts of `face`.
inline position<dec> inverse_at(rng& g, side s, dec coin, int e_lo, int e_hi, dec face) {
  const dec entry = four_digits(g, e_lo, e_hi);
  const dec contracts = at_least_one(div<round::down>(mul<round::down>(coin, entry), face), 1.0_dec);
  return {s, quantity{contracts}, price{entry}, inverse_contract(face)};
}

template <class N>
margined_position<N> to(const margined_position<dec>& m) {
  if constexpr (std::is_same_v<N, dec>) {
    return m;
  } else {
    return {{m.pos.side, quantity{m.pos.size.value().to_double()}, price{m.pos.entry.value().to_double()},
             contract<double>{m.pos.spec.kind, m.pos.spec.multiplier.to_double()}},
            money{m.margin.value().to_double()},
            money{m.extra_margin.value().to_double()}};
  }
}

/// A solved price as a point on the axis the position loses along: a long's
/// never is 0 and always is +inf; a short's the reverse.
inline double key(const solved_price<dec>& s, bool is_long) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (s.state == price_state::at_price) return s.value.value().to_double();
  return (s.state == price_state::never) == is_long ? 0.0 : inf;
}
inline double key(const solved_price<double>& s, bool is_long) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (s.state == price_state::at_price) return s.value.value();
  return (s.state == price_state::never) == is_long ? 0.0 : inf;
}

/// Whether the position loses as its value x grows (a linear short, an
/// inverse long): equity = M + sigma (V_E - x).
inline bool loses_as_value_grows(const position<dec>& p) {
  return (p.spec.kind == contract_kind::inverse) == (p.side == side::long_);
}

/// The oracle of one margined position under a rulebook.
template <class R>
struct oracle {
  const R& rb;
  margined_position<dec> mp;
  bool net_extra = false;   ///< Bybit's unified account
  bool fee_in_bp = false;   ///< equity at the bankruptcy price = fee x value there
  dec margin_counted{};     ///< the margin as the venue counts it
  dec held_fee{};           ///< the fee to close held outside the margin (Bybit UTA)

  oracle(const R& r, const margined_position<dec>& m) : rb(r), mp(m) {
    const auto& c = rb.convention;
    net_extra = c.extra_margin_net_of_close_fee;
    fee_in_bp = c.margin.fee == close_fee::on_bankruptcy_value && !net_extra;
    margin_counted = mp.margin.value();
    if (net_extra) {
      const dec fee = c.margin.taker_fee.value(), extra = mp.extra_margin.value();
      const bool up = loses_as_value_grows(mp.pos);
      margin_counted = mp.margin.value() - extra + div<round::down>(extra, up ? one_dec + fee : one_dec - fee);
      // the estimated fee to close: taker fee x the value at the bankruptcy
      // price of the initial margin alone
      const dec m0 = mp.margin.value() - extra;
      const dec ve = position_value<round::up>(mp.pos, mp.pos.entry).value();
      const dec bv0 = up ? ve + m0 : ve - m0;
      held_fee = bv0 > dec{} ? mul<round::up>(bv0, fee) : dec{};
    }
  }
  [[nodiscard]] double equity(dec p) const {
    const auto e = equity_at(margined_position<dec>{mp.pos, money{margin_counted}, {}}, price{p});
    return e ? e->value().to_double() : std::numeric_limits<double>::quiet_NaN();
  }
  /// equity - requirement at p
  [[nodiscard]] double gap(dec p) const {
    const auto r = venues::maintenance_margin(rb, mp, price{p});
    if (!r) return std::numeric_limits<double>::quiet_NaN();  // fails every comparison
    return equity(p) - (r->value() - held_fee).to_double();
  }
  /// equity - what must be left at the bankruptcy price
  [[nodiscard]] double bankrupt_gap(dec p) const {
    dec owed{};
    if (fee_in_bp)
      owed = mul<round::up>(position_value<round::up>(mp.pos, price{p}).value(), rb.convention.margin.taker_fee.value());
    return equity(p) - owed.to_double();
  }
  /// |d gap / dP| bounded: Q (1 + A) or F (1 + A) / P^2, A < 1.
  [[nodiscard]] double slope_bound(dec p) const {
    const double units = exposure<round::down>(mp.pos).to_double(), x = p.to_double();
    return mp.pos.spec.kind == contract_kind::inverse ? 2.0 * units / (x * x) : 2.0 * units;
  }
};

struct tallies {
  int at_price = 0, never = 0, always = 0, crossed = 0, unsafe_start = 0, rejected = 0;
};

/// A case that fails prints its inputs, then the REQUIRE fires.
#define VENUE_PROP(...)                                                                                             \
  do {                                                                                                              \
    if (!(__VA_ARGS__)) {                                                                                           \
      MESSAGE(std::string(label), " case ", i, ": ", name(c.pos.side), " size ", c.pos.size.value(), " entry ",                  \
              c.pos.entry.value(), " multiplier ", c.pos.spec.multiplier, " margin ", c.margin.value(), " extra ", \
              c.extra_margin.value(), " leverage ", lev.value());                                                   \
      REQUIRE(__VA_ARGS__);                                                                                         \
    }                                                                                                               \
  } while (false)

/// Runs the properties over n positions from make(g, side). rb and rbd are
/// the same preset on decimal and on double. crossing: the share of answers
/// in another tier than the entry's must exceed 1/50 (presets whose tier
/// follows the price).
template <class R, class RD, class Make>
void run(const char* label, const R& rb, const RD& rbd, Make make, std::uint64_t seed, int n, bool crossing) {
  rng g{seed};
  tallies t;
  constexpr double eps = 1e-8;
  const dec tick = rb.tick.value();
  const dec step = tick > dec{} ? tick : dec::epsilon();
  const auto& conv = rb.convention;
  for (int i = 0; i < n; ++i) {
    const side s = i % 2 == 0 ? side::long_ : side::short_;
    const bool is_long = s == side::long_;
    const position<dec> pos = make(g, s);
    // a leverage the entry tier allows, and an extra margin
    const auto in = margin_input_at(pos, pos.entry, conv.inputs);
    REQUIRE(in.has_value());
    const auto max_lev = max_leverage(rb.model, *in);
    REQUIRE(max_lev.has_value());
    const dec top = max_lev->value();
    if (!(top >= one_dec)) {  // the tier allows no position at all
      ++t.rejected;
      continue;
    }
    const rate<dec> lev{uniform(g, one_dec, top)};
    const dec im = div<round::up>(in->notional.value(), lev.value());  // the margin at_leverage opens with
    const std::uint64_t shape = g.below(10);
    const dec extra = shape < 7 ? dec{} : (shape < 9 ? mul<round::down>(im, uniform(g, zero_dec, one_dec))
                                                     : -mul<round::down>(im, uniform(g, zero_dec, half_dec)));
    const auto opened = venues::at_leverage(rb, pos, lev, money{extra});
    REQUIRE(opened.has_value());
    const margined_position<dec> c = *opened;
    const oracle<R> o{rb, c};

    const auto lp = venues::liquidation_price(rb, c);
    const auto bp = venues::bankruptcy_price(rb, c);
    VENUE_PROP(lp.has_value());
    VENUE_PROP(bp.has_value());

    // 1. equity meets the requirement at the liquidation price, safe side
    if (lp->state == price_state::at_price) {
      ++t.at_price;
      const dec p = lp->value.value();
      VENUE_PROP(o.gap(p) >= -4 * eps);
      const dec beyond = is_long ? p - step : p + step;
      if (beyond > dec{}) VENUE_PROP(o.gap(beyond) <= 8 * eps + 2 * o.slope_bound(p) * eps);
      if (crossing) {
        const auto at_entry = rb.model.tier_for(*in);
        const auto at_lp = margin_input_at(pos, price{p}, conv.inputs).and_then([&](const margin_input<dec>& x) {
          return rb.model.tier_for(x);
        });
        VENUE_PROP(at_entry.has_value());
        VENUE_PROP(at_lp.has_value());
        if (!(at_entry->lower == at_lp->lower)) ++t.crossed;
      }
    } else {
      ++(lp->state == price_state::never ? t.never : t.always);
    }

    // 2. equity is exhausted (or the held fee is left) at the bankruptcy price
    if (bp->state == price_state::at_price) {
      const dec p = bp->value.value();
      VENUE_PROP(o.bankrupt_gap(p) >= -4 * eps);
      const dec beyond = is_long ? p - step : p + step;
      if (beyond > dec{}) VENUE_PROP(o.bankrupt_gap(beyond) <= 8 * eps + 2 * o.slope_bound(p) * eps);
    }

    // 3. entry, liquidation, bankruptcy along the losing direction
    const double klp = key(*lp, is_long), kbp = key(*bp, is_long);
    if (is_long)
      VENUE_PROP(kbp <= klp);
    else
      VENUE_PROP(klp <= kbp);
    const dec e = pos.entry.value();
    const double e_up = (tick > dec{} ? round_to_multiple<round::up>(e, tick) : e).to_double();
    const double e_down = (tick > dec{} ? round_to_multiple<round::down>(e, tick) : e).to_double();
    const double g0 = o.gap(e);
    if (g0 > 4 * eps) {
      if (is_long)
        VENUE_PROP(klp <= e_up);
      else
        VENUE_PROP(klp >= e_down);
    } else if (g0 < -1e-6) {
      ++t.unsafe_start;
    }

    // 4. more leverage never moves the liquidation price away from the entry
    const rate<dec> lev2{uniform(g, lev.value(), top)};
    const auto more_lev = venues::at_leverage(rb, pos, lev2, money{extra});
    VENUE_PROP(more_lev.has_value());
    const auto lp_lev = venues::liquidation_price(rb, *more_lev);
    VENUE_PROP(lp_lev.has_value());
    if (is_long)
      VENUE_PROP(key(*lp_lev, true) >= klp);
    else
      VENUE_PROP(key(*lp_lev, false) <= klp);

    // 5. more margin never moves it toward the entry
    const dec added = uniform(g, dec::epsilon(), im + dec::epsilon());
    const auto more_margin = venues::at_leverage(rb, pos, lev, money{extra + added});
    VENUE_PROP(more_margin.has_value());
    const auto lp_more = venues::liquidation_price(rb, *more_margin);
    VENUE_PROP(lp_more.has_value());
    if (is_long)
      VENUE_PROP(key(*lp_more, true) <= klp);
    else
      VENUE_PROP(key(*lp_more, false) >= klp);

    // 6. decimal and double agree within a tick
    const auto lpd = venues::liquidation_price(rbd, to<double>(c));
    const auto bpd = venues::bankruptcy_price(rbd, to<double>(c));
    VENUE_PROP(lpd.has_value());
    VENUE_PROP(bpd.has_value());
    const auto agree = [&](const solved_price<dec>& a, const solved_price<double>& b) {
      if (a.state != b.state) {
        // only where one of them lands on the first tick above zero
        const double p = a.state == price_state::at_price ? a.value.value().to_double() : b.value.value();
        return p <= 2 * step.to_double();
      }
      if (a.state != price_state::at_price) return true;
      const double pd = b.value.value(), pdec = a.value.value().to_double();
      // one tick, plus the width of the decimal's bracket: margin held to 8
      // places pins the price only to ~1e-8 / |d equity / dP|
      const double tol = step.to_double() * (1 + 1e-9) + 64 * eps / o.slope_bound(a.value.value()) + 1e-9 * pdec;
      return pd - pdec <= tol && pdec - pd <= tol;
    };
    VENUE_PROP(agree(*lp, *lpd));
    VENUE_PROP(agree(*bp, *bpd));
  }
  MESSAGE(std::string(label), ": ", t.at_price, " liquidation prices (", t.crossed, " in another tier than the entry's, ",
          t.unsafe_start, " from an unsafe entry), ", t.never, " never, ", t.always, " always, ", t.rejected,
          " rejected");
  CHECK(t.rejected < n / 100);
  CHECK(t.at_price > n / 2);
  if (crossing) CHECK(t.crossed > n / 50);
}

}  // namespace venue_properties

#endif
