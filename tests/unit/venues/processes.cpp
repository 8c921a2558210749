// Tests for solvency/venues/processes.hpp: each venue's process on a fixed,
// hand-worked scenario (trigger, bankruptcy and limit prices, plan, the
// settlement of one fill), margin_share, loss_event_of, bad input.
#include <solvency/venues/processes.hpp>

#include <solvency/venues/binance_coinm.hpp>
#include <solvency/venues/binance_usdm.hpp>
#include <solvency/venues/bitmex.hpp>
#include <solvency/venues/bybit_inverse.hpp>
#include <solvency/venues/bybit_linear.hpp>
#include <solvency/venues/deribit.hpp>
#include <solvency/venues/dydx.hpp>
#include <solvency/venues/hyperliquid.hpp>
#include <solvency/venues/kraken.hpp>
#include <solvency/venues/okx.hpp>

#include "check.hpp"

using namespace solvency;
using namespace solvency::literals;

namespace {

constexpr position<dec> lin(side s, dec size, dec entry) { return {s, quantity{size}, price{entry}, linear_contract(1.0_dec)}; }
constexpr position<dec> inv(side s, dec contracts, dec entry, dec face) {
  return {s, quantity{contracts}, price{entry}, inverse_contract(face)};
}
constexpr liquidation_step<dec> cancel{step_kind::cancel_orders, {}, {}};
constexpr liquidation_step<dec> step(step_kind k, dec q, dec p) { return {k, quantity{q}, price{p}}; }

template <class P>
constexpr bool steps_are(const P& p, std::initializer_list<liquidation_step<dec>> steps) {
  if (p.plan.size() != steps.size()) return false;
  std::size_t i = 0;
  for (const auto& s : steps)
    if (!(p.plan.steps()[i++] == s)) return false;
  return true;
}

constexpr settlement_input<dec> filled(const margined_position<dec>& mp, dec size, dec at, dec bankruptcy) {
  settlement_input<dec> in;
  in.pos = mp.pos;
  in.margin = venues::margin_share(mp, quantity{size}).value();
  in.fill = {quantity{size}, price{at}};
  in.bankruptcy = price{bankruptcy};
  in.trader = party::trader(7);
  return in;
}

constexpr quantity<dec> btc_lot{0.001_dec};

}  // namespace

TEST_CASE("Bybit linear: takeover at the bankruptcy price, surplus to the fund (BY-L8's position)") {
  constexpr auto proc = venues::bybit_linear_process(venues::bybit_linear::btcusdt_classic<dec>(), btc_lot);
  // long 1 BTC at 60,000, 50x: margin 1,200, bankruptcy 58,800 (BY-L8)
  constexpr margined_position<dec> mp{lin(side::long_, 1.0_dec, 60000.0_dec), money{1200.0_dec}, {}};
  // at 59,800 equity 1,000 > MM 300 (0.5% of the entry value): healthy
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{59800.0_dec})->action == liquidation_action::healthy);
  // at 58,900 equity 100 <= 300: the lowest risk tier, so a takeover at 58,800
  constexpr auto p = venues::plan_liquidation(proc, mp, price{58900.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.action == liquidation_action::liquidate && p->decision.equity == money{100.0_dec} &&
                           p->decision.maintenance == money{300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->bankruptcy == price{58800.0_dec} && p->limit == price{58800.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::take_over, 1.0_dec, 58800.0_dec)}));
  // filled at 58,850: 50 over bankruptcy, all to the fund
  ledger_buffer<dec, 4> buf;
  const auto s = venues::settle_fill(proc, filled(mp, 1.0_dec, 58850.0_dec, 58800.0_dec), buf.ledger());
  REQUIRE(s);
  CHECK(s->to_fund == money{50.0_dec});
  CHECK(s->residual == money<dec>{});
  CHECK(buf.ledger().paid_to(party::insurance_fund(0)) == money{50.0_dec});
}

