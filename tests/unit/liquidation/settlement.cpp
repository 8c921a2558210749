// Tests for solvency/liquidation/settlement.hpp: dYdX's insurance-fund delta
// rules (the fee capped at the surplus, the fund paying below bankruptcy),
// the surplus to the fund (BitMEX's BMX-4 position), the trader keeping the
// residual (Kraken, Hyperliquid), Binance's clearance fee (USD-M and
// COIN-M), the ledger, conservation over 100,000+ generated fills, bad input.
#include <solvency/liquidation/settlement.hpp>

#include "check.hpp"

#include <array>
#include <limits>

using namespace solvency;
using namespace solvency::literals;

namespace {

constexpr position<dec> eth(side s, dec size, dec entry) { return {s, quantity{size}, price{entry}, linear_contract(1.0_dec)}; }

constexpr settlement_input<dec> fill_of(position<dec> pos, dec margin, dec size, dec at, dec bankruptcy,
                                        dec liquidation = dec{}) {
  settlement_input<dec> in;
  in.pos = pos;
  in.margin = money{margin};
  in.fill = {quantity{size}, price{at}};
  in.bankruptcy = price{bankruptcy};
  in.liquidation = price{liquidation};
  in.trader = party::trader(42);
  in.fund = party::insurance_fund(1);
  in.fee_payee = party::insurance_fund(1);
  return in;
}

constexpr bool split_is(const result<settlement<dec>>& s, dec fee, dec to_fund, dec residual, dec deficit) {
  return s && s->liquidation_fee == money{fee} && s->to_fund == money{to_fund} && s->residual == money{residual} &&
         s->deficit == money{deficit};
}

// long 1 ETH at 3,000 with 300 of margin: bankruptcy price 2,700
constexpr position<dec> long_eth = eth(side::long_, 1.0_dec, 3000.0_dec);
constexpr position<dec> short_eth = eth(side::short_, 1.0_dec, 3000.0_dec);

}  // namespace

