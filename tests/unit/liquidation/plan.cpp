// Tests for solvency/liquidation/plan.hpp: every plan policy on hand-worked
// scenarios (partial liquidation down a Binance-style bracket table,
// Hyperliquid's 20% slices and 30 s cooldown, dYdX's portion, minimum and
// per-block cap, Deribit's increments, takeovers), the limit prices
// (bankruptcy, mark, dYdX's fillable price), generated plans, bad input.
#include <solvency/liquidation/plan.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;

namespace {

// The first three brackets of Binance's 2021 BTCUSDT table (venues.md 1.1):
// 0-50k 0.4% cum 0; 50k-250k 0.5% cum 50; 250k-1M 1% cum 1,300.
constexpr auto brackets = tiers_from(std::array{
                                         binance_bracket<dec>{0.0_dec, 50000.0_dec, 0.004_dec, 0.0_dec, 125.0_dec},
                                         binance_bracket<dec>{50000.0_dec, 250000.0_dec, 0.005_dec, 50.0_dec, 100.0_dec},
                                         binance_bracket<dec>{250000.0_dec, 1000000.0_dec, 0.01_dec, 1300.0_dec, 50.0_dec}})
                              .value();
constexpr tiered_with_deduction<dec> binance_model{brackets.view().value(), tier_basis::notional};
constexpr liquidation_convention<dec> at_mark{};
constexpr quantity<dec> lot{0.001_dec};

constexpr dec default_entry = 20000.0_dec;  // clang 14: no _dec in default arguments
constexpr dec default_bankruptcy = 19000.0_dec;

constexpr position<dec> btc(dec size, dec entry = default_entry, side s = side::long_) {
  return {s, quantity{size}, price{entry}, linear_contract(1.0_dec)};
}

constexpr liquidation_decision<dec> deciding(dec equity, dec mm) {
  liquidation_decision<dec> d;
  d.equity = money{equity};
  d.maintenance = money{mm};
  d.action = equity < mm ? liquidation_action::liquidate : liquidation_action::healthy;
  return d;
}

constexpr plan_input<dec> input(position<dec> pos, dec equity, dec mm, dec mark, dec limit,
                                dec bankruptcy = default_bankruptcy) {
  plan_input<dec> in;
  in.decision = deciding(equity, mm);
  in.mp = {pos, money{1000.0_dec}, {}};
  in.mark = price{mark};
  in.limit = price{limit};
  in.bankruptcy = price{bankruptcy};
  return in;
}

constexpr liquidation_step<dec> cancel{step_kind::cancel_orders, {}, {}};
constexpr liquidation_step<dec> reduce(dec q, dec limit) { return {step_kind::reduce, quantity{q}, price{limit}}; }

template <class P>
constexpr bool plan_is(const result<P>& p, std::initializer_list<liquidation_step<dec>> steps) {
  if (!p || p->size() != steps.size()) return false;
  std::size_t i = 0;
  for (const auto& s : steps)
    if (!(p->steps()[i++] == s)) return false;
  return true;
}

constexpr partial_to_lower_tier<tiered_with_deduction<dec>> binance_partial{binance_model, at_mark, lot};

}  // namespace

