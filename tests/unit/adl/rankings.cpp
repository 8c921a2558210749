// Tests for solvency/adl/rankings.hpp: each policy's published formula
// (venues.md 1.4, 5, 6.3, 7.2, 8.3, 10.3, 12 and the appendix adl_score)
// reproduced on hand-computed cases, at compile time and at run time, in dec
// and double; the BitMEX inverse closed form; eligibility, bad input, and the
// total order over generated books.
#include <solvency/adl/rankings.hpp>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::inverse_holder;
using adl_test::linear_holder;

namespace {

// The appendix's adl_score (venues.md 13), as published: values are signed
// position values at the mark, the entry and the bankruptcy price.
double appendix_adl_score(double mark_v, double entry_v, double bankrupt_v) {
  const double pnl = (mark_v - entry_v) / std::abs(entry_v);
  const double eff = std::abs(mark_v) / (mark_v - bankrupt_v);
  return pnl > 0 ? pnl * eff : pnl / eff;
}

template <class R, class N>
constexpr N score_or(const R& r, const adl::holder<N>& h, price<N> m, N fallback) {
  const auto s = r.score(h, m);
  return s ? *s : fallback;
}

constexpr dec bad = dec::from_int(-999999);

// BitMEX, linear long 1 @100, wallet 50 (bankruptcy price 50), mark 120:
// PnL% 0.2, EffLev 120/70, score 24/70 = 0.342857142857... (down).
constexpr auto bmx_long_win = linear_holder<dec>(1, side::long_, 1.0_dec, 100.0_dec, 50.0_dec);
static_assert(score_or(adl::bitmex_ranking{}, bmx_long_win, price{120.0_dec}, bad) == 0.34285714_dec);
// Same holder, mark 90: PnL% -0.1, EffLev 90/40, score -0.1 / 2.25 = -0.0444... (down).
static_assert(score_or(adl::bitmex_ranking{}, bmx_long_win, price{90.0_dec}, bad) == -0.04444445_dec);

}  // namespace

TEST_CASE("bitmex_ranking: venues.md 7.2 formula and the appendix adl_score") {
  const adl::bitmex_ranking r;
  SOLVENCY_CHECK_CONSTEXPR(score_or(r, bmx_long_win, price{120.0_dec}, bad) == 0.34285714_dec);
  // double agrees with the appendix function to 1e-12
  const auto hd = linear_holder<double>(1, side::long_, 1.0, 100.0, 50.0);
  CHECK(std::abs(*r.score(hd, price{120.0}) - appendix_adl_score(120, 100, 50)) < 1e-12);
  CHECK(std::abs(*r.score(hd, price{90.0}) - appendix_adl_score(90, 100, 50)) < 1e-12);
  // a linear short: values negative in BitMEX's signs; 2 @100, wallet 40 (BP 120), mark 80
  const auto sd = linear_holder<double>(2, side::short_, 2.0, 100.0, 40.0);
  CHECK(std::abs(*r.score(sd, price{80.0}) - appendix_adl_score(-160, -200, -240)) < 1e-12);
  CHECK(std::abs(*r.score(sd, price{110.0}) - appendix_adl_score(-220, -200, -240)) < 1e-12);
}