TEST_CASE("Binance USD-M: partial down to the 250,000 bracket, clearance fee") {
  constexpr auto proc = venues::binance_usdm_process(venues::binance_usdm::btcusdt<dec>(), btc_lot, rate{0.001_dec});
  // long 30 BTC at 20,000, isolated margin 7,000; at 19,900 equity 4,000 < MM 597,000 x 1% - 1,300 = 4,670
  constexpr margined_position<dec> mp{lin(side::long_, 30.0_dec, 20000.0_dec), money{7000.0_dec}, {}};
  constexpr auto p = venues::plan_liquidation(proc, mp, price{19900.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.equity == money{4000.0_dec} && p->decision.maintenance == money{4670.0_dec});
  // bankruptcy 20,000 - 7,000 / 30 = 19,766.666..., a long's rounded up
  SOLVENCY_CHECK_CONSTEXPR(p->bankruptcy == price{19766.66666667_dec} && p->limit == p->bankruptcy);
  // 12.562 BTC (249,983.8 <= 250,000) stay: MM 1,199.919 < 4,000 - 17.438 x 133.33333333
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::reduce, 17.438_dec, 19766.66666667_dec)}));
  // the fill at 19,800: margin share 7,000 x 17.438 / 30 = 4,068.86666666 (down), PnL -3,487.6,
  // surplus 581.26666666; fee 0.1% x 17.438 x 19,800 = 345.2724; kept 235.99426666
  ledger_buffer<dec, 4> buf;
  const auto s = venues::settle_fill(proc, filled(mp, 17.438_dec, 19800.0_dec, 19766.66666667_dec), buf.ledger());
  REQUIRE(s);
  CHECK(s->liquidation_fee == money{345.2724_dec});
  CHECK(s->residual == money{235.99426666_dec});
  CHECK(s->net() == money{581.26666666_dec});
}

TEST_CASE("Binance COIN-M: inverse takeover and the coin clearance fee") {
  constexpr auto rb = venues::binance_coinm::make_rulebook(flat_margin<dec>{rate{0.008_dec}, rate{0.004_dec}});
  constexpr auto proc = venues::binance_coinm_process(rb, quantity{1.0_dec}, rate{0.005_dec});
  // 100 BTCUSD contracts (100 USD) long at 25,000: 0.4 BTC; margin 0.02 BTC
  constexpr margined_position<dec> mp{inv(side::long_, 100.0_dec, 25000.0_dec, 100.0_dec), money{0.02_dec}, {}};
  // at 24,000: equity 0.02 - 0.01666667 = 0.00333333 > MM 0.41666667 x 0.4% = 0.00166667
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{24000.0_dec})->action == liquidation_action::healthy);
  // at 23,900: equity 0.00158995 <= MM 0.00167365; one tier: takeover at 10,000 / 0.42 = 23,809.52380953 (up)
  constexpr auto p = venues::plan_liquidation(proc, mp, price{23900.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.equity == money{0.00158995_dec} && p->decision.maintenance == money{0.00167365_dec});
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::take_over, 100.0_dec, 23809.52380953_dec)}));
  // clearance fee: 100 x 100 / 25,000 x 0.5% = 0.002 BTC (venues.md 1.3's COIN-M form)
  auto in = filled(mp, 100.0_dec, 23850.0_dec, 23809.52380953_dec);
  in.liquidation = price{25000.0_dec};
  const auto s = proc.settlement.settle(in);
  REQUIRE(s);
  // surplus 0.02 - 10,000 x 1,150 / (25,000 x 23,850) = 0.02 - 0.01928722 (down: -0.019287211...)
  CHECK(s->net() == money{0.00071278_dec});
  CHECK(s->liquidation_fee == money{0.00071278_dec});  // 0.002 capped at the surplus
}

