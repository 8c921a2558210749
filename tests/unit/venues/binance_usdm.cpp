// Tests for solvency/venues/binance_usdm.hpp: every published Binance USDⓈ-M
// number of venues.md through the preset (BN-L1, BN-L2, BN-I1..BN-I4,
// BN-M1..BN-M3), each once in a static_assert and once at run time; the
// bracket at the answer; the static snapshot against the view; run-time
// brackets, leverage and bad input. Generated properties:
// properties_binance.cpp.
#include <solvency/venues/binance_usdm.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace bn = solvency::venues::binance_usdm;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;

constexpr position<dec> linear(side s, dec size, dec entry) { return {s, quantity{size}, price{entry}, linear_contract(1.0_dec)}; }
constexpr position<double> linear_d(side s, double size, double entry) {
  return {s, quantity{size}, price{entry}, linear_contract(1.0)};
}

/// freqtrade's Binance test bracket (BN-I1..I4): MMR 1% with a maintenance
/// amount of 0.01 from the first notional on. A real bracket table starts at
/// cum 0 (the recurrence), so this test-only model states it; IMR 1%, 100x.
template <class N>
struct freqtrade_bracket {
  using number_type = N;
  [[nodiscard]] constexpr tier_basis basis() const noexcept { return tier_basis::notional; }
  [[nodiscard]] constexpr result<margin_tier<N>> tier_for(const margin_input<N>&) const noexcept {
    margin_tier<N> t;
    t.maintenance = rate<N>{div<round::down>(from_int<N>(1), from_int<N>(100))};
    t.initial = t.maintenance;
    t.deduction = money<N>{t.maintenance.value()};  // 0.01
    t.max_leverage = rate<N>{from_int<N>(100)};
    return t;  // the whole axis
  }
};

/// Binance's 2019 "Liquidation" article: wallet 10.72 USDT, BTCUSDT short
/// 0.005 @ 9,451.53 (mark 9,462.81, MMR 0.4%), ETHUSDT long 1 @ 199.53 (mark
/// 200, MMR 0.65%), through the preset's cross function.
// (Clang 14 cannot call the consteval _dec inside a template: the data outside it.)
constexpr std::array article_positions{linear(side::short_, 0.005_dec, 9451.53_dec), linear(side::long_, 1.0_dec, 199.53_dec)};
constexpr std::array article_marks{price{9462.81_dec}, price{200.0_dec}};
constexpr std::array article_models{flat_margin<dec>{rate{0.01_dec}, rate{0.004_dec}},
                                    flat_margin<dec>{rate{0.01_dec}, rate{0.0065_dec}}};
constexpr auto article_rb = bn::make_rulebook(article_models[0], price_delta{0.01_dec});
constexpr money<dec> article_wallet{10.72_dec};
template <class Rounding>
constexpr std::array<result<solved_price<dec>>, 2> article_2019() {
  std::array<result<solved_price<dec>>, 2> out{solved_price<dec>{}, solved_price<dec>{}};
  const auto r = venues::cross_liquidation_prices<Rounding>(article_rb, per_position(std::span(article_models)),
                                                           account_view<dec>{1, article_wallet, article_positions},
                                                           article_marks, out);
  SOLVENCY_PRECONDITION(r.has_value(), "article_2019");
  return out;
}

constexpr auto freq_rb = bn::make_rulebook(freqtrade_bracket<dec>{});
constexpr auto freq_rbd = bn::make_rulebook(freqtrade_bracket<double>{});
constexpr margined_position<dec> freq(side s, dec lev) {
  return venues::at_leverage(freq_rb, linear(s, 1.0_dec, 10.0_dec), rate{lev}).value();
}
constexpr margined_position<double> freq_d(side s, double lev) {
  return venues::at_leverage(freq_rbd, linear_d(s, 1.0, 10.0), rate{lev}).value();
}

