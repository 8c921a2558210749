// Tests for solvency/adl/indicator.hpp: BitMEX's 20% buckets by cumulative
// quantity (venues.md 7.2 and the appendix), Binance's quantile 0..4
// (venues.md 1.4), Bybit's 0..5 lights (venues.md 5), generated properties
// and bad input.
#include <solvency/adl/indicator.hpp>
#include <solvency/adl/rankings.hpp>

#include "support.hpp"

#include <vector>

using namespace solvency;
using namespace solvency::literals;
using adl_test::linear_holder;

namespace {
// Longs at mark 100 ranked by largest_profit (= entry order): the first has
// the lowest entry.
std::vector<adl::holder<dec>> longs(std::initializer_list<std::pair<dec, dec>> size_entry) {
  std::vector<adl::holder<dec>> v;
  account_id id = 1;
  for (const auto& [s, e] : size_entry) v.push_back(linear_holder<dec>(id++, side::long_, s, e, 1000.0_dec));
  return v;
}
}  // namespace

TEST_CASE("indicator: BitMEX 20% buckets by cumulative quantity") {
  // rank order: ids 1..5 (entries 50, 60, 70, 80, 90); sizes 50, 10, 10, 10, 20 (total 100)
  // quantity ahead: 0, 50, 60, 70, 80 -> 5 - floor(5 x ahead / 100) = 5, 3, 2, 2, 1
  const auto v = longs({{50.0_dec, 50.0_dec}, {10.0_dec, 60.0_dec}, {10.0_dec, 70.0_dec}, {10.0_dec, 80.0_dec}, {20.0_dec, 90.0_dec}});
  std::vector<adl::queue_entry<dec>> buf(v.size());
  std::vector<std::uint8_t> out(v.size(), 9);
  const auto n = adl::indicator(adl::largest_profit{}, std::span(v), side::long_, price{100.0_dec},
                                adl::indicator_scale::bitmex_lights, std::span(buf), std::span(out));
  REQUIRE(n);
  CHECK(*n == 5);
  CHECK(out == std::vector<std::uint8_t>{5, 3, 2, 2, 1});
  // equal sizes: one light per 20%
  const auto w = longs({{1.0_dec, 50.0_dec}, {1.0_dec, 60.0_dec}, {1.0_dec, 70.0_dec}, {1.0_dec, 80.0_dec}, {1.0_dec, 90.0_dec}});
  REQUIRE(adl::indicator(adl::largest_profit{}, std::span(w), side::long_, price{100.0_dec},
                         adl::indicator_scale::bitmex_lights, std::span(buf), std::span(out)));
  CHECK(out == std::vector<std::uint8_t>{5, 4, 3, 2, 1});
}

TEST_CASE("indicator: Binance quantile 0..4 by rank among users; Bybit 0..5 lights") {
  // ten users, entries 50..95 at mark 100: ranks by profit, quantile 4 for the top two
  std::vector<adl::holder<dec>> v;
  for (int i = 0; i < 10; ++i)
    v.push_back(linear_holder<dec>(static_cast<account_id>(i + 1), side::long_, 1.0_dec, from_int<dec>(50 + 5 * i), 1000.0_dec));
  std::vector<adl::queue_entry<dec>> buf(v.size());
  std::vector<std::uint8_t> out(v.size());
  REQUIRE(adl::indicator(adl::binance_ranking{}, std::span(v), side::long_, price{100.0_dec},
                         adl::indicator_scale::binance_quantile, std::span(buf), std::span(out)));
  CHECK(out == std::vector<std::uint8_t>{4, 4, 3, 3, 2, 2, 1, 1, 0, 0});
  // Bybit: at mark 75, ids 1..5 (entries 50..70) win, ids 6..10 get 0
  REQUIRE(adl::indicator(adl::bitmex_ranking{}, std::span(v), side::long_, price{75.0_dec},
                         adl::indicator_scale::bybit_lights, std::span(buf), std::span(out)));
  CHECK(out == std::vector<std::uint8_t>{5, 4, 3, 2, 1, 0, 0, 0, 0, 0});
}

TEST_CASE("indicator: properties over generated books") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto v = adl_test::book<dec>(seed, 120, side::short_, 1000);
    const auto others = adl_test::book<dec>(seed + 100, 30, side::long_, 1000, 20, 10000);
    v.insert(v.end(), others.begin(), others.end());
    std::vector<adl::queue_entry<dec>> buf(v.size());
    std::vector<std::uint8_t> out(v.size(), 7);
    const price m{950.0_dec};
    REQUIRE(adl::indicator(adl::bitmex_ranking{}, std::span(v), side::short_, m, adl::indicator_scale::bitmex_lights,
                           std::span(buf), std::span(out)));
    // lights never increase down the ranking, and the top holder has 5
    std::vector<std::pair<dec, std::size_t>> ranked;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].pos.side != side::short_) {
        CHECK(out[i] == 7);  // other side untouched
        continue;
      }
      if (auto s = adl::bitmex_ranking{}.score(v[i], m)) ranked.emplace_back(*s, i);
      else CHECK(out[i] == 0);
    }
    std::sort(ranked.begin(), ranked.end(), [&](auto& a, auto& b) {
      return adl::ranks_before(a.first, v[a.second].id, b.first, v[b.second].id);
    });
    REQUIRE_FALSE(ranked.empty());
    CHECK(out[ranked[0].second] == 5);
    for (std::size_t k = 1; k < ranked.size(); ++k) {
      CHECK(out[ranked[k].second] <= out[ranked[k - 1].second]);
      CHECK(out[ranked[k].second] >= 1);
    }
  }
}

TEST_CASE("indicator: bad input") {
  const auto v = longs({{1.0_dec, 50.0_dec}, {1.0_dec, 60.0_dec}});
  std::vector<adl::queue_entry<dec>> buf(v.size()), small(1);
  std::vector<std::uint8_t> out(v.size()), tiny(1);
  CHECK(adl::indicator(adl::largest_profit{}, std::span(v), side::long_, price{100.0_dec},
                       adl::indicator_scale::bitmex_lights, std::span(buf), std::span(tiny)).error() == errc::size_mismatch);
  CHECK(adl::indicator(adl::largest_profit{}, std::span(v), side::long_, price{100.0_dec},
                       adl::indicator_scale::bitmex_lights, std::span(small), std::span(out)).error() == errc::size_mismatch);
  CHECK(adl::indicator(adl::largest_profit{}, std::span(v), side::long_, price{100.0_dec},
                       static_cast<adl::indicator_scale>(7), std::span(buf), std::span(out)).error() == errc::invalid_argument);
  CHECK(adl::indicator(adl::largest_profit{}, std::span(v), side::long_, price<dec>{},
                       adl::indicator_scale::bitmex_lights, std::span(buf), std::span(out)).error() == errc::non_positive_price);
  // an empty side lights nobody
  const auto n = adl::indicator(adl::largest_profit{}, std::span(v), side::short_, price{100.0_dec},
                                adl::indicator_scale::binance_quantile, std::span(buf), std::span(out));
  REQUIRE(n);
  CHECK(*n == 0);
}