TEST_CASE("dYdX: the fee is capped at the surplus; the fund pays below bankruptcy") {
  constexpr dydx_capped_fee dy{};  // genesis 15,000 ppm
  // fill 2,750: delta 50 > 0; the fee is min(50, 1.5% x 2,750 = 41.25); the trader keeps 8.75
  constexpr auto a = dy.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(split_is(a, 41.25_dec, 0.0_dec, 8.75_dec, 0.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(a->bankruptcy_delta == money{50.0_dec} && a->close_pnl == money{-250.0_dec});
  // fill 2,710: delta 10 < 1.5% x 2,710 = 40.65: the fee is the whole delta
  SOLVENCY_CHECK_CONSTEXPR(split_is(dy.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2710.0_dec, 2700.0_dec)), 10.0_dec,
                                    0.0_dec, 0.0_dec, 0.0_dec));
  // fill at the bankruptcy price: nothing either way
  SOLVENCY_CHECK_CONSTEXPR(split_is(dy.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2700.0_dec, 2700.0_dec)), 0.0_dec,
                                    0.0_dec, 0.0_dec, 0.0_dec));
  // fill 2,650: delta -50 <= 0: the fund pays 50, no fee
  constexpr auto d = dy.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2650.0_dec, 2700.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(split_is(d, 0.0_dec, 0.0_dec, 0.0_dec, 50.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(d->bankruptcy_delta == money{-50.0_dec} && d->net() == money{-50.0_dec});
  // a short: bankruptcy 3,300; bought back at 3,200 -> delta 100, fee 1.5% x 3,200 = 48
  SOLVENCY_CHECK_CONSTEXPR(split_is(dy.settle(fill_of(short_eth, 300.0_dec, 1.0_dec, 3200.0_dec, 3300.0_dec)), 48.0_dec,
                                    0.0_dec, 52.0_dec, 0.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(split_is(dy.settle(fill_of(short_eth, 300.0_dec, 1.0_dec, 3310.0_dec, 3300.0_dec)), 0.0_dec,
                                    0.0_dec, 0.0_dec, 10.0_dec));
  // half the position with half the margin: the same per unit
  SOLVENCY_CHECK_CONSTEXPR(split_is(dy.settle(fill_of(eth(side::long_, 2.0_dec, 3000.0_dec), 300.0_dec, 1.0_dec,
                                                      2750.0_dec, 2700.0_dec)),
                                    41.25_dec, 0.0_dec, 8.75_dec, 0.0_dec));
  // the code default, 0.5%: 13.75
  SOLVENCY_CHECK_CONSTEXPR(split_is(dydx_capped_fee{5'000}.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec,
                                                                          2700.0_dec)),
                                    13.75_dec, 0.0_dec, 36.25_dec, 0.0_dec));
}

TEST_CASE("surplus to the fund: BitMEX, Bybit, OKX") {
  // BMX-4: long 20 ETHUSDT contracts at 1,000 on 10,000 USDT; bankruptcy 500.
  // A close at 505 leaves 100, all of it to the fund; at 490 the fund pays 200.
  constexpr auto in = fill_of(eth(side::long_, 20.0_dec, 1000.0_dec), 10000.0_dec, 20.0_dec, 505.0_dec, 500.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(split_is(surplus_to_fund{}.settle(in), 0.0_dec, 100.0_dec, 0.0_dec, 0.0_dec));
  constexpr auto worse = fill_of(eth(side::long_, 20.0_dec, 1000.0_dec), 10000.0_dec, 20.0_dec, 490.0_dec, 500.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(split_is(surplus_to_fund{}.settle(worse), 0.0_dec, 0.0_dec, 0.0_dec, 200.0_dec));
  // Bybit BY-L8: long at 60,000, 50x, bankruptcy 58,800: a close at 59,000 gives 200 to the fund
  constexpr auto by = fill_of(eth(side::long_, 1.0_dec, 60000.0_dec), 1200.0_dec, 1.0_dec, 59000.0_dec, 58800.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(split_is(surplus_to_fund{}.settle(by), 0.0_dec, 200.0_dec, 0.0_dec, 0.0_dec));
}

TEST_CASE("the trader keeps the residual: Kraken, Hyperliquid") {
  // Hyperliquid: no fee
  constexpr trader_keeps_residual<dec> hl{};
  SOLVENCY_CHECK_CONSTEXPR(split_is(hl.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec)), 0.0_dec,
                                    0.0_dec, 50.0_dec, 0.0_dec));
  // Kraken with a 1% fee on the fill's value to its liquidity pool: 27.5, 22.5 kept
  constexpr trader_keeps_residual<dec> kr{rate{0.01_dec}};
  SOLVENCY_CHECK_CONSTEXPR(split_is(kr.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec)),
                                    27.5_dec, 0.0_dec, 22.5_dec, 0.0_dec));
  // the fee never exceeds what is left: 10 of surplus, a fee of 27.1 capped at 10
  SOLVENCY_CHECK_CONSTEXPR(split_is(kr.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2710.0_dec, 2700.0_dec)),
                                    10.0_dec, 0.0_dec, 0.0_dec, 0.0_dec));
}