constexpr bool cum_are(const std::array<dec, 10>& cum) {
  for (std::size_t i = 0; i < cum.size(); ++i)
    if (!(bn::btcusdt_2021<dec>.view()->deduction(i) == money{cum[i]})) return false;
  return true;
}

/// BN-M2 (the 2020 table) as API brackets, the 5M bracket's cum stated; the
/// rows below 5M are the 2021 ones, which give 16,300 at 2.5%.
constexpr std::array<binance_bracket<dec>, 5> brackets_2020{{
    {0.0_dec, 50000.0_dec, 0.004_dec, 0.0_dec, 125.0_dec},
    {50000.0_dec, 250000.0_dec, 0.005_dec, 50.0_dec, 100.0_dec},
    {250000.0_dec, 1000000.0_dec, 0.01_dec, 1300.0_dec, 50.0_dec},
    {1000000.0_dec, 5000000.0_dec, 0.025_dec, 16300.0_dec, 20.0_dec},
    {5000000.0_dec, 10000000.0_dec, 0.05_dec, 141300.0_dec, 10.0_dec},
}};
constexpr errc bracket_error(std::array<binance_bracket<dec>, 5> b) {
  std::array<tier_row<dec>, 5> rows{};
  return bn::from_brackets<dec>(b, rows).error();
}
constexpr money<dec> deduction_2020(std::size_t i) {
  std::array<tier_row<dec>, 5> rows{};
  return bn::from_brackets<dec>(brackets_2020, rows).value().model.table.deduction(i);
}

}  // namespace

TEST_CASE("BN-L1, BN-L2: the 2019 cross example, printed to the cent") {
  // BN-L1: BTCUSDT short: WB - TMM1 + UPNL1 = 10.72 - 1.3 + 0.47 -> 11,383.99
  SOLVENCY_CHECK_CONSTEXPR(px(article_2019<venues::as_displayed>()[0]) == 11383.99_dec);
  // BN-L2: ETHUSDT long: TMM1 = 0.1892562, UPNL1 = -0.0564 unrounded -> 190.29
  SOLVENCY_CHECK_CONSTEXPR(px(article_2019<venues::as_displayed>()[1]) == 190.29_dec);
  // the library's default rounds the long up a cent: liquidation no later than the exact 190.2926
  SOLVENCY_CHECK_CONSTEXPR(px(article_2019<conservative_rounding>()[1]) == 190.30_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(article_2019<conservative_rounding>()[0]) == 11383.99_dec);
  // The same from the formula's own variables, on the preset's BTCUSDT
  // brackets (47 USDT of notional: the 0.4% bracket). BN-L1 with the
  // article's rounded TMM1 and UPNL1:
  constexpr auto rb = bn::btcusdt<dec>(price_delta{0.1_dec});
  constexpr auto btc = bn::cross(linear(side::short_, 0.005_dec, 9451.53_dec), money{10.72_dec}, money{1.3_dec}, money{0.47_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(rb, btc)) == 11383.99_dec);
  // BN-L2 needs the unrounded figures (the article's 0.19 and -0.06 give 190.30)
  constexpr auto eth_rb = bn::make_rulebook(flat_margin<dec>{rate{0.01_dec}, rate{0.0065_dec}});
  constexpr auto eth = bn::cross(linear(side::long_, 1.0_dec, 199.53_dec), money{10.72_dec}, money{0.1892562_dec},
                                 money{-0.0564_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(eth_rb, eth)) == 190.29_dec);
  constexpr auto eth_rounded = bn::cross(linear(side::long_, 1.0_dec, 199.53_dec), money{10.72_dec}, money{0.19_dec},
                                         money{-0.06_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(eth_rb, eth_rounded)) == 190.30_dec);
}

