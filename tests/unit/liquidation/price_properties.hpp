// Shared by the generated-property tests of solvency/liquidation/price.hpp
// (price_properties_{linear,inverse,quanto}.cpp, one executable per
// contract kind so each stays a few seconds in a Debug build).
//
// The properties, over 100,000 positions per contract kind and side, each
// on a Binance-like ten-tier table with deductions scaled to the position,
// under a random convention and tick:
//
//   equity at the liquidation price equals the maintenance requirement within
//   one tick, on the safe side (the position is still safe at the price and
//   no longer one tick beyond it); the same for the bankruptcy price and zero
//   (or the fee to close on the bankruptcy value); the liquidation price lies
//   between the entry and the bankruptcy price; more margin never moves it
//   toward the entry; decimal and double agree within a tick; and a good share
//   of the answers lie in another tier than the entry's.
//
// The checks use equity_at and maintenance_requirement, which value the
// position with core's pnl and the margin family's requirement, not with the
// solver's algebra.
#ifndef SOLVENCY_TESTS_LIQUIDATION_PRICE_PROPERTIES_HPP
#define SOLVENCY_TESTS_LIQUIDATION_PRICE_PROPERTIES_HPP

#include <solvency/liquidation/price.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace price_properties {

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

constexpr int min_scale = -7, max_scale = 2;  // the table's caps are 50k ... 500M x 10^scale

/// The BTCUSDT brackets of 2021 scaled by 10^scale, deductions filled in.
template <class N>
std::array<tier_row<N>, 10> scaled_rows(int scale) {
  const std::array<std::int64_t, 10> caps{50'000, 250'000, 1'000'000, 10'000'000, 20'000'000,
                                          50'000'000, 100'000'000, 200'000'000, 300'000'000, 500'000'000};
  const std::array<std::int64_t, 10> mmr_per_mille{4, 5, 10, 25, 50, 100, 125, 150, 250, 500};
  const std::array<std::int64_t, 10> lev{125, 100, 50, 20, 10, 5, 4, 3, 2, 1};
  std::array<tier_row<N>, 10> rows{};
  N factor = from_int<N>(1);
  for (int i = 0; i < (scale < 0 ? -scale : scale); ++i)
    factor = scale < 0 ? div<round::down>(factor, from_int<N>(10)) : mul<round::down>(factor, from_int<N>(10));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const N l = from_int<N>(lev[i]);
    rows[i] = {mul<round::down>(from_int<N>(caps[i]), factor),
               rate<N>{div<round::down>(from_int<N>(mmr_per_mille[i]), from_int<N>(1000))},
               rate<N>{div<round::up>(from_int<N>(1), l)}, rate<N>{l}, {}, false};
  }
  REQUIRE(fill_deductions(std::span<tier_row<N>>(rows)).has_value());
  return rows;
}

template <class N>
struct tables {
  std::array<std::array<tier_row<N>, 10>, max_scale - min_scale + 1> rows{};
  std::array<tiered_with_deduction<N>, max_scale - min_scale + 1> models{};
  tables() {
    for (int s = min_scale; s <= max_scale; ++s) {
      const auto i = static_cast<std::size_t>(s - min_scale);
      rows[i] = scaled_rows<N>(s);
      models[i] = {tier_table_view<N>::make(rows[i]).value(), tier_basis::notional};
    }
  }
  const tiered_with_deduction<N>& at(int scale) const { return models[static_cast<std::size_t>(scale - min_scale)]; }
};
const tables<dec>& tables_dec() {
  static const tables<dec> t;
  return t;
}
const tables<double>& tables_double() {
  static const tables<double> t;
  return t;
}

dec pow10(int e) {
  dec x = 1.0_dec;
  for (int i = 0; i < (e < 0 ? -e : e); ++i) x = e < 0 ? div<round::down>(x, 10.0_dec) : mul<round::down>(x, 10.0_dec);
  return x;
}
dec uniform(rng& g, dec lo, dec hi) {  // lo + (hi - lo) x U[0, 1), to 8 places
  const auto span = static_cast<std::uint64_t>((hi - lo).raw());
  return lo + dec::from_raw(static_cast<std::int64_t>(g.below(span == 0 ? 1 : span)));
}

