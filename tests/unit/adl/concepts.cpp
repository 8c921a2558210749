// Tests for solvency/adl/concepts.hpp: the concept accepts the shipped
// policies and refuses what is not a ranking; the holder's equity; validate;
// ranks_before; candidate.
#include <solvency/adl/concepts.hpp>
#include <solvency/adl/rankings.hpp>

#include "support.hpp"

#include <limits>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

namespace {
struct no_traits {
  template <Number N>
  result<N> score(const adl::holder<N>&, price<N>) const { return N{}; }
};
struct not_a_result {
  [[maybe_unused]] static constexpr adl::ranking_traits traits{};
  template <Number N>
  N score(const adl::holder<N>&, price<N>) const { return N{}; }
};
struct unordered_score {
  struct s {};
  [[maybe_unused]] static constexpr adl::ranking_traits traits{};
  template <Number N>
  result<s> score(const adl::holder<N>&, price<N>) const { return s{}; }
};
}  // namespace

static_assert(adl::AdlRanking<adl::bitmex_ranking, dec>);
static_assert(!adl::AdlRanking<no_traits, dec>);
static_assert(!adl::AdlRanking<not_a_result, dec>);
static_assert(!adl::AdlRanking<unordered_score, dec>);
static_assert(!adl::AdlRanking<adl::bitmex_ranking, int>);
static_assert(std::is_same_v<adl::score_t<adl::dydx_random, dec>, std::uint64_t>);
static_assert(std::is_same_v<adl::score_t<adl::binance_ranking, double>, double>);

TEST_CASE("holder equity and validate") {
  constexpr auto h = linear_holder<dec>(1, side::short_, 2.0_dec, 100.0_dec, 50.0_dec, -10.0_dec);
  // wallet 50 + other -10 + short 2 from 100 to 90 (+20) = 60
  SOLVENCY_CHECK_CONSTEXPR(adl::equity<round::down>(h, price{90.0_dec}) == money{60.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(adl::validate(h, price{90.0_dec}).has_value());
  CHECK(adl::validate(h, price<dec>{}).error() == errc::non_positive_price);
  auto bad = h;
  bad.funding_paid = money{dec::error_value(errc::overflow)};
  CHECK(adl::validate(bad, price{90.0_dec}).error() == errc::overflow);
  auto neg = h;
  neg.pos.entry = price{-1.0_dec};
  CHECK(adl::validate(neg, price{90.0_dec}).error() == errc::non_positive_price);
  const auto d = linear_holder<double>(1, side::short_, 2.0, 100.0, 50.0);
  CHECK(adl::validate(d, price{std::numeric_limits<double>::quiet_NaN()}).error() == errc::not_a_number);
}

TEST_CASE("ranks_before: higher score first, then the lower id") {
  SOLVENCY_CHECK_CONSTEXPR(adl::ranks_before(2.0_dec, 9, 1.0_dec, 1));
  SOLVENCY_CHECK_CONSTEXPR(!adl::ranks_before(1.0_dec, 1, 2.0_dec, 9));
  SOLVENCY_CHECK_CONSTEXPR(adl::ranks_before(1.0_dec, 1, 1.0_dec, 2));
  SOLVENCY_CHECK_CONSTEXPR(!adl::ranks_before(1.0_dec, 2, 1.0_dec, 1));
  SOLVENCY_CHECK_CONSTEXPR(!adl::ranks_before(1.0_dec, 2, 1.0_dec, 2));
}

TEST_CASE("candidate: empty positions never, losers only for rankings that take them") {
  auto h = linear_holder<dec>(1, side::long_, 2.0_dec, 100.0_dec, 50.0_dec);
  CHECK(adl::candidate<adl::bitmex_ranking>(h, price{90.0_dec}));
  CHECK_FALSE(adl::candidate<adl::largest_profit>(h, price{90.0_dec}));
  CHECK(adl::candidate<adl::largest_profit>(h, price{110.0_dec}));
  CHECK_FALSE(adl::candidate<adl::largest_profit>(h, price{100.0_dec}));  // zero PnL is not a profit
  h.pos.size = quantity<dec>{};
  CHECK_FALSE(adl::candidate<adl::bitmex_ranking>(h, price{90.0_dec}));
}
