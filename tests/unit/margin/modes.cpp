// Tests for solvency/margin/modes.hpp: isolated positions (funding out of the
// position margin), cross accounts (Binance's worked account), the "others
// held fixed" figures against a naive recomputation, and hedge mode.
#include <solvency/margin/modes.hpp>

#include <solvency/margin/models.hpp>
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <span>

using namespace solvency;
using namespace solvency::literals;
using solvency_test::rng;

namespace {

constexpr tier_row<dec> row(dec cap, dec mmr, dec imr, dec lev) {
  return {cap, rate{mmr}, rate{imr}, rate{lev}, money<dec>{}, false};
}

// Bybit BTCUSDT first risk limit: 0.5% / 1% / 100x.
constexpr auto bybit_first = make_tier_table(std::array{row(2000000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec)}).value();
using bybit_model = static_tiered_with_deduction<bybit_first>;

// Binance BTCUSDT 2021 brackets, first four.
constexpr auto btcusdt = make_tier_table(std::array{
    row(50000.0_dec, 0.004_dec, 0.008_dec, 125.0_dec), row(250000.0_dec, 0.005_dec, 0.01_dec, 100.0_dec),
    row(1000000.0_dec, 0.01_dec, 0.02_dec, 50.0_dec), row(10000000.0_dec, 0.025_dec, 0.05_dec, 20.0_dec)}).value();
using binance_model = static_tiered_with_deduction<btcusdt>;

constexpr position<dec> linear(side s, dec size, dec entry, dec multiplier) {
  return {s, quantity{size}, price{entry}, linear_contract(multiplier)};
}
// (no default argument: Clang 14 rejects a consteval literal there)
constexpr position<dec> linear(side s, dec size, dec entry) { return linear(s, size, entry, dec::from_int(1)); }

// Binance's 2019 "Liquidation" article (venues.md BN-L1, BN-L2): one cross
// account holding a BTCUSDT short and an ETHUSDT long, MMR 0.4% and 0.65%.
constexpr std::array<position<dec>, 2> binance_positions{linear(side::short_, 0.005_dec, 9451.53_dec),
                                                         linear(side::long_, 1.0_dec, 199.53_dec)};
constexpr std::array<flat_margin<dec>, 2> binance_models{flat_margin<dec>{rate{0.008_dec}, rate{0.004_dec}},
                                                         flat_margin<dec>{rate{0.013_dec}, rate{0.0065_dec}}};
constexpr account_view<dec> binance_account{1, money{10.72_dec}, binance_positions};

constexpr margin_status<dec> binance_status(dec btc_mark, dec eth_mark) {
  const std::array<price<dec>, 2> marks{price{btc_mark}, price{eth_mark}};
  return cross_margin(binance_account, marks, per_position(std::span{binance_models})).value();
}
constexpr std::array<money<dec>, 2> binance_others(dec btc_mark, dec eth_mark) {
  const std::array<price<dec>, 2> marks{price{btc_mark}, price{eth_mark}};
  std::array<position_margin<dec>, 2> per{};
  const auto s = cross_margin(binance_account, marks, per_position(std::span{binance_models}), {}, {}, per);
  std::array<money<dec>, 2> out{};
  if (!s || !others_held_fixed(*s, per, out)) return {money{dec::error_value(errc::invalid_number)}, {}};
  return out;
}

}  // namespace