struct generated {
  margined_position<dec> mp;
  liquidation_convention<dec> conv;
  price_delta<dec> tick;
  int scale;
};

generated make_case(rng& g, contract_kind kind, side s, const tables<dec>& models) {
  generated c{};
  position<dec>& p = c.mp.pos;
  p.side = s;
  const int e = static_cast<int>(g.below(7)) - 5;  // entry = 4 digits x 10^e: 0.01 ... 99,990
  const dec entry = mul<round::down>(dec::from_int(static_cast<std::int64_t>(g.below(9000) + 1000)), pow10(e));
  switch (kind) {
    case contract_kind::linear: {
      constexpr std::array<dec, 4> mult{1.0_dec, 0.1_dec, 0.01_dec, 0.001_dec};
      p.spec = linear_contract(mult[g.below(4)]);
      p.size = quantity{mul<round::down>(dec::from_int(static_cast<std::int64_t>(g.below(100000) + 1)), 0.001_dec)};
      break;
    }
    case contract_kind::inverse: {
      constexpr std::array<dec, 3> face{1.0_dec, 10.0_dec, 100.0_dec};
      p.spec = inverse_contract(face[g.below(3)]);
      p.size = quantity{dec::from_int(static_cast<std::int64_t>(g.below(100000) + 1))};
      break;
    }
    default: {
      p.spec = quanto_contract(g.below(2) ? 0.000001_dec : 0.00001_dec);
      p.size = quantity{dec::from_int(static_cast<std::int64_t>(g.below(1000000) + 1))};
      break;
    }
  }
  p.entry = price{kind == contract_kind::linear ? entry : (entry < 1.0_dec ? entry + 1.0_dec : entry)};
  const dec value = position_value<round::down>(p, p.entry).value();
  // a table scale putting the entry value anywhere from below the first cap to the last tier
  int lo = min_scale, hi = max_scale;
  while (lo < max_scale && mul<round::down>(500000000.0_dec, pow10(lo)) < value) ++lo;
  while (hi > lo && mul<round::down>(1000.0_dec, pow10(hi)) > value) --hi;
  c.scale = lo + static_cast<int>(g.below(static_cast<std::uint64_t>(hi - lo + 1)));
  // margin: mostly value / leverage up to the entry tier's maximum (a little
  // more or less), sometimes more than the value, sometimes negative
  const std::uint64_t shape = g.below(100);
  if (shape < 80) {
    const auto tier = models.at(c.scale).tier_for({p.size, money{value}});
    const dec max_lev = tier ? tier->max_leverage.value() : 1.0_dec;
    const dec lev = uniform(g, 1.0_dec, max_lev > 1.0_dec ? max_lev : 1.0_dec + dec::epsilon());
    c.mp.margin = money{mul<round::down>(div<round::down>(value, lev), uniform(g, 0.9_dec, 1.3_dec))};
  } else if (shape < 88) {
    c.mp.margin = money{mul<round::down>(value, uniform(g, 1.0_dec, 2.0_dec))};
  } else if (shape < 93) {
    c.mp.margin = money{-mul<round::down>(value, uniform(g, 0.0_dec, 0.5_dec))};
  } else if (shape < 96) {
    c.mp.margin = money{-mul<round::down>(value, uniform(g, 1.0_dec, 2.0_dec))};
  } else {
    c.mp.margin = money{mul<round::down>(value, uniform(g, 0.9_dec, 1.0_dec))};
  }
  // convention
  c.conv.margin.maintenance_at = g.below(4) == 0 ? measure_at::entry : measure_at::mark;
  const std::uint64_t fee = g.below(10);
  c.conv.margin.fee = fee < 4 ? close_fee::excluded : (fee < 7 ? close_fee::on_value_at_price : close_fee::on_bankruptcy_value);
  constexpr std::array<dec, 4> taker{0.0_dec, 0.0002_dec, 0.00055_dec, 0.001_dec};
  c.conv.margin.taker_fee = rate{taker[g.below(4)]};
  // tick: the entry's last digit or the one before, sometimes none
  c.tick = price_delta{g.below(7) == 0 ? 0.0_dec : pow10(e + static_cast<int>(g.below(2)))};
  return c;
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
liquidation_convention<double> to_double(const liquidation_convention<dec>& c) {
  return {{c.margin.maintenance_at, c.margin.fee, rate{c.margin.taker_fee.value().to_double()}}, c.inputs,
          c.extra_margin_net_of_close_fee};
}

/// equity - requirement at p (the oracle), in double for the comparisons.
double gap_at(const generated& c, const tiered_with_deduction<dec>& m, dec p) {
  const auto e = equity_at(c.mp, price{p});
  const auto r = maintenance_requirement(c.mp, price{p}, m, c.conv);
  if (!e || !r) return std::numeric_limits<double>::quiet_NaN();  // fails every comparison
  return (e->value() - r->value()).to_double();
}
/// equity - the fee owed at a bankruptcy price p.
double bankrupt_gap_at(const generated& c, dec p) {
  const auto e = equity_at(c.mp, price{p});
  if (!e) return std::numeric_limits<double>::quiet_NaN();
  dec owed{};
  if (c.conv.margin.fee == close_fee::on_bankruptcy_value)
    owed = mul<round::up>(position_value<round::up>(c.mp.pos, price{p}).value(), c.conv.margin.taker_fee.value());
  return (e->value() - owed).to_double();
}

/// |d(equity - requirement)/dP| bounded: Q (1 + A) or F (1 + A) / P^2, A < 1.
double slope_bound(const generated& c, dec p) {
  const double units = exposure<round::down>(c.mp.pos).to_double(), x = p.to_double();
  return c.mp.pos.spec.kind == contract_kind::inverse ? 2.0 * units / (x * x) : 2.0 * units;
}

/// A solved price as a point on the axis the position loses along: a long's
/// never is 0 and always is +inf; a short's the reverse.
double key(const solved_price<dec>& s, bool is_long) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (s.state == price_state::at_price) return s.value.value().to_double();
  return (s.state == price_state::never) == is_long ? 0.0 : inf;
}