TEST_CASE("OKX: size tiers, partial down to tier 2") {
  constexpr auto proc = venues::okx_process(venues::okx::one_inch_usdt<dec>(rate{0.0005_dec}), quantity{1.0_dec});
  // 3,000 1INCH contracts (tier 3) long at 0.5 with 75 USDT (5% IMR)
  constexpr margined_position<dec> mp{lin(side::long_, 3000.0_dec, 0.5_dec), money{75.0_dec}, {}};
  // at 0.485: equity 30 > 1,455 x (2% + 0.05%) = 29.8275
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{0.485_dec})->action == liquidation_action::healthy);
  // at 0.484: equity 27 <= 29.766; 2,500 contracts stay in tier 2: MM 1,210 x 1.55% = 18.755 <
  // 27 - 500 x (0.484 - 0.475) = 22.5; the bankruptcy price is 0.5 - 75 / 3,000 = 0.475
  constexpr auto p = venues::plan_liquidation(proc, mp, price{0.484_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.maintenance == money{29.766_dec});
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::reduce, 500.0_dec, 0.475_dec)}));
  // at 0.48: tier 2 is not enough (12.5 < 18.6), nor tier 1 (5 < 7.44): takeover
  constexpr auto t = venues::plan_liquidation(proc, mp, price{0.48_dec});
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*t, {cancel, step(step_kind::take_over, 3000.0_dec, 0.475_dec)}));
}

TEST_CASE("BitMEX: inverse XBTUSD, takeover at the bankruptcy price, surplus to the fund") {
  constexpr auto proc = venues::bitmex_process(venues::bitmex::xbtusd<dec>(), quantity{1.0_dec});
  // long 10,000 XBTUSD at 10,000 (1 XBT) on 0.1 XBT
  constexpr margined_position<dec> mp{inv(side::long_, 10000.0_dec, 10000.0_dec, 1.0_dec), money{0.1_dec}, {}};
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{9200.0_dec})->action == liquidation_action::healthy);
  // at 9,100: equity 0.1 - 0.0989011 = 0.0010989 <= MM 0.5% of the entry value 0.005
  constexpr auto p = venues::plan_liquidation(proc, mp, price{9100.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.equity == money{0.0010989_dec} && p->decision.maintenance == money{0.005_dec});
  // bankruptcy 10,000 / 1.1 = 9,090.909..., up
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::take_over, 10000.0_dec, 9090.90909091_dec)}));
  // filled at 9,095: 0.1 - 905 / 9,095 (0.09950523, down) = 0.00049477 to the fund
  const auto s = proc.settlement.settle(filled(mp, 10000.0_dec, 9095.0_dec, 9090.90909091_dec));
  CHECK((s && s->to_fund == money{0.00049477_dec}));
}