TEST_CASE("isolated: Bybit BY-L3, funding paid out of the position margin") {
  // long 1 BTC @ 20,000 at 50x holds 400 USDT; 200 USDT of funding leaves 200
  constexpr position<dec> pos = linear(side::long_, 1.0_dec, 20000.0_dec);
  constexpr isolated_position<dec> opened = open_isolated(bybit_model{}, pos, rate{50.0_dec}).value();
  SOLVENCY_CHECK_CONSTEXPR(opened.margin == money{400.0_dec});
  constexpr isolated_position<dec> after = pay_funding(opened, money{200.0_dec}).value();
  SOLVENCY_CHECK_CONSTEXPR(after.margin == money{200.0_dec});
  // classic page: MM on the entry value, 100 USDT. Equity meets it at the
  // published liquidation prices: 19,700 before the funding, 19,900 after.
  constexpr margin_convention<dec> classic{measure_at::entry, close_fee::excluded, rate<dec>{}};
  constexpr margin_status<dec> before_lp = isolated_status(bybit_model{}, opened, price{19700.0_dec}, classic).value();
  SOLVENCY_CHECK_CONSTEXPR(before_lp.equity == money{100.0_dec} && before_lp.maintenance == money{100.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(before_lp.liquidatable());
  SOLVENCY_CHECK_CONSTEXPR(!isolated_status(bybit_model{}, opened, price{19900.0_dec}, classic)->liquidatable());
  constexpr margin_status<dec> after_lp = isolated_status(bybit_model{}, after, price{19900.0_dec}, classic).value();
  SOLVENCY_CHECK_CONSTEXPR(after_lp.equity == money{100.0_dec} && after_lp.liquidatable());
  SOLVENCY_CHECK_CONSTEXPR(!isolated_status(bybit_model{}, after, price{19900.01_dec}, classic)->liquidatable());
  // funding received goes the other way; margin added and removed
  SOLVENCY_CHECK_CONSTEXPR(pay_funding(opened, money{-50.0_dec})->margin == money{450.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(add_margin(opened, money{100.0_dec})->margin == money{500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(add_margin(opened, money{-400.0_dec})->margin == money{0.0_dec});
  CHECK(add_margin(opened, money{-400.00000001_dec}).error() == errc::invalid_argument);
  // paying more funding than the margin holds is a state, not an input error
  CHECK(pay_funding(opened, money{500.0_dec})->margin == money{-100.0_dec});
  CHECK(isolated_status(bybit_model{}, pay_funding(opened, money{500.0_dec}).value(), price{20000.0_dec})->liquidatable());
  CHECK(isolated_equity(after, price{21000.0_dec}).value() == money{1200.0_dec});
  // 101x is above the tier's 100x
  CHECK(open_isolated(bybit_model{}, pos, rate{101.0_dec}).error() == errc::leverage_above_max);
  CHECK(pay_funding(opened, money{dec::error_value(errc::overflow)}).error() == errc::overflow);
}

TEST_CASE("isolated: OKEx OKX-1, margin ratio below MMR + fee at 9,010") {
  // 10,000 contracts x 0.0001 BTC @ 10,000, 10x -> 1,000 USDT; tier 3 MMR
  // 1.5%, liquidation fee 0.075%; at 9,010 the equity is 10 USDT, 0.11% of the
  // value, below 1.575%: liquidation.
  constexpr isolated_position<dec> iso{linear(side::long_, 10000.0_dec, 10000.0_dec, 0.0001_dec), money{1000.0_dec}};
  constexpr flat_margin<dec> tier3{rate{0.05_dec}, rate{0.015_dec}};
  constexpr margin_convention<dec> okx{measure_at::mark, close_fee::on_value_at_price, rate{0.00075_dec}};
  constexpr margin_status<dec> s = isolated_status(tier3, iso, price{9010.0_dec}, okx).value();
  SOLVENCY_CHECK_CONSTEXPR(s.equity == money{10.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(s.maintenance == money{141.9075_dec});  // 9,010 x 1.575%
  SOLVENCY_CHECK_CONSTEXPR(s.liquidatable());
  // OKX states its ratio as equity / value: 10 / 9,010 = 0.11%
  SOLVENCY_CHECK_CONSTEXPR(div<round::nearest_away>(s.equity, money{9010.0_dec}) == rate{0.00110988_dec});
  // ours is MM / equity (1 = liquidation), rounded up
  SOLVENCY_CHECK_CONSTEXPR(s.margin_ratio().value() == rate{14.19075_dec});
}

TEST_CASE("cross: Binance BN-L1 / BN-L2, the other contracts' TMM and UPNL") {
  // BN-L1: for the BTCUSDT short, TMM_1 = 200 x 1 x 0.65% = 1.3 and UPNL_1 = 0.47
  // (ETHUSDT at 200); BN-L2: for the ETHUSDT long, TMM_1 = 9,462.81 x 0.005 x
  // 0.4% = 0.1892562 and UPNL_1 = -0.0564 (BTCUSDT at 9,462.81).
  constexpr margin_status<dec> s = binance_status(9462.81_dec, 200.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(s.unrealized_pnl == money{0.47_dec - 0.0564_dec});
  SOLVENCY_CHECK_CONSTEXPR(s.maintenance == money{1.3_dec + 0.1892562_dec});
  SOLVENCY_CHECK_CONSTEXPR(s.equity == money{10.72_dec + 0.47_dec - 0.0564_dec});
  // WB - TMM_1 + UPNL_1 for each contract, all at once
  SOLVENCY_CHECK_CONSTEXPR(binance_others(9462.81_dec, 200.0_dec)[0] == money{10.72_dec - 1.3_dec + 0.47_dec});
  SOLVENCY_CHECK_CONSTEXPR(binance_others(9462.81_dec, 200.0_dec)[1] ==
                           money{10.72_dec - 0.1892562_dec - 0.0564_dec});
  // The published liquidation prices are where equity meets MM: BTCUSDT
  // 11,383.99 (short: liquidated at or above 11,383.994...), ETHUSDT 190.29
  // (long: at or below 190.2926...)
  SOLVENCY_CHECK_CONSTEXPR(!binance_status(11383.99_dec, 200.0_dec).liquidatable());
  SOLVENCY_CHECK_CONSTEXPR(binance_status(11384.0_dec, 200.0_dec).liquidatable());
  SOLVENCY_CHECK_CONSTEXPR(binance_status(9462.81_dec, 190.29_dec).liquidatable());
  SOLVENCY_CHECK_CONSTEXPR(!binance_status(9462.81_dec, 190.3_dec).liquidatable());
  // one model for every position, or a callable
  const std::array<price<dec>, 2> marks{price{9462.81_dec}, price{200.0_dec}};
  const auto by_lambda = cross_margin(binance_account, marks,
                                      [](std::size_t i) -> const flat_margin<dec>& { return binance_models[i]; });
  CHECK(by_lambda->maintenance == s.maintenance);
  const auto uniform = cross_margin(binance_account, marks, flat_margin<dec>{rate{0.013_dec}, rate{0.0065_dec}});
  CHECK(uniform->maintenance == money{1.3_dec + 0.30754133_dec});  // 47.31405 x 0.65%, rounded up
  CHECK(uniform->initial == money{2.6_dec + 0.61508265_dec});
}

TEST_CASE("cross: status, ratio, available margin, errors") {
  constexpr margin_status<dec> s = binance_status(9462.81_dec, 200.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(s.initial == money{2.6_dec + 0.3785124_dec});  // 2 x MM here
  SOLVENCY_CHECK_CONSTEXPR(s.available() == s.equity - s.initial);
  SOLVENCY_CHECK_CONSTEXPR(s.margin_ratio().value() == div<round::up>(s.maintenance, s.equity));
  constexpr margin_status<dec> broke{money{0.0_dec}, money{-5.0_dec}, money{-5.0_dec}, money{1.0_dec}, money{2.0_dec}};
  SOLVENCY_CHECK_CONSTEXPR(broke.liquidatable());
  CHECK(broke.margin_ratio().error() == errc::division_by_zero);
  const std::array<price<dec>, 1> one{price{1.0_dec}};
  CHECK(cross_margin(binance_account, one, binance_models[0]).error() == errc::size_mismatch);
  const std::array<price<dec>, 2> marks{price{9462.81_dec}, price{200.0_dec}};
  std::array<position_margin<dec>, 3> too_long{};
  CHECK(cross_margin(binance_account, marks, binance_models[0], {}, {}, too_long).error() == errc::size_mismatch);
  const margin_convention<dec> uta{measure_at::mark, close_fee::on_bankruptcy_value, rate{0.00055_dec}};
  CHECK(cross_margin(binance_account, marks, binance_models[0], uta).error() == errc::invalid_argument);
  const std::array<price<dec>, 2> zero{price{9462.81_dec}, price{0.0_dec}};
  CHECK(cross_margin(binance_account, zero, binance_models[0]).error() == errc::non_positive_price);
  std::array<position<dec>, 2> bad = binance_positions;
  bad[0].size = quantity{-1.0_dec};
  CHECK(cross_margin(account_view<dec>{1, money{1.0_dec}, bad}, marks, binance_models[0]).error() ==
        errc::non_positive_quantity);
  CHECK(cross_margin(account_view<dec>{1, money{dec::error_value(errc::overflow)}, binance_positions}, marks,
                     binance_models[0])
            .error() == errc::overflow);
  // an empty account: the wallet is the equity, no margin
  const auto empty = cross_margin(account_view<dec>{2, money{5.0_dec}, {}}, std::span<const price<dec>>{},
                                  binance_models[0]);
  CHECK(empty->equity == money{5.0_dec});
  CHECK(!empty->liquidatable());
  // others_held_fixed: lengths, and ids out of order
  std::array<position_margin<dec>, 2> per{};
  const auto st = cross_margin(binance_account, marks, binance_models[0], {}, {}, per).value();
  std::array<money<dec>, 1> short_out{};
  CHECK(others_held_fixed(st, per, short_out).error() == errc::size_mismatch);
  std::array<money<dec>, 2> out{};
  const std::array<std::uint64_t, 2> unsorted{7, 3};
  CHECK(others_held_fixed(st, per, unsorted, out).error() == errc::invalid_argument);
  const std::array<std::uint64_t, 1> few{7};
  CHECK(others_held_fixed(st, per, few, out).error() == errc::size_mismatch);
  // double: a NaN mark
  const std::array<position<double>, 1> dp{position<double>{side::long_, quantity{1.0}, price{100.0}, contract<double>{}}};
  const std::array<price<double>, 1> nan_mark{price{std::nan("")}};
  CHECK(cross_margin(account_view<double>{3, money{1.0}, dp}, nan_mark, flat_margin<double>{rate{0.1}, rate{0.05}})
            .error() == errc::not_a_number);
}

TEST_CASE("hedge mode: each leg in its own bracket (Binance), or the larger leg (Kraken)") {
  // long 15 BTC @ 20,000 and short 2 BTC @ 21,000, mark 20,500: the long leg's
  // 307,500 USDT is in the 1% bracket (cum 1,300), the short leg's 41,000 in
  // the 0.4% one. Netted to 13 BTC they would be one 1% position.
  constexpr hedge_position<dec> h{linear_contract(1.0_dec), quantity{15.0_dec}, price{20000.0_dec}, quantity{2.0_dec},
                                  price{21000.0_dec}};
  constexpr hedge_margin_result<dec> r = hedge_margin(binance_model{}, h, price{20500.0_dec}).value();
  SOLVENCY_CHECK_CONSTEXPR(r.long_leg.maintenance == money{1775.0_dec});  // 3,075 - 1,300
  SOLVENCY_CHECK_CONSTEXPR(r.short_leg.maintenance == money{164.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(r.maintenance == money{1939.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(r.long_leg.unrealized_pnl == money{7500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(r.short_leg.unrealized_pnl == money{1000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(r.unrealized_pnl == money{8500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(r.initial == money{6150.0_dec + 328.0_dec});
  constexpr hedge_margin_result<dec> k =
      hedge_margin(binance_model{}, h, price{20500.0_dec}, {}, {}, hedge_netting::larger_leg).value();
  SOLVENCY_CHECK_CONSTEXPR(k.maintenance == money{1775.0_dec} && k.initial == money{6150.0_dec});
  // a missing leg contributes nothing
  constexpr hedge_position<dec> only_long{linear_contract(1.0_dec), quantity{15.0_dec}, price{20000.0_dec},
                                          quantity{0.0_dec}, price{0.0_dec}};
  SOLVENCY_CHECK_CONSTEXPR(hedge_margin(binance_model{}, only_long, price{20500.0_dec})->maintenance ==
                           money{1775.0_dec});
  hedge_position<dec> bad = h;
  bad.short_size = quantity{-2.0_dec};
  CHECK(hedge_margin(binance_model{}, bad, price{20500.0_dec}).error() == errc::non_positive_quantity);
  bad = h;
  bad.short_entry = price{0.0_dec};
  CHECK(hedge_margin(binance_model{}, bad, price{20500.0_dec}).error() == errc::non_positive_price);
  CHECK(hedge_margin(binance_model{}, h, price{-1.0_dec}).error() == errc::non_positive_price);
}

TEST_CASE("hedge mode in a cross account: Binance's two-leg formula meets equity = MM") {
  // The legs above with an ETHUSDT long in the same account, in double. The
  // hedge formula (venues.md 1.2) moves both BTC legs together and holds the
  // rest fixed through WB - TMM_1 + UPNL_1, which others_held_fixed gives
  // per contract. At the price it returns, equity equals maintenance margin.
  const auto row_d = [](double cap, double mmr, double imr, double lev) {
    return tier_row<double>{cap, rate{mmr}, rate{imr}, rate{lev}, money<double>{}, false};
  };
  std::array<tier_row<double>, 4> rows{row_d(50000, 0.004, 0.008, 125), row_d(250000, 0.005, 0.01, 100),
                                       row_d(1000000, 0.01, 0.02, 50), row_d(10000000, 0.025, 0.05, 20)};
  const tiered_with_deduction<double> btc{tier_table_view<double>::make(rows).value()};
  const std::array<position<double>, 3> pos{
      position<double>{side::long_, quantity{15.0}, price{20000.0}, contract<double>{}},
      position<double>{side::short_, quantity{2.0}, price{21000.0}, contract<double>{}},
      position<double>{side::long_, quantity{10.0}, price{1500.0}, contract<double>{}}};
  const account_view<double> acct{9, money{30000.0}, pos};
  const std::array<std::uint64_t, 3> contract_ids{1, 1, 2};
  const std::array<price<double>, 3> marks{price{20500.0}, price{20500.0}, price{1600.0}};
  std::array<position_margin<double>, 3> per{};
  const auto s = cross_margin(acct, marks, btc, {}, {}, per).value();
  std::array<money<double>, 3> others{};
  REQUIRE(others_held_fixed(s, per, contract_ids, others).has_value());
  // the ETH position alone: 16,000 x 0.4% = 64; its PnL 1,000
  CHECK(others[0].value() == doctest::Approx(30000.0 + 1000.0 - 64.0));
  CHECK(others[1].value() == others[0].value());
  const double o = others[0].value();
  // the legs' tiers at the answer: long 1% (cum 1,300), short 0.4% (cum 0)
  const double lp = (o + 1300.0 + 0.0 - 15.0 * 20000.0 + 2.0 * 21000.0) / (15.0 * 0.01 + 2.0 * 0.004 - 15.0 + 2.0);
  CHECK(lp == doctest::Approx(17580.1277).epsilon(1e-8));
  const std::array<price<double>, 3> at_lp{price{lp}, price{lp}, price{1600.0}};
  const auto t = cross_margin(acct, at_lp, btc).value();
  CHECK(std::fabs(t.equity.value() - t.maintenance.value()) < 1e-6);
  CHECK(btc.tier_for({quantity{15.0}, money{15.0 * lp}})->maintenance == rate{0.01});
  CHECK(btc.tier_for({quantity{2.0}, money{2.0 * lp}})->maintenance == rate{0.004});
}

TEST_CASE("others_held_fixed equals the naive sum over the other positions (generated)") {
  rng g{331};
  int checked = 0;
  for (int a = 0; a < 3'000; ++a) {
    std::array<position<dec>, 16> pos{};
    std::array<price<dec>, 16> marks{};
    std::array<std::uint64_t, 16> ids{};
    const std::size_t n = 1 + g.below(16);
    std::uint64_t id = 0;
    for (std::size_t i = 0; i < n; ++i) {
      pos[i] = linear(g.next() & 1u ? side::long_ : side::short_,
                      dec::from_raw(static_cast<std::int64_t>(1 + g.below(10'000'000'000))),        // up to 100
                      dec::from_raw(static_cast<std::int64_t>(100'000'000 + g.below(5'000'000'000'000))));  // up to 50,000
      marks[i] = price{dec::from_raw(static_cast<std::int64_t>(100'000'000 + g.below(5'000'000'000'000)))};
      id += g.below(3) == 0 ? 0u : 1u;  // legs of one contract now and then
      ids[i] = id;
    }
    const account_view<dec> acct{static_cast<account_id>(a), money{dec::from_int(static_cast<std::int64_t>(g.below(1'000'000)))},
                                 std::span<const position<dec>>(pos.data(), n)};
    std::array<position_margin<dec>, 16> per{};
    const std::span<position_margin<dec>> per_n(per.data(), n);
    const auto s = cross_margin(acct, std::span<const price<dec>>(marks.data(), n), binance_model{}, {}, {}, per_n);
    REQUIRE(s.has_value());
    std::array<money<dec>, 16> out{}, grouped{};
    REQUIRE(others_held_fixed(*s, per_n, std::span<money<dec>>(out.data(), n)).has_value());
    REQUIRE(others_held_fixed(*s, per_n, std::span<const std::uint64_t>(ids.data(), n),
                              std::span<money<dec>>(grouped.data(), n))
                .has_value());
    for (std::size_t i = 0; i < n; ++i) {
      money<dec> naive = acct.wallet_balance, naive_grouped = acct.wallet_balance;
      for (std::size_t j = 0; j < n; ++j) {
        const money<dec> u = pnl<round::down>(pos[j], marks[j]);
        const money<dec> m = maintenance_margin(binance_model{}, margin_input_at(pos[j], marks[j]).value()).value();
        if (j != i) naive += u - m;
        if (ids[j] != ids[i]) naive_grouped += u - m;
      }
      REQUIRE(out[i] == naive);
      REQUIRE(grouped[i] == naive_grouped);
      ++checked;
    }
    // and the totals are the sums of the parts
    money<dec> mm{};
    for (std::size_t i = 0; i < n; ++i) mm += per[i].maintenance;
    REQUIRE(s->maintenance == mm);
  }
  CHECK(checked > 20'000);
}
