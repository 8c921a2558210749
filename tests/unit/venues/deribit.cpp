// Tests for solvency/venues/deribit.hpp: DB-1..DB-8 through the presets (rates,
// coin and USDC amounts; DB-7 derived), each once in a static_assert and
// once at run time; the inverse model's buckets against the exact quadratic
// requirement; the linear formula on generated positions; leverage and bad
// input. Generated properties: properties_deribit_kraken.cpp.
#include <solvency/venues/deribit.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <cmath>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace db = solvency::venues::deribit;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;
using solvency_test::near;

template <class N>
constexpr position<N> linear(side s, N size, N entry) {
  return {s, quantity<N>{size}, price<N>{entry}, linear_contract(from_int<N>(1))};
}
/// BTC-PERPETUAL: 10 USD per contract.
template <class N>
constexpr position<N> perpetual(side s, N contracts, N entry) {
  return {s, quantity<N>{contracts}, price<N>{entry}, inverse_contract(from_int<N>(10))};
}

constexpr auto usdc = db::btc_usdc<dec>();
constexpr auto sol = db::sol_usdc<dec>();
constexpr auto inv = db::btc_inverse<dec>();

constexpr money<dec> im(const auto& rb, const position<dec>& p, dec at) { return venues::initial_margin(rb, p, price{at}).value(); }
constexpr money<dec> any_balance{1.0_dec};  // (outside the template: Clang 14 and consteval)
constexpr money<dec> mm(const auto& rb, const position<dec>& p, dec at) {
  return venues::maintenance_margin(rb, db::account(p, any_balance), price{at}).value();
}
constexpr rate<dec> im_rate(const auto& rb, const position<dec>& p, dec at) {
  return rb.model.tier_for(margin_input_at(p, price{at}, rb.convention.inputs).value())->initial;
}
constexpr rate<dec> mm_rate(const auto& rb, const position<dec>& p, dec at) {
  return rb.model.tier_for(margin_input_at(p, price{at}, rb.convention.inputs).value())->maintenance;
}

constexpr auto btc25 = linear(side::long_, 25.0_dec, 100000.0_dec);
constexpr auto btc350 = linear(side::long_, 350.0_dec, 100000.0_dec);
constexpr auto perp25 = perpetual(side::long_, 250000.0_dec, 100000.0_dec);  // 25 BTC
constexpr auto perp350 = perpetual(side::long_, 3500000.0_dec, 100000.0_dec);
constexpr auto sol25 = linear(side::long_, 25.0_dec, 200.0_dec);
constexpr auto sol6000 = linear(side::long_, 6000.0_dec, 200.0_dec);

}  // namespace