/// Prints a failing case (only on failure: the loop runs millions of checks).
void report(const generated& c, int i) {
  MESSAGE("case ", i, ": size ", c.mp.pos.size.value(), " entry ", c.mp.pos.entry.value(), " multiplier ",
          c.mp.pos.spec.multiplier, " margin ", c.mp.margin.value(), " scale ", c.scale, " measure_at ",
          static_cast<int>(c.conv.margin.maintenance_at), " fee ", static_cast<int>(c.conv.margin.fee), " taker ",
          c.conv.margin.taker_fee.value(), " tick ", c.tick.value());
}
/// A cheap test first; doctest's REQUIRE (with the case printed) only when it fails.
#define PROP(...)            \
  do {                       \
    if (!(__VA_ARGS__)) {    \
      report(c, i);          \
      REQUIRE(__VA_ARGS__);  \
    }                        \
  } while (false)

struct tallies {
  int at_price = 0, never = 0, always = 0, crossed_tier = 0, unsafe_start = 0, boundary = 0;
};

void run(contract_kind kind, side s, std::uint64_t seed, int n) {
  rng g{seed};
  tallies t;
  const bool is_long = s == side::long_;
  constexpr double eps = 1e-8;
  for (int i = 0; i < n; ++i) {
    const generated c = make_case(g, kind, s, tables_dec());
    const auto& model = tables_dec().at(c.scale);
    const dec tick = c.tick.value();
    const dec step = tick > dec{} ? tick : dec::epsilon();  // one tick, or the last digit
    const auto lp = liquidation_price(c.mp, model, c.conv, c.tick);
    const auto bp = bankruptcy_price(c.mp, c.conv, c.tick);
    PROP(lp.has_value());
    PROP(bp.has_value());

    // --- equity meets the requirement at the LP, within one tick, safe side
    if (lp->state == price_state::at_price) {
      ++t.at_price;
      const dec p = lp->value.value();
      const double tol_beyond = 8 * eps + 2 * slope_bound(c, p) * eps;
      PROP(gap_at(c, model, p) >= -4 * eps);
      const dec beyond = is_long ? p - step : p + step;
      if (beyond > dec{}) PROP(gap_at(c, model, beyond) <= tol_beyond);
      // in which tier, and was the start already unsafe?
      const auto at_entry = model.tier_for({c.mp.pos.size, position_value<round::up>(c.mp.pos, c.mp.pos.entry)});
      const auto at_lp = model.tier_for({c.mp.pos.size, position_value<round::up>(c.mp.pos, price{p})});
      PROP(at_entry.has_value());
      PROP(at_lp.has_value());
      if (c.conv.margin.maintenance_at == measure_at::mark && !(at_entry->lower == at_lp->lower)) ++t.crossed_tier;
    } else {
      ++(lp->state == price_state::never ? t.never : t.always);
    }

    // --- equity is zero (or the fee) at the BP, within one tick, safe side
    if (bp->state == price_state::at_price) {
      const dec p = bp->value.value();
      PROP(bankrupt_gap_at(c, p) >= -4 * eps);
      const dec beyond = is_long ? p - step : p + step;
      if (beyond > dec{}) PROP(bankrupt_gap_at(c, beyond) <= 8 * eps + 2 * slope_bound(c, p) * eps);
    }

    // --- ordering: entry, LP, BP along the losing direction
    const double klp = key(*lp, is_long), kbp = key(*bp, is_long);
    if (is_long)
      PROP(kbp <= klp);
    else
      PROP(klp <= kbp);
    const double g0 = gap_at(c, model, c.mp.pos.entry.value());
    const dec e = c.mp.pos.entry.value();
    const double e_up = (tick > dec{} ? round_to_multiple<round::up>(e, tick) : e).to_double();
    const double e_down = (tick > dec{} ? round_to_multiple<round::down>(e, tick) : e).to_double();
    if (g0 > 4 * eps) {  // safe at entry: the LP lies on the losing side of it
      if (is_long)
        PROP(klp <= e_up);
      else
        PROP(klp >= e_down);
    } else if (g0 < -1e-6) {  // already liquidatable at entry: the LP is on the other side
      ++t.unsafe_start;
      if (is_long)
        PROP(klp >= e_down);
      else
        PROP(klp <= e_up);
    }

    // --- monotone in the margin: more margin never moves the LP toward the entry
    generated more = c;
    const dec value = position_value<round::down>(c.mp.pos, c.mp.pos.entry).value();
    more.mp.margin += money{uniform(g, dec::epsilon(), div<round::down>(value, 5.0_dec) + dec::epsilon())};
    const auto lp_more = liquidation_price(more.mp, model, more.conv, more.tick);
    PROP(lp_more.has_value());
    if (is_long)
      PROP(key(*lp_more, true) <= klp);
    else
      PROP(key(*lp_more, false) >= klp);

    // --- decimal and double agree within a tick
    const auto lpd = liquidation_price(to<double>(c.mp), tables_double().at(c.scale), to_double(c.conv),
                                       price_delta{tick.to_double()});
    PROP(lpd.has_value());
    if (lpd->state == lp->state) {
      if (lp->state == price_state::at_price) {
        const double pd = lpd->value.value(), pdec = lp->value.value().to_double();
        // one tick, plus the width of the decimal's bracket: margin held to
        // 8 places pins the price only to ~1e-8 / |d equity / dP|
        const double tol = step.to_double() * (1 + 1e-9) + 32 * eps / slope_bound(c, lp->value.value()) + 1e-9 * pdec;
        PROP(pd - pdec <= tol);
        PROP(pdec - pd <= tol);
      }
    } else {
      // only where one of them lands on the first tick above zero
      const double p = lp->state == price_state::at_price ? lp->value.value().to_double() : lpd->value.value();
      PROP(p <= 2 * step.to_double());
    }
  }
  MESSAGE(name(kind), " ", name(s), ": ", t.at_price, " prices (", t.crossed_tier, " in another tier than the entry's, ",
          t.unsafe_start, " from an unsafe entry), ", t.never, " never, ", t.always, " always");
  CHECK(t.at_price > n / 2);
  CHECK(t.crossed_tier > n / 20);
}

inline constexpr int cases = 100'000;

}  // namespace price_properties

#endif