TEST_CASE("partial_to_lower_tier: down to the bracket below, or further, or a takeover") {
  // long 30 BTC at 20,000: notional 600,000, bracket 3, MM 600,000 x 1% - 1,300 = 4,700
  // equity 4,600: the cap of bracket 2 (250,000 = 12.5 BTC) leaves MM 1,200 < 4,600
  SOLVENCY_CHECK_CONSTEXPR(plan_is(binance_partial.plan(input(btc(30.0_dec), 4600.0_dec, 4700.0_dec, 20000.0_dec,
                                                              20000.0_dec)),
                                   {cancel, reduce(17.5_dec, 20000.0_dec)}));
  // filling 17.5 at 19,900 instead of 20,000 costs 1,750: 2,850 > 1,200 still
  SOLVENCY_CHECK_CONSTEXPR(plan_is(binance_partial.plan(input(btc(30.0_dec), 4600.0_dec, 4700.0_dec, 20000.0_dec,
                                                              19900.0_dec)),
                                   {cancel, reduce(17.5_dec, 19900.0_dec)}));
  // equity 1,000: bracket 2 is not enough (1,200), bracket 1's cap 2.5 BTC (MM 200) is
  SOLVENCY_CHECK_CONSTEXPR(plan_is(binance_partial.plan(input(btc(30.0_dec), 1000.0_dec, 4700.0_dec, 20000.0_dec,
                                                              20000.0_dec)),
                                   {cancel, reduce(27.5_dec, 20000.0_dec)}));
  // equity 1,000 but the limit at 19,970 costs 27.5 x 30 = 825: 175 < 200, so a takeover
  SOLVENCY_CHECK_CONSTEXPR(plan_is(binance_partial.plan(input(btc(30.0_dec), 1000.0_dec, 4700.0_dec, 20000.0_dec,
                                                              19970.0_dec)),
                                   {cancel, {step_kind::take_over, quantity{30.0_dec}, price{19000.0_dec}}}));
  // equity 150: no bracket is enough
  constexpr auto t = binance_partial.plan(input(btc(30.0_dec), 150.0_dec, 4700.0_dec, 20000.0_dec, 20000.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(plan_is(t, {cancel, {step_kind::take_over, quantity{30.0_dec}, price{19000.0_dec}}}));
  SOLVENCY_CHECK_CONSTEXPR(t->closed() == quantity{30.0_dec} && t->restores_health);
  // a cross account: 500 of others' maintenance joins every check (1,200 + 500 < 4,600)
  SOLVENCY_CHECK_CONSTEXPR(plan_is(binance_partial.plan(input(btc(30.0_dec), 4600.0_dec, 5200.0_dec, 20000.0_dec,
                                                              20000.0_dec)),
                                   {cancel, reduce(17.5_dec, 20000.0_dec)}));
  // a short is reduced the same way
  SOLVENCY_CHECK_CONSTEXPR(plan_is(binance_partial.plan(input(btc(30.0_dec, 20000.0_dec, side::short_), 4600.0_dec,
                                                              4700.0_dec, 20000.0_dec, 20100.0_dec)),
                                   {cancel, reduce(17.5_dec, 20100.0_dec)}));
  // already in the lowest bracket: a takeover
  CHECK(plan_is(binance_partial.plan(input(btc(2.0_dec), 100.0_dec, 160.0_dec, 20000.0_dec, 20000.0_dec)),
                {cancel, {step_kind::take_over, quantity{2.0_dec}, price{19000.0_dec}}}));
  // healthy: nothing to do
  SOLVENCY_CHECK_CONSTEXPR(
      binance_partial.plan(input(btc(30.0_dec), 4800.0_dec, 4700.0_dec, 20000.0_dec, 20000.0_dec))->empty());
}

TEST_CASE("slices: Hyperliquid's 20% per order and 30 s cooldown") {
  constexpr slices<dec> hl{money{100000.0_dec}, rate{0.2_dec}, 30, lot};
  auto in = input(btc(10.0_dec), 100.0_dec, 500.0_dec, 20000.0_dec, 20000.0_dec);
  in.now = 1000;
  // 200,000 USDC > 100,000: 20% = 2 BTC, cooldown until 1,030
  const auto first = hl.plan(in);
  CHECK(plan_is(first, {cancel, reduce(2.0_dec, 20000.0_dec)}));
  CHECK(first->cooldown_until == 1030);
  CHECK(!first->restores_health);
  // within the cooldown: the whole position
  in.has_last_slice = true;
  in.last_slice = 990;
  CHECK(plan_is(hl.plan(in), {cancel, reduce(10.0_dec, 20000.0_dec)}));
  // 30 s after the last slice: a slice again
  in.last_slice = 970;
  CHECK(plan_is(hl.plan(in), {cancel, reduce(2.0_dec, 20000.0_dec)}));
  // at the threshold (5 BTC = 100,000): the whole position at once
  SOLVENCY_CHECK_CONSTEXPR(plan_is(hl.plan(input(btc(5.0_dec), 100.0_dec, 500.0_dec, 20000.0_dec, 20000.0_dec)),
                                   {cancel, reduce(5.0_dec, 20000.0_dec)}));
  // 20% rounds down to the lot: 10.0003 -> 2.000
  SOLVENCY_CHECK_CONSTEXPR(plan_is(hl.plan(input(btc(10.0003_dec), 100.0_dec, 500.0_dec, 20000.0_dec, 20000.0_dec)),
                                   {cancel, reduce(2.0_dec, 20000.0_dec)}));
  // a slice below one lot is one lot
  constexpr slices<dec> every{money{0.0_dec}, rate{0.2_dec}, 30, lot};
  SOLVENCY_CHECK_CONSTEXPR(plan_is(every.plan(input(btc(0.002_dec), 1.0_dec, 5.0_dec, 20000.0_dec, 20000.0_dec)),
                                   {cancel, reduce(0.001_dec, 20000.0_dec)}));
  // the defaults are Hyperliquid's
  SOLVENCY_CHECK_CONSTEXPR(slices<dec>{}.threshold == money{100000.0_dec} && slices<dec>{}.portion == rate{0.2_dec} &&
                           slices<dec>{}.cooldown == 30);
}

TEST_CASE("dydx_portion: 10% per block, at least 1,000 USDC, at most 100,000 per block") {
  constexpr dydx_portion<dec> dy{100'000, money{1000.0_dec}, money{100000.0_dec}, lot};
  // 50 ETH at 3,000 = 150,000: 10% = 15,000 = 5 ETH
  SOLVENCY_CHECK_CONSTEXPR(plan_is(dy.plan(input(btc(50.0_dec, 3000.0_dec), 1.0_dec, 5.0_dec, 3000.0_dec, 2950.0_dec)),
                                   {cancel, reduce(5.0_dec, 2950.0_dec)}));
  // 2 ETH = 6,000: 10% is 600 < 1,000, so 1,000 / 3,000 = 0.333 ETH (down to the lot)
  SOLVENCY_CHECK_CONSTEXPR(plan_is(dy.plan(input(btc(2.0_dec, 3000.0_dec), 1.0_dec, 5.0_dec, 3000.0_dec, 2950.0_dec)),
                                   {cancel, reduce(0.333_dec, 2950.0_dec)}));
  // 0.2 ETH = 600 < 1,000: the whole position
  constexpr auto small = dy.plan(input(btc(0.2_dec, 3000.0_dec), 1.0_dec, 5.0_dec, 3000.0_dec, 2950.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(plan_is(small, {cancel, reduce(0.2_dec, 2950.0_dec)}) && small->restores_health);
  // the whole notional below the minimum closes the whole position, off the lot grid too
  SOLVENCY_CHECK_CONSTEXPR(plan_is(dy.plan(input(btc(0.2003_dec, 3000.0_dec), 1.0_dec, 5.0_dec, 3000.0_dec,
                                                 2950.0_dec)),
                                   {cancel, reduce(0.2003_dec, 2950.0_dec)}));
  // inverse: 100,000 contracts of 1 USD: 10% = 10,000 contracts
  constexpr position<dec> inv{side::long_, quantity{100000.0_dec}, price{3000.0_dec}, inverse_contract(1.0_dec)};
  SOLVENCY_CHECK_CONSTEXPR(plan_is(dydx_portion<dec>{100'000, money{1000.0_dec}, money{100000.0_dec}, quantity{1.0_dec}}
                                       .plan(input(inv, 1.0_dec, 5.0_dec, 3000.0_dec, 2950.0_dec)),
                                   {cancel, reduce(10000.0_dec, 2950.0_dec)}));
  // 2,000 ETH = 6,000,000: 10% = 600,000, capped at 100,000 per block = 33.333 ETH
  SOLVENCY_CHECK_CONSTEXPR(plan_is(dy.plan(input(btc(2000.0_dec, 3000.0_dec), 1.0_dec, 5.0_dec, 3000.0_dec,
                                                 2950.0_dec)),
                                   {cancel, reduce(33.333_dec, 2950.0_dec)}));
  // 95,000 already liquidated this block: 5,000 left = 1.666 ETH
  auto in = input(btc(50.0_dec, 3000.0_dec), 1.0_dec, 5.0_dec, 3000.0_dec, 2950.0_dec);
  in.liquidated_in_window = money{95000.0_dec};
  CHECK(plan_is(dy.plan(in), {cancel, reduce(1.666_dec, 2950.0_dec)}));
  // the block's cap used up: cancel only, plan again next block
  in.liquidated_in_window = money{100000.0_dec};
  const auto done = dy.plan(in);
  CHECK((plan_is(done, {cancel}) && !done->restores_health));
  in.liquidated_in_window = money{150000.0_dec};
  CHECK(plan_is(dy.plan(in), {cancel}));
}

TEST_CASE("deribit_incremental: the fewest steps that restore health") {
  constexpr flat_margin<dec> deribit_like{rate{0.02_dec}, rate{0.01_dec}};
  // 10 BTC at 50,000, MM 1% = 5,000, equity 4,000: 3 steps of 1 BTC leave 7 (MM 3,500)
  constexpr deribit_incremental<flat_margin<dec>> one{deribit_like, at_mark, quantity{1.0_dec}};
  constexpr auto in = input(btc(10.0_dec, 50000.0_dec), 4000.0_dec, 5000.0_dec, 50000.0_dec, 50000.0_dec);
  constexpr auto p = one.plan(in);
  SOLVENCY_CHECK_CONSTEXPR(plan_is(p, {cancel, reduce(1.0_dec, 50000.0_dec), reduce(1.0_dec, 50000.0_dec),
                                       reduce(1.0_dec, 50000.0_dec)}));
  SOLVENCY_CHECK_CONSTEXPR(p->restores_health && p->closed() == quantity{3.0_dec});
  // steps of 0.1 need 21: the plan holds 7 and says to plan again
  constexpr deribit_incremental<flat_margin<dec>> tenth{deribit_like, at_mark, quantity{0.1_dec}};
  const auto q = tenth.plan(in);
  REQUIRE(q);
  CHECK(q->size() == 8);
  CHECK(!q->restores_health);
  CHECK(q->closed() == quantity{0.7_dec});
  // steps of 6 with equity -100: nothing but closing all (6 then the last 4)
  constexpr deribit_incremental<flat_margin<dec>> six{deribit_like, at_mark, quantity{6.0_dec}};
  SOLVENCY_CHECK_CONSTEXPR(plan_is(six.plan(input(btc(10.0_dec, 50000.0_dec), -100.0_dec, 5000.0_dec, 50000.0_dec,
                                                  50000.0_dec)),
                                   {cancel, reduce(6.0_dec, 50000.0_dec), reduce(4.0_dec, 50000.0_dec)}));
}

TEST_CASE("takeovers and whole orders") {
  constexpr auto in = input(btc(3.0_dec), 10.0_dec, 100.0_dec, 20000.0_dec, 19990.0_dec, 19500.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(plan_is(full_takeover{}.plan(in), {cancel, {step_kind::take_over, quantity{3.0_dec},
                                                                        price{19500.0_dec}}}));
  SOLVENCY_CHECK_CONSTEXPR(plan_is(whole_at_limit{}.plan(in), {cancel, reduce(3.0_dec, 19990.0_dec)}));
  SOLVENCY_CHECK_CONSTEXPR(plan_is(backstop_takeover{}.plan(in), {cancel, {step_kind::backstop_transfer,
                                                                            quantity{3.0_dec}, price{20000.0_dec}}}));
  constexpr auto healthy = input(btc(3.0_dec), 100.0_dec, 10.0_dec, 20000.0_dec, 19990.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(full_takeover{}.plan(healthy)->empty() && whole_at_limit{}.plan(healthy)->empty() &&
                           backstop_takeover{}.plan(healthy)->empty());
  CHECK(name(step_kind::backstop_transfer) == "backstop_transfer");
  CHECK(name(static_cast<step_kind>(9)) == "invalid");
}

TEST_CASE("limit prices: bankruptcy, mark, dYdX's fillable price") {
  constexpr limit_input<dec> li{side::long_, price{3000.0_dec}, price{2700.0_dec}, deciding(100.0_dec, 150.0_dec),
                                rate{0.05_dec}};
  SOLVENCY_CHECK_CONSTEXPR(*at_bankruptcy_price{}.limit_price(li) == price{2700.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(*at_mark_price{}.limit_price(li) == price{3000.0_dec});
  // venues.md 10.3 with genesis BA 100%, SMMR 150%, MMF 5%: TNC 100, TMMR 150
  // -> ABR = 1 - 100/150 = 1/3; adjustment 1/3 x 1.5 x 5% = 2.5%
  constexpr dydx_fillable_price fp{};
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(li) == price{2925.0_dec});
  constexpr limit_input<dec> sh{side::short_, price{3000.0_dec}, price{3300.0_dec}, deciding(100.0_dec, 150.0_dec),
                                rate{0.05_dec}};
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(sh) == price{3075.0_dec});
  // negative TNC: ABR clamps at 1 -> 7.5%
  constexpr limit_input<dec> neg{side::long_, price{3000.0_dec}, price{2700.0_dec}, deciding(-10.0_dec, 150.0_dec),
                                 rate{0.05_dec}};
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(neg) == price{2775.0_dec});
  // TNC >= TMMR: ABR 0, the oracle price
  constexpr limit_input<dec> ok{side::long_, price{3000.0_dec}, price{2700.0_dec}, deciding(150.0_dec, 150.0_dec),
                                rate{0.05_dec}};
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(ok) == price{3000.0_dec});
  // the code defaults (SMMR 0.1) give a narrower band: 1/3 x 0.1 x 5% = 0.001666..., which
  // rounds toward zero to 0.00166666 (the price stays closer to P): 3,000 - 4.99998
  SOLVENCY_CHECK_CONSTEXPR(*dydx_fillable_price{1'000'000, 100'000}.limit_price(li) == price{2995.00002_dec});
  // 1/3 is not exact in decimal: the adjustment rounds toward zero (closer to P)
  constexpr limit_input<dec> third{side::long_, price{1000.0_dec}, price{900.0_dec}, deciding(2.0_dec, 3.0_dec),
                                   rate{0.1_dec}};
  // 1/3 x 1.5 x 10% = 0.05 exactly; x 1,000 = 50
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(third) == price{950.0_dec});
  constexpr limit_input<dec> odd{side::long_, price{1000.0_dec}, price{900.0_dec}, deciding(2.0_dec, 3.0_dec),
                                 rate{0.07_dec}};
  // 1/3 x 1.5 x 7% = 0.035 exactly; the long's price 965
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(odd) == price{965.0_dec});
  constexpr limit_input<dec> odd2{side::short_, price{1000.0_dec}, price{900.0_dec}, deciding(1.0_dec, 3.0_dec),
                                  rate{0.01_dec}};
  // 2/3 x 1.5 x 1% = 0.01 exactly
  SOLVENCY_CHECK_CONSTEXPR(*fp.limit_price(odd2) == price{1010.0_dec});
  // double
  const limit_input<double> d{side::long_, price{3000.0}, price{2700.0}, {liquidation_action::liquidate, money{100.0},
                                                                         money{150.0}, {}, false},
                              rate{0.05}};
  CHECK(fp.limit_price(d)->value() == doctest::Approx(2925.0));
}

TEST_CASE("the policies with double") {
  plan_input<double> in;
  in.decision = {liquidation_action::liquidate, money{100.0}, money{500.0}, {}, false};
  in.mp = {{side::long_, quantity{10.0}, price{20000.0}, linear_contract(1.0)}, money{1000.0}, {}};
  in.mark = price{20000.0};
  in.limit = price{19990.0};
  in.bankruptcy = price{19900.0};
  const auto s = slices<double>{money{100000.0}, rate{0.2}, 30, quantity{0.001}}.plan(in);
  REQUIRE(s);
  REQUIRE(s->size() == 2);
  CHECK(s->steps()[1].size.value() == doctest::Approx(2.0));
  const auto d = dydx_portion<double>{100'000, money{1000.0}, money{100000.0}, quantity{0.001}}.plan(in);
  REQUIRE(d);
  CHECK(d->steps()[1].size.value() == doctest::Approx(1.0));  // 10% of 200,000 = 20,000 -> 1 BTC
  const auto f = full_takeover{}.plan(in);
  REQUIRE(f);
  CHECK(f->steps()[1].limit.value() == 19900.0);
  const auto p = partial_to_lower_tier<flat_margin<double>>{{rate{0.02}, rate{0.01}}, {}, quantity{0.001}}.plan(in);
  REQUIRE(p);
  CHECK(p->steps()[1].kind == step_kind::take_over);  // one tier: nothing below
}

TEST_CASE("generated plans close no more than the position and restore health when they say so") {
  solvency_test::rng g{77};
  int partial = 0;
  for (int i = 0; i < 3000; ++i) {
    const dec size = dec::from_raw(static_cast<std::int64_t>(g.below(30'000) + 1) * 100'000);  // 0.001 .. 30 BTC (notional < 1M)
    const dec mark = dec::from_int(static_cast<std::int64_t>(g.below(20'000) + 10'000));
    const position<dec> pos = btc(size, mark);
    const money<dec> own = maintenance_requirement(margined_position<dec>{pos, money{0.0_dec}, {}}, price{mark},
                                                   binance_model, at_mark)
                               .value();
    const dec equity = dec::from_raw(static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>(own.value().raw()) + 1)));
    const dec limit = mark - dec::from_int(static_cast<std::int64_t>(g.below(50)));
    auto in = input(pos, equity, own.value(), mark, limit);
    in.decision.action = liquidation_action::liquidate;
    const auto p = binance_partial.plan(in);
    REQUIRE(p);
    REQUIRE(p->size() == 2);
    CHECK(p->steps()[0] == cancel);
    CHECK(p->closed() <= pos.size);
    CHECK(p->closed().value() > dec{});
    if (p->steps()[1].kind == step_kind::reduce) {
      ++partial;
      const quantity<dec> rest = pos.size - p->closed();
      CHECK(rest.value() > dec{});
      CHECK(round_to_lot<round::down>(rest, lot) == rest);
      // the rest is healthy at the limit
      const money<dec> cost = pnl<round::up>(btc(p->closed().value(), mark), price{mark}) -
                              pnl<round::down>(btc(p->closed().value(), mark), price{limit});
      const money<dec> mm = maintenance_requirement(margined_position<dec>{btc(rest.value(), mark), money{0.0_dec}, {}},
                                                    price{mark}, binance_model, at_mark)
                                .value();
      CHECK(money{equity} - cost > mm);
      // minimal for its tier: one lot more would be in a higher tier (or the whole position)
      const auto tier_of = [&](dec q) {
        return binance_model.tier_for(margin_input_at(btc(q, mark), price{mark}).value()).value().maintenance;
      };
      const dec more = rest.value() + lot.value();
      CHECK((!(more < size) || !(tier_of(more) == tier_of(rest.value()))));
    } else {
      CHECK(p->steps()[1].kind == step_kind::take_over);
      CHECK(p->closed() == pos.size);
    }
  }
  CHECK(partial > 100);
}

TEST_CASE("bad input, case by case") {
  const auto good = input(btc(3.0_dec), 10.0_dec, 100.0_dec, 20000.0_dec, 19990.0_dec);
  auto in = good;
  in.mp.pos.size = quantity{0.0_dec};
  CHECK(full_takeover{}.plan(in).error() == errc::non_positive_quantity);
  in = good;
  in.mark = price{0.0_dec};
  CHECK(whole_at_limit{}.plan(in).error() == errc::non_positive_price);
  in = good;
  in.limit = price{-1.0_dec};
  CHECK(backstop_takeover{}.plan(in).error() == errc::non_positive_price);
  in = good;
  in.bankruptcy = price{0.0_dec};
  CHECK(binance_partial.plan(in).error() == errc::non_positive_price);
  in = good;
  in.decision.equity = money{dec::error_value(errc::overflow)};
  CHECK(slices<dec>{{}, rate{0.2_dec}, 30, lot}.plan(in).error() == errc::overflow);
  in = good;
  in.mp.margin = money{dec::error_value(errc::overflow)};
  CHECK(full_takeover{}.plan(in).error() == errc::overflow);
  in = good;
  in.liquidated_in_window = money{-1.0_dec};
  CHECK(dydx_portion<dec>{100'000, money{1000.0_dec}, money{100000.0_dec}, lot}.plan(in).error() ==
        errc::negative_amount);
  // policy parameters
  CHECK(partial_to_lower_tier<tiered_with_deduction<dec>>{binance_model, at_mark, quantity{0.0_dec}}.plan(good).error() ==
        errc::invalid_argument);
  CHECK(slices<dec>{money{100000.0_dec}, rate{0.2_dec}, 30, quantity{0.0_dec}}.plan(good).error() ==
        errc::invalid_argument);
  CHECK(slices<dec>{money{100000.0_dec}, rate{0.0_dec}, 30, lot}.plan(good).error() == errc::invalid_argument);
  CHECK(slices<dec>{money{100000.0_dec}, rate{1.5_dec}, 30, lot}.plan(good).error() == errc::invalid_argument);
  CHECK(slices<dec>{money{-1.0_dec}, rate{0.2_dec}, 30, lot}.plan(good).error() == errc::invalid_argument);
  CHECK(slices<dec>{money{100000.0_dec}, rate{0.2_dec}, -1, lot}.plan(good).error() == errc::invalid_argument);
  CHECK(dydx_portion<dec>{0, money{1000.0_dec}, money{100000.0_dec}, lot}.plan(good).error() == errc::invalid_argument);
  CHECK(dydx_portion<dec>{1'000'001, money{1000.0_dec}, money{100000.0_dec}, lot}.plan(good).error() ==
        errc::invalid_argument);
  CHECK(dydx_portion<dec>{100'000, money{-1.0_dec}, money{100000.0_dec}, lot}.plan(good).error() ==
        errc::negative_amount);
  CHECK(dydx_portion<dec>{100'000, money{1000.0_dec}, money{-1.0_dec}, lot}.plan(good).error() == errc::negative_amount);
  CHECK(dydx_portion<dec>{100'000, money{1000.0_dec}, money{1000.0_dec}, quantity{0.0_dec}}.plan(good).error() ==
        errc::invalid_argument);
  CHECK(deribit_incremental<flat_margin<dec>>{{rate{0.02_dec}, rate{0.01_dec}}, at_mark, quantity{0.0_dec}}
            .plan(good)
            .error() == errc::invalid_argument);
  // the model's error reaches the caller (an invalid flat model: MMR 0)
  CHECK(deribit_incremental<flat_margin<dec>>{{rate{0.02_dec}, rate{0.0_dec}}, at_mark, quantity{1.0_dec}}
            .plan(good)
            .error() == errc::invalid_argument);
  // overflow: a notional beyond the decimal range
  const auto huge = input(btc(50000000000.0_dec, 20000000000.0_dec), 10.0_dec, 100.0_dec, 20000000000.0_dec,
                          20000000000.0_dec);
  CHECK(binance_partial.plan(huge).error() == errc::overflow);
  CHECK(slices<dec>{{}, rate{0.2_dec}, 30, lot}.plan(huge).error() == errc::overflow);
  // a full plan refuses another step
  liquidation_plan<dec, 2> two;
  CHECK(two.push(cancel));
  CHECK(two.push(cancel));
  CHECK(two.push(cancel).error() == errc::plan_full);
  CHECK(two.size() == 2);  // the refused step is not stored
  // limit prices
  constexpr limit_input<dec> li{side::long_, price{3000.0_dec}, price{2700.0_dec}, deciding(100.0_dec, 150.0_dec),
                                rate{0.05_dec}};
  auto bad = li;
  bad.bankruptcy = price{0.0_dec};
  CHECK(at_bankruptcy_price{}.limit_price(bad).error() == errc::non_positive_price);
  bad = li;
  bad.mark = price{-3.0_dec};
  CHECK(at_mark_price{}.limit_price(bad).error() == errc::non_positive_price);
  CHECK(dydx_fillable_price{}.limit_price(bad).error() == errc::non_positive_price);
  CHECK(dydx_fillable_price{-1, 1}.limit_price(li).error() == errc::invalid_argument);
  CHECK(dydx_fillable_price{1, -1}.limit_price(li).error() == errc::invalid_argument);
  bad = li;
  bad.maintenance_fraction = rate{-0.05_dec};
  CHECK(dydx_fillable_price{}.limit_price(bad).error() == errc::invalid_argument);
  bad = li;
  bad.decision.equity = money{dec::error_value(errc::overflow)};
  CHECK(dydx_fillable_price{}.limit_price(bad).error() == errc::overflow);
  // an adjustment of 100% or more leaves no positive price for a long
  constexpr limit_input<dec> neg{side::long_, price{3000.0_dec}, price{2700.0_dec}, deciding(-10.0_dec, 150.0_dec),
                                 rate{0.05_dec}};
  CHECK(dydx_fillable_price{1'000'000, 30'000'000}.limit_price(neg).error() == errc::no_solution);
}