TEST_CASE("BN-I1..BN-I4: isolated, WB = Q E / leverage, freqtrade's values") {
  // E 10, Q 1, MMR 1%, cum 0.01; decimal to 8 places (margin 10/3 held up to
  // 3.33333334), double to the literal's precision (BN-I3's literal is 3e-11
  // off the formula's 13.2112211221122).
  // BN-I1: short 5x -> 11.89108910891089
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(freq_rb, freq(side::short_, 5.0_dec))) == 11.8910891_dec);
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(freq_rbd, freq_d(side::short_, 5.0))), 11.89108910891089, 1e-13));
  // BN-I2: long 5x -> 8.070707070707071
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(freq_rb, freq(side::long_, 5.0_dec))) == 8.07070708_dec);
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(freq_rbd, freq_d(side::long_, 5.0))), 8.070707070707071, 1e-13));
  // BN-I3: short 3x -> 13.211221122079207
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(freq_rb, freq(side::short_, 3.0_dec))), 13.21122112_dec, 0.00000002_dec));
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(freq_rbd, freq_d(side::short_, 3.0))), 13.211221122079207, 1e-10));
  // BN-I4: long 3x -> 6.723905723905723
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(freq_rb, freq(side::long_, 3.0_dec))), 6.72390572_dec, 0.00000002_dec));
  SOLVENCY_CHECK_CONSTEXPR(near(px(venues::liquidation_price(freq_rbd, freq_d(side::long_, 3.0))), 6.723905723905723, 1e-13));
  // the derived bankruptcy price: E - side WB / Q
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(freq_rb, freq(side::long_, 5.0_dec))) == 8.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(freq_rb, freq(side::short_, 5.0_dec))) == 12.0_dec);
}