TEST_CASE("DB-1..DB-3, DB-7, DB-8: BTC, linear USDC and inverse") {
  // DB-1: 25 BTC at 100,000: IM 2.125%; 53,125 USDC; 0.53125 BTC
  SOLVENCY_CHECK_CONSTEXPR(im_rate(usdc, btc25, 100000.0_dec) == rate{0.02125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(usdc, btc25, 100000.0_dec) == money{53125.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(inv, perp25, 100000.0_dec) == money{0.53125_dec});
  // DB-2: 350 BTC: 3.75%; 1,312,500 USDC; 13.125 BTC
  SOLVENCY_CHECK_CONSTEXPR(im_rate(usdc, btc350, 100000.0_dec) == rate{0.0375_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(usdc, btc350, 100000.0_dec) == money{1312500.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(inv, perp350, 100000.0_dec) == money{13.125_dec});
  // DB-3: 25 BTC MM: 1.125%; 28,125 USDC; 0.28125 BTC (the inverse model's
  // own rate is its bucket's chord: the amount is Deribit's at whole BTC)
  SOLVENCY_CHECK_CONSTEXPR(mm_rate(usdc, btc25, 100000.0_dec) == rate{0.01125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(usdc, btc25, 100000.0_dec) == money{28125.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(inv, perp25, 100000.0_dec) == money{0.28125_dec});
  // DB-7 (DERIVED, the page was cut off): 350 BTC MM 2.75%; 9.625 BTC
  SOLVENCY_CHECK_CONSTEXPR(db::btc_lines<dec>().tier_for({quantity{350.0_dec}, {}})->maintenance == rate{0.0275_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(inv, perp350, 100000.0_dec) == money{9.625_dec});
  // DB-8 (legacy text "IM 2% + 0.5% per 100 BTC" is the same line): 2.125% / 3.75%
  SOLVENCY_CHECK_CONSTEXPR(im_rate(inv, perp25, 100000.0_dec) == rate{0.02125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im_rate(inv, perp350, 100000.0_dec) == rate{0.0375_dec});
}

TEST_CASE("DB-4..DB-6: SOL_USDC, in USDC and in SOL at the index") {
  // DB-4: 25 SOL @ 200: IM 4.0125%; 200.625 USDC; 1.003125 SOL
  SOLVENCY_CHECK_CONSTEXPR(im_rate(sol, sol25, 200.0_dec) == rate{0.040125_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(sol, sol25, 200.0_dec) == money{200.625_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(im(sol, sol25, 200.0_dec).value(), 200.0_dec) == 1.003125_dec);
  // DB-5: 6,000 SOL: 7%; 84,000 USDC; 420 SOL
  SOLVENCY_CHECK_CONSTEXPR(im_rate(sol, sol6000, 200.0_dec) == rate{0.07_dec});
  SOLVENCY_CHECK_CONSTEXPR(im(sol, sol6000, 200.0_dec) == money{84000.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(im(sol, sol6000, 200.0_dec).value(), 200.0_dec) == 420.0_dec);
  // DB-6: 25 SOL MM: 2.0125%; 100.625 USDC; 0.503125 SOL
  SOLVENCY_CHECK_CONSTEXPR(mm_rate(sol, sol25, 200.0_dec) == rate{0.020125_dec});
  SOLVENCY_CHECK_CONSTEXPR(mm(sol, sol25, 200.0_dec) == money{100.625_dec});
  SOLVENCY_CHECK_CONSTEXPR(div<round::up>(mm(sol, sol25, 200.0_dec).value(), 200.0_dec) == 0.503125_dec);
}

constexpr money<dec> inv_mm(dec coin) { return maintenance_margin(inv.model, margin_input<dec>{{}, money{coin}}).value(); }

TEST_CASE("inverse: the chord of x (b + k x) on each bucket, never below it, exact at whole steps") {
  // 25.5 BTC of value is in the bucket (25, 26]: the chord's rate
  // 26 x 1.13% - 25 x 1.125% = 1.255%, deduction 26 x 25 x 0.005% = 0.0325
  SOLVENCY_CHECK_CONSTEXPR(inv.model.tier_for({{}, money{25.5_dec}})->maintenance == rate{0.01255_dec});
  SOLVENCY_CHECK_CONSTEXPR(inv.model.tier_for({{}, money{25.5_dec}})->deduction == money{0.0325_dec});
  SOLVENCY_CHECK_CONSTEXPR(inv.model.tier_for({{}, money{25.5_dec}})->lower == 25.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(inv.model.tier_for({{}, money{25.5_dec}})->upper == 26.0_dec);
  // the initial rate is the line's at the top: 2% + 26 x 0.005%
  SOLVENCY_CHECK_CONSTEXPR(inv.model.tier_for({{}, money{25.5_dec}})->initial == rate{0.0213_dec});
  // MM: exact at 25 and 26 (0.28125, 0.2938), 0.287525 at 25.5 against the
  // curve's 0.2875125: above by k / 4
  SOLVENCY_CHECK_CONSTEXPR(inv_mm(25.0_dec) == money{0.28125_dec});
  SOLVENCY_CHECK_CONSTEXPR(inv_mm(26.0_dec) == money{0.2938_dec});
  SOLVENCY_CHECK_CONSTEXPR(inv_mm(25.5_dec) == money{0.287525_dec});
  // continuous across the bucket edge: 26 from below and just above
  SOLVENCY_CHECK_CONSTEXPR(inv_mm(26.00000001_dec) - inv_mm(26.0_dec) <= money{0.00000002_dec});
  // the liquidation price walks the buckets as the value in coin changes:
  // long 25 BTC @ 100,000 at 10x, value at the answer ~27.6 BTC
  constexpr auto l = venues::at_leverage(inv, perp25, rate{10.0_dec}).value();
  constexpr dec p = px(venues::liquidation_price(inv, l));
  // (equity rounded down and MM up, each to 1e-8 BTC: a price step of 1e-8
  // USD moves the value by 3e-12 BTC, so the two sides meet within 1e-8)
  SOLVENCY_CHECK_CONSTEXPR(p == 91941.80362992_dec);
  SOLVENCY_CHECK_CONSTEXPR(equity_at(l, price{p}).value() + money{0.00000001_dec} >=
                           venues::maintenance_margin(inv, l, price{p}).value());
  SOLVENCY_CHECK_CONSTEXPR(equity_at(l, price{p - 1.0_dec}).value() <
                           venues::maintenance_margin(inv, l, price{p - 1.0_dec}).value());
  SOLVENCY_CHECK_CONSTEXPR(inv.model.tier_for(margin_input_at(perp25, price{p}).value())->lower == 27.0_dec);
  // against the exact requirement x (b + k x), solved in double: a long's
  // answer is never below it (liquidated no later) and within the bucket's slack
  const auto invd = db::btc_inverse<double>();
  solvency_test::rng g{151};
  for (int i = 0; i < 3000; ++i) {
    const double e = 10000.0 + static_cast<double>(g.below(90000));
    const double coin = 0.1 + 0.01 * static_cast<double>(g.below(50000));  // up to 500 BTC
    const double f = std::floor(coin * e / 10.0) * 10.0;
    if (f < 10.0) continue;
    const bool is_long = g.below(2) == 1;
    const auto pos = perpetual(is_long ? side::long_ : side::short_, f / 10.0, e);
    const double lev = 2.0 + static_cast<double>(g.below(20));
    const auto mp = venues::at_leverage(invd, pos, rate{lev});
    if (!mp) continue;
    const auto r = venues::liquidation_price(invd, *mp);
    REQUIRE(r.has_value());
    if (r->state != price_state::at_price) continue;
    const double m = mp->margin.value(), b = 0.01, k = 0.00005, ve = f / e;
    // long: M + F/E - x = x (b + k x); short: M - F/E + x = x (b + k x)
    const double c1 = is_long ? 1.0 + b : b - 1.0, c0 = is_long ? -(m + ve) : -(m - ve);
    // the root the price reaches first from the entry, in the stable form
    const double root = std::sqrt(c1 * c1 - 4.0 * k * c0);
    const double x = 2.0 * c0 / (is_long ? -c1 - root : -c1 + root);
    const double exact = f / x, ours = r->value.value();
    if (is_long)
      REQUIRE(ours >= exact * (1 - 1e-12));
    else
      REQUIRE(ours <= exact * (1 + 1e-12));
    REQUIRE(near(ours, exact, 2e-4 * exact));
  }
}

TEST_CASE("linear USDC: LP = (E -/+ M/Q) / (1 -/+ MMR) with the rate of the size (double)") {
  const auto rb = db::btc_usdc<double>();
  solvency_test::rng g{152};
  for (int i = 0; i < 4000; ++i) {
    const double e = 1000.0 + static_cast<double>(g.below(99000)), q = 0.001 * static_cast<double>(g.below(500000) + 1);
    const int s = g.next() & 1u ? 1 : -1;
    const double mmr = 0.01 + q * 0.00005, imr = 0.02 + q * 0.00005;
    const double lev = 1.0 + static_cast<double>(g.below(static_cast<std::uint64_t>(1.0 / imr)));
    const auto mp = venues::at_leverage(rb, linear(s > 0 ? side::long_ : side::short_, q, e), rate{lev});
    if (!mp) continue;
    const double m = mp->margin.value();
    const double f = s > 0 ? (e - m / q) / (1 - mmr) : (e + m / q) / (1 + mmr);
    const auto r = venues::liquidation_price(rb, *mp);
    REQUIRE(r.has_value());
    if (f > 0 && r->state == price_state::at_price) REQUIRE(near(r->value.value(), f, 1e-9 * e));
  }
}

TEST_CASE("leverage and bad input through the presets") {
  // 25 BTC: IM 2.125%, at most 47.05x
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(inv, perp25, rate{47.0_dec}).has_value());
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(inv, perp25, rate{48.0_dec}) == failure{errc::leverage_above_max});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(usdc, btc25, rate{48.0_dec}) == failure{errc::leverage_above_max});
  CHECK(venues::liquidation_price(inv, db::account(perpetual(side::long_, 0.0_dec, 100.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::liquidation_price(usdc, db::account(linear(side::long_, 1.0_dec, 0.0_dec), money{1.0_dec})) ==
        failure{errc::non_positive_price});
  auto bad = inv;
  bad.model.size_step = 0.0_dec;
  CHECK(venues::liquidation_price(bad, db::account(perp25, money{1.0_dec})) == failure{errc::invalid_argument});
  auto neg = usdc;
  neg.model.maintenance_slope = rate{-0.00005_dec};
  CHECK(venues::liquidation_price(neg, db::account(btc25, money{100000.0_dec})) == failure{errc::invalid_argument});
  CHECK(db::coin_margin<dec>{}.tier_for({{}, money{-1.0_dec}}) == failure{errc::invalid_argument});
}