TEST_CASE("bitmex_ranking: inverse contracts (venues.md 7.2 closed form)") {
  const adl::bitmex_ranking r;
  // Short 1000 USD face @10,000, margin 0.05 XBT: bankruptcy 1/(1/E - W/F) = 20,000.
  const auto s = inverse_holder<dec>(3, side::short_, 1000.0_dec, 10000.0_dec, 0.05_dec);
  // Loss, mark 11,000: the closed form (BP - M)(E - M) / (BP M) = -0.0409090909...
  const double closed_loss = (20000.0 - 11000.0) * (10000.0 - 11000.0) / (20000.0 * 11000.0);
  const auto loss = r.score(s, price{11000.0_dec});
  REQUIRE(loss);
  CHECK(std::abs(to_double(*loss) - closed_loss) < 2e-8);
  CHECK(*loss < dec{});
  // Profit, mark 8,000: the definition (and the appendix) give
  // BP (E - M) / (M (BP - M)) = 0.41666...; the third-party closed form's
  // first branch, BP (E - M) / (E (BP - M)) = 0.3333, disagrees with both
  // (it divides by the entry where the definition divides by the mark).
  const auto win = r.score(s, price{8000.0_dec});
  REQUIRE(win);
  CHECK(*win == 0.41666666_dec);
  CHECK(std::abs(to_double(*win) - appendix_adl_score(1000.0 / 8000, 0.1, 0.05)) < 1e-8);
  CHECK(std::abs(to_double(*win) - 20000.0 * 2000.0 / (8000.0 * 12000.0)) < 1e-8);
  // Long inverse, 1000 @10,000, margin 0.05 (BP 6,666.67), mark 12,500: BitMEX
  // long inverse values are negative.
  const auto l = inverse_holder<dec>(4, side::long_, 1000.0_dec, 10000.0_dec, 0.05_dec);
  const auto lw = r.score(l, price{12500.0_dec});
  REQUIRE(lw);
  const double bp = 1.0 / (1.0 / 10000 + 0.05 / 1000);
  CHECK(std::abs(to_double(*lw) - appendix_adl_score(-1000.0 / 12500, -0.1, -1000.0 / bp)) < 1e-8);
  CHECK(*lw == 0.22857142_dec);
}