TEST_CASE("BN-M1..BN-M3: the maintenance amounts of the preset's brackets") {
  constexpr auto& t = bn::btcusdt_2021<dec>;
  // BN-M3: all ten, stated and given by the recurrence
  constexpr std::array<dec, 10> cum{0.0_dec,      50.0_dec,      1300.0_dec,     16300.0_dec,     266300.0_dec,
                                    1266300.0_dec, 2516300.0_dec, 5016300.0_dec, 25016300.0_dec, 100016300.0_dec};
  SOLVENCY_CHECK_CONSTEXPR(cum_are(cum));
  // BN-M1: 250,000 x (1% - 0.5%) + 50 = 1,300; the page's lookups: 264,000 -> 1%, 500,000 -> 1,300
  SOLVENCY_CHECK_CONSTEXPR(t.tier_of(264000.0_dec)->maintenance == rate{0.01_dec});
  SOLVENCY_CHECK_CONSTEXPR(t.tier_of(500000.0_dec)->deduction == money{1300.0_dec});
  // ... so the preset's MM of 500,000 USDT of notional is 5,000 - 1,300
  constexpr auto rb = bn::btcusdt<dec>();
  constexpr auto ten = bn::isolated(linear(side::long_, 10.0_dec, 50000.0_dec), money{100000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(rb, ten, price{50000.0_dec}).value() == money{3700.0_dec});
  // BN-M2 (the 2020 table): 5,000,000 x (5% - 2.5%) + 16,300 = 141,300,
  // accepted as stated by from_brackets and given by the recurrence
  SOLVENCY_CHECK_CONSTEXPR(bracket_error(brackets_2020) == errc{});
  SOLVENCY_CHECK_CONSTEXPR(deduction_2020(3) == money{16300.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(deduction_2020(4) == money{141300.0_dec});
  // a stated cum the recurrence does not give is refused
  constexpr auto wrong = [] {
    auto b = brackets_2020;
    b[4].cum = 141300.01_dec;
    return b;
  }();
  SOLVENCY_CHECK_CONSTEXPR(bracket_error(wrong) == errc::deduction_mismatch);
}

TEST_CASE("the bracket at the answer: the walk across brackets, static snapshot and view agree") {
  // long 10 BTC @ 50,000 (500k, bracket 3) with 260k: bracket 3's root is
  // below its floor, so the answer is in bracket 2 (0.5%, cum 50):
  // (500k - 260k - 50) / 0.995 / 10 = 24,115.5778894...
  constexpr auto rb = bn::btcusdt<dec>();
  constexpr auto st = bn::btcusdt_static();
  constexpr auto walk = bn::isolated(linear(side::long_, 10.0_dec, 50000.0_dec), money{260000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(rb, walk)) == 24115.57788945_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(st, walk)) == 24115.57788945_dec);
  // short 10 @ 50,000 with 1M: bracket 4 (2.5%, cum 16,300): 1,516,300 / 10.25
  constexpr auto up = bn::isolated(linear(side::short_, 10.0_dec, 50000.0_dec), money{1000000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(rb, up)) == 147931.70731707_dec);
  SOLVENCY_CHECK_CONSTEXPR(venues::liquidation_price(st, up) == venues::liquidation_price(rb, up));
  // the view and the static table over generated positions
  solvency_test::rng g{71};
  for (int i = 0; i < 3000; ++i) {
    const dec size = mul<round::down>(dec::from_int(static_cast<std::int64_t>(g.below(200000) + 1)), 0.001_dec);
    const dec entry = dec::from_int(static_cast<std::int64_t>(g.below(99000) + 1000));
    const auto pos = linear(g.below(2) ? side::long_ : side::short_, size, entry);
    const auto mp = bn::isolated(pos, money{mul<round::down>(mul<round::down>(size, entry), dec::from_raw(static_cast<std::int64_t>(g.below(100'000'000))))});
    REQUIRE(venues::liquidation_price(st, mp) == venues::liquidation_price(rb, mp));
  }
}

TEST_CASE("leverage: the bracket at the entry notional caps it") {
  constexpr auto rb = bn::btcusdt<dec>();
  // 10 BTC @ 50,000 = 500k: the 50x bracket
  constexpr auto pos = linear(side::long_, 10.0_dec, 50000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(rb, pos, rate{50.0_dec})->margin == money{10000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(rb, pos, rate{51.0_dec}) == failure{errc::leverage_above_max});
  // 0.5 BTC @ 50,000 = 25k: 125x allowed
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(rb, linear(side::long_, 0.5_dec, 50000.0_dec), rate{125.0_dec}).has_value());
}

TEST_CASE("bad input through the preset") {
  constexpr auto rb = bn::btcusdt<dec>();
  CHECK(venues::liquidation_price(rb, bn::isolated(linear(side::long_, 0.0_dec, 100.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(rb, bn::isolated(linear(side::short_, -1.0_dec, 100.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(rb, bn::isolated(linear(side::long_, 1.0_dec, 0.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_price});
  CHECK(venues::bankruptcy_price(rb, bn::isolated(linear(side::long_, 1.0_dec, -100.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_price});
  // malformed run-time brackets
  std::array<tier_row<dec>, 3> rows{};
  const std::array<binance_bracket<dec>, 2> gap{{{0.0_dec, 50000.0_dec, 0.004_dec, 0.0_dec, 125.0_dec},
                                                 {60000.0_dec, 250000.0_dec, 0.005_dec, 50.0_dec, 100.0_dec}}};
  CHECK(bn::from_brackets<dec>(gap, rows) == failure{errc::invalid_argument});  // floor != previous cap
  const std::array<binance_bracket<dec>, 2> falling{{{0.0_dec, 50000.0_dec, 0.005_dec, 0.0_dec, 125.0_dec},
                                                     {50000.0_dec, 250000.0_dec, 0.004_dec, 0.0_dec, 100.0_dec}}};
  CHECK(bn::from_brackets<dec>(falling, rows) == failure{errc::table_not_increasing});
  CHECK(bn::from_brackets<dec>(std::span<const binance_bracket<dec>>{}, rows) == failure{errc::empty_table});
  CHECK(bn::from_brackets<dec>(gap, std::span(rows).first(1)) == failure{errc::size_mismatch});
  // a default (empty) table
  CHECK(venues::liquidation_price(bn::make_rulebook(tiered_with_deduction<dec>{}),
                                  bn::isolated(linear(side::long_, 1.0_dec, 100.0_dec), money{10.0_dec})) ==
        failure{errc::empty_table});
}