TEST_CASE("Binance's clearance fee: USD-M and COIN-M") {
  // USD-M: liquidation price 2,730 x 1 x 0.5% = 13.65; filled at 2,750: 50 left, 36.35 kept
  constexpr clearance_fee<dec> bn{rate{0.005_dec}};
  SOLVENCY_CHECK_CONSTEXPR(split_is(bn.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec,
                                                      2730.0_dec)),
                                    13.65_dec, 0.0_dec, 36.35_dec, 0.0_dec));
  // without a liquidation price the fill's price is used: 2,750 x 0.5% = 13.75
  SOLVENCY_CHECK_CONSTEXPR(split_is(bn.settle(fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec)),
                                    13.75_dec, 0.0_dec, 36.25_dec, 0.0_dec));
  // COIN-M: 100 BTCUSD contracts of 100 USD, liquidation price 25,000: 100 x 100 / 25,000 x 0.5% = 0.002 BTC
  constexpr position<dec> inv{side::long_, quantity{100.0_dec}, price{30000.0_dec}, inverse_contract(100.0_dec)};
  // margin 0.1 BTC; PnL at 25,100: 10,000 x (1/30,000 - 1/25,100) = -0.06507... BTC
  constexpr auto c = bn.settle(fill_of(inv, 0.1_dec, 100.0_dec, 25100.0_dec, 20000.0_dec, 25000.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(c->liquidation_fee == money{0.002_dec});
  // the PnL, -0.0650730411..., rounds down (the exchange's side): -0.06507305
  SOLVENCY_CHECK_CONSTEXPR(c->close_pnl == money{-0.06507305_dec});
  SOLVENCY_CHECK_CONSTEXPR(c->residual == money{0.1_dec - 0.06507305_dec - 0.002_dec});
}

TEST_CASE("record: the fee and the surplus as transfers, all or nothing") {
  const auto in = fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec);
  ledger_buffer<dec, 4> buf;
  auto& l = buf.ledger();
  auto kin = in;
  kin.fee_payee = party::liquidator(9);  // Kraken's liquidity pool
  const auto s = trader_keeps_residual<dec>{rate{0.01_dec}}.settle(kin);
  REQUIRE(s);
  REQUIRE(record(*s, kin, l));
  REQUIRE(l.size() == 1);  // the residual stays with the trader: no transfer
  CHECK(l.entries()[0] == transfer<dec>{party::trader(42), party::liquidator(9), money{27.5_dec},
                                        transfer_reason::liquidation_fee});
  const auto f = surplus_to_fund{}.settle(in);
  REQUIRE(record(*f, in, l));
  CHECK(l.size() == 2);
  CHECK(l.entries()[1] == transfer<dec>{party::trader(42), party::insurance_fund(1), money{50.0_dec},
                                        transfer_reason::surplus});
  CHECK(l.net(party::trader(42)) == money{-77.5_dec});
  CHECK(l.net(party::trader(42)) + l.net(party::liquidator(9)) + l.net(party::insurance_fund(1)) == money<dec>{});
  // a ledger with room for one: the second transfer fails, the first is undone
  ledger_buffer<dec, 1> one;
  settlement<dec> both;
  both.liquidation_fee = money{1.0_dec};
  both.to_fund = money{2.0_dec};
  CHECK(record(both, in, one.ledger()).error() == errc::ledger_full);
  CHECK(one.ledger().empty());
  // a negative amount is refused (a hand-made settlement), nothing recorded
  settlement<dec> neg;
  neg.to_fund = money{-1.0_dec};
  CHECK(record(neg, in, l).error() == errc::negative_amount);
  CHECK(l.size() == 2);
}