TEST_CASE("BitMEX BMX-4: liquidation at 510, takeover at the bankruptcy price 500") {
  // linear ETHUSDT, wallet 10,000 USDT, long 20 contracts at 1,000, 50x cross: IM 2%, MM 1% of the
  // entry value = 200 (venues.md 7.3, BMX-4: liquidation 510, bankruptcy 500)
  constexpr auto rb = venues::bitmex::make_rulebook(flat_margin<dec>{rate{0.02_dec}, rate{0.01_dec}});
  constexpr auto proc = venues::bitmex_process(rb, quantity{1.0_dec});
  constexpr margined_position<dec> mp{lin(side::long_, 20.0_dec, 1000.0_dec), money{10000.0_dec}, {}};
  // at 510 equity is exactly 200 = MM: the margin ratio reaches 100%
  constexpr auto at = venues::plan_liquidation(proc, mp, price{510.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(at->decision.equity == money{200.0_dec} && at->decision.maintenance == money{200.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(at->decision.action == liquidation_action::liquidate);
  SOLVENCY_CHECK_CONSTEXPR(at->bankruptcy == price{500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*at, {cancel, step(step_kind::take_over, 20.0_dec, 500.0_dec)}));
  // a cent above, healthy
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{510.01_dec})->action == liquidation_action::healthy);
}

TEST_CASE("Bybit inverse: a fill at the conservative bankruptcy price never needs the fund") {
  constexpr auto rb = venues::bybit_inverse::make_classic_isolated(flat_margin<dec>{rate{0.02_dec}, rate{0.005_dec}});
  constexpr auto proc = venues::bybit_inverse_process(rb, quantity{1.0_dec});
  solvency_test::rng g{4242};
  for (int i = 0; i < 500; ++i) {
    const side sd = g.below(2) ? side::long_ : side::short_;
    const dec contracts = dec::from_int(static_cast<std::int64_t>(g.below(100'000) + 1));
    const dec entry = dec::from_int(static_cast<std::int64_t>(g.below(50'000) + 10'000));
    const dec lev = dec::from_int(static_cast<std::int64_t>(g.below(45) + 5));
    const margined_position<dec> mp{inv(sd, contracts, entry, 1.0_dec),
                                    money{div<round::up>(div<round::up>(contracts, entry), lev)}, {}};
    const price<dec> mark{sd == side::long_ ? mul<round::down>(entry, 0.8_dec) : mul<round::up>(entry, 1.3_dec)};
    const auto p = venues::plan_liquidation(proc, mp, mark);
    REQUIRE(p);
    CHECK(p->decision.liquidating());
    REQUIRE(p->plan.size() == 2);
    CHECK(p->plan.steps()[1].kind == step_kind::take_over);
    const auto s = proc.settlement.settle(filled(mp, contracts, p->bankruptcy.value(), p->bankruptcy.value()));
    REQUIRE(s);
    CHECK(s->deficit == money<dec>{});
  }
}

TEST_CASE("Hyperliquid: 20% slices, cooldown, backstop below 2/3 of MM") {
  constexpr auto proc = venues::hyperliquid_process(venues::hyperliquid::btc<dec>(), quantity{0.00001_dec});
  // long 2 BTC at 60,000 at 40x: margin 3,000
  constexpr margined_position<dec> mp{lin(side::long_, 2.0_dec, 60000.0_dec), money{3000.0_dec}, {}};
  // at 59,000: equity 1,000 < MM 118,000 / 80 = 1,475, above 2/3 of it (983.33): a book
  // liquidation; 118,000 > 100,000: a 20% slice at the mark, cooldown until now + 30
  venues::process_context<dec> ctx;
  ctx.now = 500;
  const auto p = venues::plan_liquidation(proc, mp, price{59000.0_dec}, ctx);
  REQUIRE(p);
  CHECK(p->decision.action == liquidation_action::liquidate);
  CHECK(p->decision.maintenance == money{1475.0_dec});
  CHECK(steps_are(*p, {cancel, step(step_kind::reduce, 0.4_dec, 59000.0_dec)}));
  CHECK(p->plan.cooldown_until == 530);
  // 10 s later, still in the cooldown: the whole position
  ctx.has_last_slice = true;
  ctx.last_slice = 500;
  ctx.now = 510;
  CHECK(steps_are(*venues::plan_liquidation(proc, mp, price{59000.0_dec}, ctx),
                  {cancel, step(step_kind::reduce, 2.0_dec, 59000.0_dec)}));
  // at 58,990: equity 980 < 2/3 x 1,474.75 = 983.17: the vault takes position and margin
  constexpr auto b = venues::plan_liquidation(proc, mp, price{58990.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(b->decision.action == liquidation_action::backstop);
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*b, {cancel, step(step_kind::backstop_transfer, 2.0_dec, 58990.0_dec)}));
  // the slice filled at 58,950 with its 600 of margin: 600 - 420 = 180, kept, no fee
  const auto s = proc.settlement.settle(filled(mp, 0.4_dec, 58950.0_dec, 58500.0_dec));
  CHECK((s && s->residual == money{180.0_dec} && s->liquidation_fee == money<dec>{}));
}

TEST_CASE("dYdX: fillable price, portion, capped fee (DY-1's position)") {
  constexpr auto rb = venues::dydx::make_rulebook(venues::dydx::mid_cap<dec>());
  constexpr auto proc = venues::dydx_process(rb, btc_lot);
  // DY-1: short 3 ETH at 3,000, equity 1,000, MMF 5%
  constexpr margined_position<dec> mp =
      venues::dydx::isolated(lin(side::short_, 3.0_dec, 3000.0_dec), price{3000.0_dec}, money{1000.0_dec}).value();
  // at 3,170 (below DY-1's 3,174.60): TNC 490 > MMR 475.5: healthy
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{3170.0_dec})->action == liquidation_action::healthy);
  // at 3,200: TNC 400 < MMR 480; ABR = 1 - 400/480 = 1/6; fillable 3,200 x (1 + 1/6 x 1.5 x 5%) = 3,240
  constexpr auto p = venues::plan_liquidation(proc, mp, price{3200.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->limit == price{3240.0_dec});
  // 10% of 9,600 is 960 < 1,000: 1,000 / 3,200 = 0.3125 -> 0.312 ETH
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::reduce, 0.312_dec, 3240.0_dec)}));
  // bankruptcy 3,000 + 1,000 / 3, a short's rounded down
  SOLVENCY_CHECK_CONSTEXPR(p->bankruptcy == price{3333.33333333_dec});
  // filled at 3,230 with 104 of margin: 104 - 71.76 = 32.24; fee 1.5% x 1,007.76 = 15.1164
  ledger_buffer<dec, 4> buf;
  const auto s = venues::settle_fill(proc, filled(mp, 0.312_dec, 3230.0_dec, 3333.33333333_dec), buf.ledger());
  REQUIRE(s);
  CHECK(s->liquidation_fee == money{15.1164_dec});
  CHECK(s->residual == money{17.1236_dec});
  // above bankruptcy (3,340): 104 - 0.312 x 340 = -2.08, which the fund pays
  const auto d = proc.settlement.settle(filled(mp, 0.312_dec, 3340.0_dec, 3333.33333333_dec));
  REQUIRE(d);
  CHECK(d->deficit == money{2.08_dec});
  CHECK(d->liquidation_fee == money<dec>{});
  const auto ev = venues::loss_event_of(*d, filled(mp, 0.312_dec, 3340.0_dec, 3333.33333333_dec), 3, 99,
                                        price{3300.0_dec});
  CHECK(ev.trader == 7);
  CHECK(ev.market == 3);
  CHECK(ev.deficit == money{2.08_dec});
  CHECK(ev.bankrupt_side == side::short_);
  CHECK(ev.size == quantity{0.312_dec});
  CHECK(ev.bankruptcy == price{3333.33333333_dec});
  CHECK(ev.mark == price{3300.0_dec});
  CHECK(ev.time == 99);
}

TEST_CASE("dYdX cross (DY-2's account): the fund delta against the protocol's bankruptcy quote") {
  // e = 1,000; short 1.5 ETH at 3,000 (MMF 5%) and long 1,000 STRK at 1.75 (MMF 10%, MMR 175).
  // At an ETH oracle of 3,400: TNC = 1,000 - 600 = 400 < TMMR = 255 + 175 = 430.
  liquidation_decision<dec> d;
  d.action = liquidation_action::liquidate;
  d.equity = money{400.0_dec};
  d.maintenance = money{430.0_dec};
  constexpr position<dec> eth_short = lin(side::short_, 1.5_dec, 3000.0_dec);
  // closing 0.3 ETH: |dMMR| = 0.3 x 3,400 x 5% = 51; the share 400 x 51 / 430 = 47.44186046 (down);
  // less the PnL at the oracle, -120: 167.44186046
  const auto m = venues::dydx_close_margin(d, eth_short, quantity{0.3_dec}, price{3400.0_dec}, rate{0.05_dec});
  REQUIRE(m);
  CHECK(*m == money{167.44186046_dec});
  // bought back at 3,450: quote received -1,035; bankruptcy quote -1,020 - 47.44186046;
  // delta 32.44186046 > 0: the fee is min(delta, 1.5% x 1,035 = 15.525)
  settlement_input<dec> in;
  in.pos = eth_short;
  in.margin = *m;
  in.fill = {quantity{0.3_dec}, price{3450.0_dec}};
  in.bankruptcy = price{3558.13953488_dec};
  const auto s = dydx_capped_fee{}.settle(in);
  REQUIRE(s);
  CHECK(s->net() == money{32.44186046_dec});
  CHECK(s->liquidation_fee == money{15.525_dec});
  CHECK(s->residual == money{16.91686046_dec});
  // a negative TNC: the fund pays even at the oracle price
  d.equity = money{-43.0_dec};
  const auto neg = venues::dydx_close_margin(d, eth_short, quantity{0.3_dec}, price{3400.0_dec}, rate{0.05_dec});
  REQUIRE(neg);
  CHECK(*neg == money{-5.1_dec + 120.0_dec});  // -43 x 51 / 430 = -5.1
  in.margin = *neg;
  in.fill.at = price{3400.0_dec};
  CHECK(dydx_capped_fee{}.settle(in)->deficit == money{5.1_dec});
  // one position: the same as margin_share
  d.equity = money{1000.0_dec};
  d.maintenance = money{255.0_dec};
  const margined_position<dec> solo{eth_short, money{1000.0_dec + 600.0_dec}, {}};  // equity 1,000 at 3,400
  CHECK(*venues::dydx_close_margin(d, eth_short, quantity{0.3_dec}, price{3400.0_dec}, rate{0.05_dec}) ==
        *venues::margin_share(solo, quantity{0.3_dec}));
  // bad input
  CHECK(venues::dydx_close_margin(d, eth_short, quantity{0.0_dec}, price{3400.0_dec}, rate{0.05_dec}).error() ==
        errc::non_positive_quantity);
  CHECK(venues::dydx_close_margin(d, eth_short, quantity{2.0_dec}, price{3400.0_dec}, rate{0.05_dec}).error() ==
        errc::invalid_argument);
  CHECK(venues::dydx_close_margin(d, eth_short, quantity{0.3_dec}, price{0.0_dec}, rate{0.05_dec}).error() ==
        errc::non_positive_price);
  CHECK(venues::dydx_close_margin(d, eth_short, quantity{0.3_dec}, price{3400.0_dec}, rate{-0.05_dec}).error() ==
        errc::invalid_argument);
  d.maintenance = money<dec>{};
  CHECK(venues::dydx_close_margin(d, eth_short, quantity{0.3_dec}, price{3400.0_dec}, rate{0.05_dec}).error() ==
        errc::division_by_zero);
}

TEST_CASE("Deribit: one increment restores health; the fee to the fund") {
  constexpr auto proc = venues::deribit_process(venues::deribit::btc_usdc<dec>(), quantity{1.0_dec}, rate{0.0075_dec});
  // 25 BTC long at 100,000 on 30,000 USDC; at 99,900: equity 27,500 < 2,497,500 x 1.125% = 28,096.875
  constexpr margined_position<dec> mp{lin(side::long_, 25.0_dec, 100000.0_dec), money{30000.0_dec}, {}};
  constexpr auto p = venues::plan_liquidation(proc, mp, price{99900.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.maintenance == money{28096.875_dec});
  // 24 BTC: 2,397,600 x (1% + 24 x 0.005%) = 26,853.12 < 27,500: one step of 1 BTC at the mark
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::reduce, 1.0_dec, 99900.0_dec)}));
  SOLVENCY_CHECK_CONSTEXPR(p->plan.restores_health);
  // filled at 99,800 with 1,200 of margin: 1,000 left; fee 0.75% x 99,800 = 748.5; kept 251.5
  const auto s = proc.settlement.settle(filled(mp, 1.0_dec, 99800.0_dec, 98800.0_dec));
  CHECK((s && s->liquidation_fee == money{748.5_dec} && s->residual == money{251.5_dec}));
}

