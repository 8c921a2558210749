// Tests for solvency/adl/combinators.hpp: hierarchy (lexicographic, ties to
// the next factor, then the account id), blend (integer-weighted sums, exact
// in dec), composed traits, errors passing through.
#include <solvency/adl/combinators.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/adl/rankings.hpp>

#include "support.hpp"

#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

using lev_size_funding = adl::hierarchy<adl::highest_leverage, adl::largest_position, adl::funding_paid>;
static_assert(adl::AdlRanking<lev_size_funding, dec>);
static_assert(adl::AdlRanking<lev_size_funding, double>);
static_assert(adl::AdlRanking<adl::blend<adl::bitmex_ranking, adl::pnl_to_equity>, dec>);
static_assert(adl::AdlRanking<adl::hierarchy<adl::bitmex_ranking, adl::dydx_random>, dec>);
static_assert(lev_size_funding::traits.winners_only);          // highest_leverage is
static_assert(lev_size_funding::traits.leverage_monotone);     // all three are
static_assert(!lev_size_funding::traits.profit_monotone);      // highest_leverage is not
static_assert(lev_size_funding::traits.mark_dependent);
static_assert(!adl::hierarchy<adl::funding_paid, adl::dydx_random>::traits.mark_dependent);
static_assert(adl::hierarchy<adl::okx_ranking>::traits.execution == adl::price_rule::mark);

TEST_CASE("hierarchy: leverage, then position size, then funding paid, then id") {
  // mark 110. Leverage = value / equity.
  //   id 1: 2 @100 wallet 200: value 220, equity 220 -> 1
  //   id 2: 4 @100 wallet 400: value 440, equity 440 -> 1, larger: before id 1
  //   id 3: 4 @100 wallet 400, funding 5: ties id 2 on both, more funding: before id 2
  //   id 4: 1 @100 wallet 10: value 110, equity 20 -> 5.5: first
  //   id 0: same as id 1: the id breaks the tie, before id 1
  std::vector<adl::holder<dec>> v{linear_holder<dec>(1, side::long_, 2.0_dec, 100.0_dec, 200.0_dec),
                                  linear_holder<dec>(2, side::long_, 4.0_dec, 100.0_dec, 400.0_dec),
                                  linear_holder<dec>(3, side::long_, 4.0_dec, 100.0_dec, 400.0_dec),
                                  linear_holder<dec>(4, side::long_, 1.0_dec, 100.0_dec, 10.0_dec),
                                  linear_holder<dec>(0, side::long_, 2.0_dec, 100.0_dec, 200.0_dec)};
  v[2].funding_paid = money{5.0_dec};
  std::vector<adl::queue_entry<adl::score_t<lev_size_funding, dec>>> buf(v.size());
  adl::queue<lev_size_funding, dec> q{v, buf};
  const auto sel = q.select(side::long_, price{110.0_dec}, quantity{100.0_dec});
  REQUIRE(sel);
  REQUIRE(sel->count == 5);
  const account_id want[] = {4, 3, 2, 0, 1};
  for (std::size_t i = 0; i < 5; ++i) CHECK(q.selected()[i].id == want[i]);
  const auto s = lev_size_funding{}.score(v[3], price{110.0_dec});
  REQUIRE(s);
  CHECK(std::get<0>(*s) == 5.5_dec);
  CHECK(std::get<1>(*s) == 110.0_dec);
}

TEST_CASE("blend: integer weights, exact in dec") {
  const auto h = linear_holder<dec>(8, side::long_, 2.0_dec, 100.0_dec, 40.0_dec);  // mark 110: pnl 20, equity 60
  const adl::blend<adl::largest_profit, adl::highest_leverage> b{{}, {2, 3}};
  // 2 x 20 + 3 x 3.66666666 = 50.99999998
  CHECK(*b.score(h, price{110.0_dec}) == 50.99999998_dec);
  const adl::blend<adl::largest_profit, adl::highest_leverage> neg{{}, {-1, 3}};
  CHECK(neg.score(h, price{110.0_dec}).error() == errc::invalid_argument);
  // a failing part fails the blend
  const auto broke = linear_holder<dec>(9, side::long_, 1.0_dec, 120.0_dec, 10.0_dec);
  CHECK(b.score(broke, price{100.0_dec}).error() == errc::non_positive_equity);
  CHECK(lev_size_funding{}.score(broke, price{100.0_dec}).error() == errc::non_positive_equity);
  // one part with weight 1 is that part
  const adl::blend<adl::bitmex_ranking> one{{}, {1}};
  for (std::uint64_t seed = 1; seed <= 5; ++seed)
    for (const auto& x : adl_test::book<dec>(seed, 40, side::short_, 1000)) {
      const auto a = one.score(x, price{950.0_dec});
      const auto c = adl::bitmex_ranking{}.score(x, price{950.0_dec});
      REQUIRE(a.has_value() == c.has_value());
      if (a) CHECK(*a == *c);
    }
}