TEST_CASE("conservation over generated fills: fee + surplus + residual - deficit == margin + close PnL") {
  solvency_test::rng g{0x5E771E};
  ledger_buffer<dec, 2> buf;
  auto& l = buf.ledger();
  int fills = 0, deficits = 0, capped_fees = 0;
  for (int i = 0; i < 30000; ++i) {
    const bool inverse = g.below(4) == 0;
    const side sd = g.below(2) ? side::long_ : side::short_;
    const dec size = dec::from_raw(static_cast<std::int64_t>(g.below(1'000'000'000'000) + 1));  // up to 10,000
    const dec entry = dec::from_raw(static_cast<std::int64_t>(g.below(10'000'000'000'000) + 1'000'000));  // 0.01 .. 100,000
    const position<dec> pos{sd, quantity{size}, price{entry},
                            inverse ? inverse_contract(dec::from_int(100)) : linear_contract(1.0_dec)};
    // mostly non-negative margins; one in eight negative (an account already under water)
    const dec m_abs = dec::from_raw(static_cast<std::int64_t>(g.below(100'000'000'000'000)));
    const dec margin = g.below(8) == 0 ? -m_abs : m_abs;
    const dec part = dec::from_raw(static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>(size.raw())) + 1));
    // a fill within +-60% of the entry
    const dec at = mul<round::down>(entry, dec::from_raw(static_cast<std::int64_t>(g.below(120'000'000) + 40'000'000)));
    if (!(at > dec{})) continue;
    const dec bankr = mul<round::down>(entry, dec::from_raw(static_cast<std::int64_t>(g.below(120'000'000) + 40'000'000)));
    if (!(bankr > dec{})) continue;
    auto in = fill_of(pos, margin, part, at, bankr);
    in.liquidation = price{mul<round::down>(at, 1.01_dec)};
    const rate<dec> fee_rate{dec::from_raw(static_cast<std::int64_t>(g.below(3'000'000)))};  // up to 3%
    const std::int64_t ppm = static_cast<std::int64_t>(g.below(30'001));
    const money<dec> expected = in.margin + pnl<round::down>(position<dec>{sd, quantity{part}, price{entry}, pos.spec},
                                                             price{at});
    const std::array<result<settlement<dec>>, 4> all{dydx_capped_fee{ppm}.settle(in), surplus_to_fund{}.settle(in),
                                                     trader_keeps_residual<dec>{fee_rate}.settle(in),
                                                     clearance_fee<dec>{fee_rate}.settle(in)};
    for (std::size_t k = 0; k < all.size(); ++k) {
      const auto& s = all[k];
      REQUIRE(s);
      ++fills;
      // nothing created, to the last unit
      CHECK(s->net() == expected);
      CHECK(s->close_pnl + in.margin == expected);
      for (const money<dec> m : {s->liquidation_fee, s->to_fund, s->residual, s->deficit}) CHECK(m.value() >= dec{});
      const bool surplus_side = s->liquidation_fee.value() > dec{} || s->to_fund.value() > dec{} ||
                                s->residual.value() > dec{};
      CHECK(!(surplus_side && s->deficit.value() > dec{}));
      if (expected.value() < dec{}) {
        ++deficits;
        CHECK(s->deficit == -expected);
      }
      if (k == 0 && expected.value() > dec{}) {
        // dYdX: the fee is min(surplus, ppm x |quote|), the quote's cap rounded up
        const money<dec> quote = position_value<round::up>(position<dec>{sd, quantity{part}, price{entry}, pos.spec},
                                                           price{at});
        const money<dec> cap{muldiv<round::up>(quote.value(), dec::from_int(ppm), dec::from_int(1'000'000))};
        CHECK(s->liquidation_fee == (cap < expected ? cap : expected));
        if (cap >= expected) ++capped_fees;
      }
      if (k == 1) CHECK(s->liquidation_fee == money<dec>{});
      if (k >= 2) CHECK(s->to_fund == money<dec>{});
      // the ledger nets to zero, and what left the trader is the fee and the surplus
      l.clear();
      REQUIRE(record(*s, in, l));
      CHECK(l.net(in.trader) == -(s->liquidation_fee + s->to_fund));
      CHECK(l.net(in.trader) + l.net(in.fund) == money<dec>{});
    }
  }
  CHECK(fills >= 100'000);
  CHECK(deficits > 1000);
  CHECK(capped_fees > 100);
}

TEST_CASE("an exact bankruptcy price: the surplus is the fill's value over it") {
  solvency_test::rng g{99};
  for (int i = 0; i < 5000; ++i) {
    const side sd = g.below(2) ? side::long_ : side::short_;
    const dec size = dec::from_int(static_cast<std::int64_t>(g.below(100) + 1));
    const dec entry = dec::from_int(static_cast<std::int64_t>(g.below(10'000) + 1000));
    const dec lev = dec::from_int(static_cast<std::int64_t>(g.below(50) + 2));
    // margin = size x entry / lev, bankruptcy = entry -+ margin / size (exact when lev divides)
    const dec margin = mul<round::down>(size, div<round::down>(entry, lev));
    const dec per = div<round::down>(margin, size);
    const dec b = sd == side::long_ ? entry - per : entry + per;
    const dec at = b + dec::from_int(static_cast<std::int64_t>(g.below(200))) - dec::from_int(100);
    if (!(at > dec{})) continue;
    const auto s = surplus_to_fund{}.settle(fill_of(eth(sd, size, entry), margin, size, at, b));
    REQUIRE(s);
    CHECK(s->net() == s->bankruptcy_delta);  // dYdX's insurance-fund delta, quote received - bankruptcy quote
  }
}

TEST_CASE("bad input, case by case") {
  const auto good = fill_of(long_eth, 300.0_dec, 1.0_dec, 2750.0_dec, 2700.0_dec);
  auto in = good;
  in.pos.size = quantity{0.0_dec};
  CHECK(surplus_to_fund{}.settle(in).error() == errc::non_positive_quantity);
  in = good;
  in.fill.size = quantity{0.0_dec};
  CHECK(surplus_to_fund{}.settle(in).error() == errc::non_positive_quantity);
  in.fill.size = quantity{-1.0_dec};
  CHECK(dydx_capped_fee{}.settle(in).error() == errc::non_positive_quantity);
  in.fill.size = quantity{1.5_dec};  // more than the position
  CHECK(dydx_capped_fee{}.settle(in).error() == errc::invalid_argument);
  in.fill.size = quantity{dec::error_value(errc::overflow)};
  CHECK(dydx_capped_fee{}.settle(in).error() == errc::overflow);
  in = good;
  in.fill.at = price{0.0_dec};
  CHECK(surplus_to_fund{}.settle(in).error() == errc::non_positive_price);
  in = good;
  in.bankruptcy = price{-1.0_dec};
  CHECK(surplus_to_fund{}.settle(in).error() == errc::non_positive_price);
  in = good;
  in.liquidation = price{-1.0_dec};
  CHECK(clearance_fee<dec>{rate{0.005_dec}}.settle(in).error() == errc::non_positive_price);
  in = good;
  // a negative margin (an account already below zero) is not an error: it deepens the deficit
  in.margin = money{-1.0_dec};
  CHECK(split_is(surplus_to_fund{}.settle(in), 0.0_dec, 0.0_dec, 0.0_dec, 251.0_dec));
  in.margin = money{dec::error_value(errc::overflow)};
  CHECK(surplus_to_fund{}.settle(in).error() == errc::overflow);
  CHECK(dydx_capped_fee{-1}.settle(good).error() == errc::invalid_argument);
  CHECK(dydx_capped_fee{1'000'001}.settle(good).error() == errc::invalid_argument);
  CHECK(trader_keeps_residual<dec>{rate{-0.01_dec}}.settle(good).error() == errc::invalid_argument);
  CHECK(clearance_fee<dec>{rate{-0.01_dec}}.settle(good).error() == errc::invalid_argument);
  CHECK(clearance_fee<dec>{rate{dec::error_value(errc::overflow)}}.settle(good).error() == errc::overflow);
  // overflow: a close whose PnL leaves the decimal range
  const auto huge = fill_of(eth(side::long_, 90000000000.0_dec, 90000000000.0_dec), 0.0_dec, 90000000000.0_dec,
                            1.0_dec, 1.0_dec);
  CHECK(surplus_to_fund{}.settle(huge).error() == errc::overflow);
  // double: a NaN price
  settlement_input<double> d;
  d.pos = {side::long_, quantity{1.0}, price{100.0}, linear_contract(1.0)};
  d.fill = {quantity{1.0}, price{std::numeric_limits<double>::quiet_NaN()}};
  d.bankruptcy = price{90.0};
  CHECK(surplus_to_fund{}.settle(d).error() == errc::not_a_number);
  d.fill.at = price{95.0};
  d.margin = money{10.0};
  CHECK(surplus_to_fund{}.settle(d)->to_fund.value() == doctest::Approx(5.0));
}