TEST_CASE("Kraken: an IOC at the bankruptcy price; the fee to the liquidity pool") {
  constexpr auto rb = venues::kraken::make_rulebook(flat_margin<dec>{rate{0.02_dec}, rate{0.01_dec}});
  constexpr auto proc = venues::kraken_process(rb, rate{0.005_dec});
  // long 10,000 PI_XBTUSD contracts (1 USD) at 10,000 on 0.1 XBT
  constexpr margined_position<dec> mp{inv(side::long_, 10000.0_dec, 10000.0_dec, 1.0_dec), money{0.1_dec}, {}};
  SOLVENCY_CHECK_CONSTEXPR(venues::assess(proc, mp, price{9200.0_dec})->action == liquidation_action::healthy);
  // at 9,150: equity 0.00710382 < MM 1% of the value at the mark 0.01092897
  constexpr auto p = venues::plan_liquidation(proc, mp, price{9150.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(p->decision.equity == money{0.00710382_dec} && p->decision.maintenance == money{0.01092897_dec});
  SOLVENCY_CHECK_CONSTEXPR(steps_are(*p, {cancel, step(step_kind::reduce, 10000.0_dec, 9090.90909091_dec)}));
  // filled at 9,120: 0.1 - 0.09649123 = 0.00350877 left; the fee (0.5% of 1.09649123) is capped at it
  auto in = filled(mp, 10000.0_dec, 9120.0_dec, 9090.90909091_dec);
  in.fee_payee = party::liquidator(5);
  ledger_buffer<dec, 4> buf;
  const auto s = venues::settle_fill(proc, in, buf.ledger());
  REQUIRE(s);
  CHECK(s->liquidation_fee == money{0.00350877_dec});
  CHECK(s->residual == money<dec>{});
  CHECK(buf.ledger().paid_to(party::liquidator(5)) == money{0.00350877_dec});
}

TEST_CASE("margin_share and bad input") {
  constexpr margined_position<dec> mp{lin(side::long_, 3.0_dec, 100.0_dec), money{10.0_dec}, {}};
  SOLVENCY_CHECK_CONSTEXPR(*venues::margin_share(mp, quantity{1.0_dec}) == money{3.33333333_dec});
  SOLVENCY_CHECK_CONSTEXPR(*venues::margin_share(mp, quantity{3.0_dec}) == money{10.0_dec});
  CHECK(venues::margin_share(mp, quantity{0.0_dec}).error() == errc::non_positive_quantity);
  CHECK(venues::margin_share(mp, quantity{3.1_dec}).error() == errc::invalid_argument);
  CHECK(venues::margin_share(mp, quantity{dec::error_value(errc::overflow)}).error() == errc::overflow);
  auto bad = mp;
  bad.margin = money{dec::error_value(errc::overflow)};
  CHECK(venues::margin_share(bad, quantity{1.0_dec}).error() == errc::overflow);
  bad = mp;
  bad.pos.entry = price{0.0_dec};
  CHECK(venues::margin_share(bad, quantity{1.0_dec}).error() == errc::non_positive_price);

  constexpr auto proc = venues::bybit_linear_process(venues::bybit_linear::btcusdt_classic<dec>(), btc_lot);
  CHECK(venues::assess(proc, bad, price{100.0_dec}).error() == errc::non_positive_price);
  CHECK(venues::plan_liquidation(proc, mp, price{0.0_dec}).error() == errc::non_positive_price);
  CHECK(venues::plan_liquidation(proc, bad, price{100.0_dec}).error() == errc::non_positive_price);
  // a lot of zero reaches the plan policy
  constexpr auto no_lot = venues::bybit_linear_process(venues::bybit_linear::btcusdt_classic<dec>(), quantity{0.0_dec});
  CHECK(venues::plan_liquidation(no_lot, mp, price{90.0_dec}).error() == errc::invalid_argument);
  // a negative window notional
  venues::process_context<dec> ctx;
  ctx.liquidated_in_window = money{-1.0_dec};
  CHECK(venues::plan_liquidation(proc, mp, price{90.0_dec}, ctx).error() == errc::negative_amount);
  // a full ledger: the settlement is refused, the ledger unchanged
  ledger_buffer<dec, 0> none;
  CHECK(venues::settle_fill(proc, filled(mp, 1.0_dec, 99.0_dec, 96.7_dec), none.ledger()).error() == errc::ledger_full);
  // a fee rate that is not a number
  constexpr auto k = venues::kraken_process(venues::kraken::make_rulebook(flat_margin<dec>{rate{0.02_dec}, rate{0.01_dec}}),
                                            rate{-0.01_dec});
  CHECK(k.settlement.settle(filled(mp, 1.0_dec, 99.0_dec, 96.7_dec)).error() == errc::invalid_argument);
}

namespace {

constexpr dec one = 1.0_dec;  // clang 14: no _dec inside templates

/// Generated positions under one process: the plan agrees with the
/// decision, closes no more than the position, starts by cancelling orders,
/// and a whole-position close at the plan's bankruptcy price never needs
/// the fund (the price is conservative and the margin exact).
template <class P>
void check_process(const P& proc, contract<dec> spec, std::uint64_t max_steps, dec size_step, std::uint64_t seed) {
  solvency_test::rng g{seed};
  int liquidated = 0;
  for (int i = 0; i < 400; ++i) {
    const side sd = g.below(2) ? side::long_ : side::short_;
    const auto steps = static_cast<std::int64_t>(g.below(max_steps) + 1);
    const dec size = mul<round::down>(dec::from_int(steps), size_step);
    const dec entry = dec::from_int(static_cast<std::int64_t>(g.below(50'000) + 1'000));
    const position<dec> pos{sd, quantity{size}, price{entry}, spec};
    const auto lev = static_cast<std::int64_t>(g.below(40) + 2);
    const money<dec> margin{div<round::up>(position_value<round::up>(pos, price{entry}).value(), dec::from_int(lev))};
    const margined_position<dec> mp{pos, margin, {}};
    // a move of up to 60% against the position
    const dec move = dec::from_raw(static_cast<std::int64_t>(g.below(60'000'000)));
    const price<dec> mark{sd == side::long_ ? mul<round::down>(entry, one - move)
                                            : mul<round::up>(entry, one + move)};
    const auto p = venues::plan_liquidation(proc, mp, mark);
    REQUIRE(p);
    CHECK(p->decision.liquidating() == !p->plan.empty());
    if (p->plan.empty()) continue;
    ++liquidated;
    CHECK(p->plan.steps()[0].kind == step_kind::cancel_orders);
    CHECK(p->plan.closed() <= pos.size);
    CHECK(p->plan.closed().value() > dec{});
    if (p->plan.closed() == pos.size && p->plan.size() == 2) {
      settlement_input<dec> in;
      in.pos = pos;
      in.margin = margin;
      in.fill = {pos.size, p->bankruptcy};
      in.bankruptcy = p->bankruptcy;
      const auto s = proc.settlement.settle(in);
      REQUIRE(s);
      CHECK(s->deficit == money<dec>{});
      CHECK(s->net() == in.margin + s->close_pnl);
    }
  }
  CHECK(liquidated > 50);
}

}  // namespace

TEST_CASE("generated positions under every venue's process") {
  const contract<dec> one_btc = linear_contract(1.0_dec);
  check_process(venues::binance_usdm_process(venues::binance_usdm::btcusdt<dec>(), btc_lot, rate{0.005_dec}), one_btc,
                200'000, 0.001_dec, 1);
  check_process(venues::bybit_linear_process(venues::bybit_linear::btcusdt_classic<dec>(), btc_lot), one_btc, 100'000,
                0.001_dec, 2);
  check_process(venues::bybit_linear_process(venues::bybit_linear::btcusdt_unified<dec>(rate{0.00055_dec}), btc_lot),
                one_btc, 100'000, 0.001_dec, 3);
  check_process(venues::okx_process(venues::okx::one_inch_usdt<dec>(rate{0.0005_dec}), quantity{1.0_dec}),
                linear_contract(0.001_dec), 100'000, 1.0_dec, 4);
  check_process(venues::hyperliquid_process(venues::hyperliquid::btc<dec>(), btc_lot), one_btc, 100'000, 0.001_dec, 5);
  check_process(venues::dydx_process(venues::dydx::make_rulebook(venues::dydx::large_cap<dec>()), btc_lot), one_btc,
                100'000, 0.001_dec, 6);
  check_process(venues::deribit_process(venues::deribit::btc_usdc<dec>(), quantity{1.0_dec}, rate{0.0075_dec}), one_btc,
                100'000, 0.001_dec, 7);
  check_process(venues::binance_coinm_process(venues::binance_coinm::make_rulebook(
                                                  flat_margin<dec>{rate{0.008_dec}, rate{0.004_dec}}),
                                              quantity{1.0_dec}, rate{0.005_dec}),
                inverse_contract(100.0_dec), 10'000, 1.0_dec, 8);
  check_process(venues::bitmex_process(venues::bitmex::xbtusd<dec>(), quantity{1.0_dec}), inverse_contract(1.0_dec),
                1'000'000, 1.0_dec, 9);
  check_process(venues::kraken_process(venues::kraken::make_rulebook(flat_margin<dec>{rate{0.02_dec}, rate{0.01_dec}}),
                                       rate{0.005_dec}),
                inverse_contract(1.0_dec), 1'000'000, 1.0_dec, 10);
}