TEST_CASE("binance_ranking: venues.md 1.4") {
  const adl::binance_ranking r;
  // Long 1 @20,000, WB 5,000; mark 22,000: UP 2,000, PnL% 2,000/22,000,
  // EffLev 22,000/7,000, product 2/7.
  constexpr auto h = linear_holder<dec>(5, side::long_, 1.0_dec, 20000.0_dec, 5000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(score_or(adl::binance_ranking{}, h, price{22000.0_dec}, bad) == 0.28571428_dec);
  // mark 19,000: PnL% -1,000/19,000, EffLev 19,000/4,000, quotient -1000*4000/19000^2.
  const auto lose = r.score(h, price{19000.0_dec});
  REQUIRE(lose);
  CHECK(*lose == -0.01108034_dec);
  CHECK(std::abs(to_double(*lose) - (-1000.0 / 19000) / (19000.0 / 4000)) < 1e-8);
  // Account level: other positions' UP counts in WB + UP.
  const auto h2 = linear_holder<dec>(5, side::long_, 1.0_dec, 20000.0_dec, 5000.0_dec, 3000.0_dec);
  CHECK(*r.score(h2, price{22000.0_dec}) == 0.2_dec);  // 2,000 / 10,000
  // double agrees
  const auto hd = linear_holder<double>(5, side::long_, 1.0, 20000.0, 5000.0);
  CHECK(std::abs(*r.score(hd, price{22000.0}) - (2000.0 / 22000) * (22000.0 / 7000)) < 1e-12);
}

TEST_CASE("okx_ranking: venues.md 6.3, one branch, executes at the mark") {
  const adl::okx_ranking r;
  static_assert(adl::okx_ranking::traits.execution == adl::price_rule::mark);
  CHECK(*r.score(bmx_long_win, price{120.0_dec}) == 0.34285714_dec);
  // losing: PnL% x EffLev = -0.1 x 90/40 = -0.225 (no division branch)
  CHECK(*r.score(bmx_long_win, price{90.0_dec}) == -0.225_dec);
}

TEST_CASE("hyperliquid_ranking: venues.md 8.3, winners only, previous mark") {
  const adl::hyperliquid_ranking r;
  static_assert(adl::hyperliquid_ranking::traits.execution == adl::price_rule::previous_mark);
  static_assert(adl::hyperliquid_ranking::traits.winners_only);
  // Long 2 @2,000, wallet 1,000, mark 2,500: (2,500/2,000) x (5,000/2,000) = 3.125
  constexpr auto h = linear_holder<dec>(6, side::long_, 2.0_dec, 2000.0_dec, 1000.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(score_or(adl::hyperliquid_ranking{}, h, price{2500.0_dec}, bad) == 3.125_dec);
  CHECK(adl::candidate<adl::hyperliquid_ranking>(h, price{2500.0_dec}));
  CHECK_FALSE(adl::candidate<adl::hyperliquid_ranking>(h, price{1900.0_dec}));  // in loss
  // Short 2 @2,000 wallet 1,000, mark 1,600: literal (1,600/2,000) x (3,200/1,800);
  // side-aware uses entry / mark.
  const auto s = linear_holder<dec>(7, side::short_, 2.0_dec, 2000.0_dec, 1000.0_dec);
  CHECK(std::abs(to_double(*r.score(s, price{1600.0_dec})) - 0.8 * 3200.0 / 1800.0) < 1e-8);
  CHECK(std::abs(to_double(*adl::hyperliquid_ranking{true}.score(s, price{1600.0_dec})) - 1.25 * 3200.0 / 1800.0) <
        1e-8);
}

TEST_CASE("highest_leverage, largest_profit, pnl_to_equity, pro_rata, factors") {
  const auto h = linear_holder<dec>(8, side::long_, 2.0_dec, 100.0_dec, 40.0_dec);  // mark 110: pnl 20, equity 60
  const price m{110.0_dec};
  CHECK(*adl::highest_leverage{}.score(h, m) == 3.66666666_dec);  // 220/60
  CHECK(*adl::largest_profit{}.score(h, m) == 20_dec);
  CHECK(*adl::pnl_to_equity{}.score(h, m) == 0.33333333_dec);
  CHECK(*adl::pro_rata{}.score(h, m) == dec{});
  CHECK(*adl::largest_position{}.score(h, m) == 220_dec);
  auto f = h;
  f.funding_paid = money{12.5_dec};
  CHECK(*adl::funding_paid{}.score(f, m) == 12.5_dec);
  static_assert(!adl::funding_paid::traits.mark_dependent);
  static_assert(adl::pro_rata::traits.pro_rata);
}

TEST_CASE("dydx_random: seeded, input-order free, a permutation") {
  const adl::dydx_random a{42}, b{42}, c{43};
  const price m{100.0_dec};
  std::set<std::uint64_t> keys;
  int same_as_other_seed = 0;
  for (account_id id = 1; id <= 1000; ++id) {
    const auto h = linear_holder<dec>(id, side::short_, 1.0_dec, 100.0_dec, 10.0_dec);
    const auto ka = a.score(h, m), kb = b.score(h, m), kc = c.score(h, m);
    REQUIRE(ka);
    CHECK(*ka == *kb);
    same_as_other_seed += *ka == *kc;
    keys.insert(*ka);
  }
  CHECK(keys.size() == 1000);  // distinct keys: no ties to break
  CHECK(same_as_other_seed < 5);
  // the key does not depend on the mark, the size or the balance
  auto h1 = linear_holder<dec>(7, side::short_, 1.0_dec, 100.0_dec, 10.0_dec);
  auto h2 = linear_holder<dec>(7, side::short_, 5.0_dec, 90.0_dec, 1.0_dec);
  CHECK(*a.score(h1, m) == *a.score(h2, price{150.0_dec}));
}

TEST_CASE("rankings: non-positive equity and bad input") {
  const price m{100.0_dec};
  // wallet 10, long 1 @120 at mark 100: equity -10
  const auto broke = linear_holder<dec>(9, side::long_, 1.0_dec, 120.0_dec, 10.0_dec);
  CHECK(adl::bitmex_ranking{}.score(broke, m).error() == errc::non_positive_equity);
  CHECK(adl::binance_ranking{}.score(broke, m).error() == errc::non_positive_equity);
  CHECK(adl::okx_ranking{}.score(broke, m).error() == errc::non_positive_equity);
  CHECK(adl::hyperliquid_ranking{}.score(broke, m).error() == errc::non_positive_equity);
  CHECK(adl::highest_leverage{}.score(broke, m).error() == errc::non_positive_equity);
  CHECK(adl::dydx_random{}.score(broke, m));  // dYdX scores it; execution skips it
  // exactly zero equity
  const auto zero = linear_holder<dec>(9, side::long_, 1.0_dec, 110.0_dec, 10.0_dec);
  CHECK(adl::bitmex_ranking{}.score(zero, m).error() == errc::non_positive_equity);
  const auto ok = linear_holder<dec>(9, side::long_, 1.0_dec, 90.0_dec, 10.0_dec);
  CHECK(adl::bitmex_ranking{}.score(ok, price{dec{}}).error() == errc::non_positive_price);
  CHECK(adl::bitmex_ranking{}.score(ok, price{-1_dec}).error() == errc::non_positive_price);
  CHECK(adl::bitmex_ranking{}.score(ok, price{dec::error_value(errc::overflow)}).error() == errc::overflow);
  auto z = ok;
  z.pos.size = quantity<dec>{};
  CHECK(adl::bitmex_ranking{}.score(z, m).error() == errc::non_positive_quantity);
  auto w = ok;
  w.wallet_balance = money{dec::error_value(errc::overflow)};
  CHECK(adl::binance_ranking{}.score(w, m).error() == errc::overflow);
  // doubles: NaN and infinities
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const auto hd = linear_holder<double>(9, side::long_, 1.0, 90.0, 10.0);
  CHECK(adl::bitmex_ranking{}.score(hd, price{nan}).error() == errc::not_a_number);
  CHECK(adl::bitmex_ranking{}.score(hd, price{inf}).error() == errc::infinite);
  auto hn = hd;
  hn.wallet_balance = money{nan};
  CHECK(adl::pnl_to_equity{}.score(hn, price{100.0}).error() == errc::not_a_number);
  auto he = hd;
  he.pos.entry = price{inf};
  CHECK(adl::dydx_random{}.score(he, price{100.0}).error() == errc::infinite);
  auto hs = hd;
  hs.other_pnl = money{-inf};
  CHECK(adl::largest_profit{}.score(hs, price{100.0}).error() == errc::infinite);
}

TEST_CASE("ranks_before: a total order over generated books (score, then id)") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto v = adl_test::book<dec>(seed, 60, side::short_, 1000);
    // duplicate scores on purpose: copy positions onto other ids
    for (std::size_t i = 0; i + 1 < v.size(); i += 7) {
      const auto id = v[i + 1].id;
      v[i + 1] = v[i];
      v[i + 1].id = id;
    }
    const price m{900.0_dec};
    const adl::bitmex_ranking r;
    std::vector<std::pair<dec, account_id>> s;
    for (const auto& h : v)
      if (auto x = r.score(h, m)) s.emplace_back(*x, h.id);
    REQUIRE(s.size() > 40);
    for (const auto& a : s)
      for (const auto& b : s) {
        const bool ab = adl::ranks_before(a.first, a.second, b.first, b.second);
        const bool ba = adl::ranks_before(b.first, b.second, a.first, a.second);
        if (a.second == b.second) {
          CHECK_FALSE(ab);
        } else {
          CHECK(ab != ba);  // total and antisymmetric
        }
      }
    std::sort(s.begin(), s.end(), [](auto& a, auto& b) { return adl::ranks_before(a.first, a.second, b.first, b.second); });
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      CHECK_FALSE(s[i].first < s[i + 1].first);                                     // higher score first
      if (s[i].first == s[i + 1].first) CHECK(s[i].second < s[i + 1].second);      // then lower id
    }
  }
}
