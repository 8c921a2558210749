// Tests for solvency/testing/adl.hpp: every shipped ranking passes the kit
// (dec and double), and deliberately broken policies are caught, each by
// the check meant for it, with a message naming the holder.
#include <solvency/adl/combinators.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/testing/adl.hpp>

#include "check.hpp"

#include <cstdint>
#include <limits>
#include <string>

using namespace solvency;
using namespace solvency::literals;

namespace {

// --- broken policies ----------------------------------------------------------

/// Not deterministic: a call counter leaks into the score.
struct counter_ranking {
  mutable std::uint64_t calls = 0;
  static constexpr adl::ranking_traits traits{};
  template <Number N>
  result<std::uint64_t> score(const adl::holder<N>& h, price<N> mark) const {
    if (const auto v = adl::validate(h, mark); !v) return failure{v.error()};
    return ++calls % 7;
  }
};

/// Depends on the input order: scores the holder's address.
struct address_ranking {
  static constexpr adl::ranking_traits traits{.mark_dependent = false};
  template <Number N>
  result<std::uintptr_t> score(const adl::holder<N>& h, price<N>) const {
    return reinterpret_cast<std::uintptr_t>(&h);
  }
};

/// Claims monotonicity in profit but ranks the smallest profit first.
struct smallest_profit_claims_monotone {
  static constexpr adl::ranking_traits traits{.profit_monotone = true, .winners_only = true};
  template <Number N>
  result<N> score(const adl::holder<N>& h, price<N> mark) const {
    if (const auto v = adl::validate(h, mark); !v) return failure{v.error()};
    return -pnl<round::down>(h.pos, mark).value();
  }
};

/// Claims monotonicity in leverage but ranks the richest first.
struct richest_claims_leverage {
  static constexpr adl::ranking_traits traits{.leverage_monotone = true, .winners_only = true};
  template <Number N>
  result<N> score(const adl::holder<N>& h, price<N> mark) const {
    if (const auto v = adl::validate(h, mark); !v) return failure{v.error()};
    return h.wallet_balance.value();
  }
};

/// A NaN score for losers: NaN is unordered, so the order is not transitive.
struct nan_for_losers {
  static constexpr adl::ranking_traits traits{};
  result<double> score(const adl::holder<double>& h, price<double> mark) const {
    if (const auto v = adl::validate(h, mark); !v) return failure{v.error()};
    const double p = pnl<round::down>(h.pos, mark).value();
    return p > 0 ? p : std::numeric_limits<double>::quiet_NaN();
  }
};

/// BitMEX's scores with bounds that break their promise in one of three
/// ways: an interval shifted off the score, "excluded" for a holder that is
/// a candidate with positive equity, "not a candidate" for a candidate.
struct broken_bounds : adl::bitmex_ranking {
  int how = 0;
  template <Number N>
  constexpr adl::score_bounds bounds(const adl::holder<N>& h, price<N> mark) const noexcept {
    adl::score_bounds b = adl::bitmex_ranking::bounds(h, mark);
    if (b.state != adl::score_bounds::kind::bounded) return b;
    if (how == 0) b.num += 10.0 * b.err + b.den;  // the interval moves above the score
    if (how == 1) b.state = adl::score_bounds::kind::excluded;
    if (how == 2) b.state = adl::score_bounds::kind::not_candidate;
    return b;
  }
  /// how == 3: a triage that calls holders below too readily (below twice
  /// the threshold's value); otherwise BitMEX's own
  template <Number N>
  constexpr adl::triage triage(const adl::holder<N>& h, price<N> mark, double t) const noexcept {
    if (how == 3)
      return adl::bitmex_ranking::bounds(h, mark).certainly_below(2.0 * t + 1e9) ? adl::triage::below
                                                                                  : adl::triage::unknown;
    return adl::bitmex_ranking::triage(h, mark, t);
  }
};

template <class R, class N = dec>
void passes(const R& r, std::uint64_t seed) {
  const auto d = testing::check_all<R, N>(r, seed, 6);
  CHECK_MESSAGE(d.ok, d.message);
}

}  // namespace

TEST_CASE("kit: every shipped ranking passes, dec") {
  passes(adl::bitmex_ranking{}, 1);
  passes(adl::binance_ranking{}, 2);
  passes(adl::okx_ranking{}, 3);
  passes(adl::hyperliquid_ranking{}, 4);
  passes(adl::hyperliquid_ranking{true}, 5);
  passes(adl::dydx_random{99}, 6);
  passes(adl::highest_leverage{}, 7);
  passes(adl::largest_profit{}, 8);
  passes(adl::pnl_to_equity{}, 9);
  passes(adl::pro_rata{}, 10);
  passes(adl::largest_position{}, 11);
  passes(adl::funding_paid{}, 12);
  passes(adl::hierarchy<adl::highest_leverage, adl::largest_position, adl::funding_paid>{}, 13);
  passes(adl::blend<adl::bitmex_ranking, adl::pnl_to_equity>{{}, {3, 1}}, 14);
}

TEST_CASE("kit: every shipped ranking passes, double") {
  passes<adl::bitmex_ranking, double>(adl::bitmex_ranking{}, 21);
  passes<adl::binance_ranking, double>(adl::binance_ranking{}, 22);
  passes<adl::okx_ranking, double>(adl::okx_ranking{}, 23);
  passes<adl::hyperliquid_ranking, double>(adl::hyperliquid_ranking{}, 24);
  passes<adl::dydx_random, double>(adl::dydx_random{7}, 25);
  passes<adl::pro_rata, double>(adl::pro_rata{}, 26);
}

TEST_CASE("kit: a non-deterministic policy is caught by check_determinism") {
  const price m{1000.0_dec};
  const auto book = testing::generate_holders<dec>(3, 30, side::long_, m);
  const auto d = testing::check_determinism(counter_ranking{}, std::span<const adl::holder<dec>>(book), m);
  CHECK_FALSE(d.ok);
  CHECK(d.message.find("determinism") != std::string::npos);
  CHECK(d.message.find("id ") != std::string::npos);
  CHECK_FALSE(testing::check_all(counter_ranking{}, 3).ok);
}

TEST_CASE("kit: an input-order-dependent policy is caught by check_order_independence") {
  const price m{1000.0_dec};
  const auto book = testing::generate_holders<dec>(4, 30, side::short_, m);
  const std::span<const adl::holder<dec>> v(book);
  CHECK(testing::check_determinism(address_ranking{}, v, m).ok);  // deterministic for one input...
  const auto d = testing::check_order_independence(address_ranking{}, v, m, 11);
  CHECK_FALSE(d.ok);  // ...but not order-free
  CHECK(d.message.find("order independence: queue position 0 is holder #") != std::string::npos);
}

TEST_CASE("kit: false monotonicity claims are caught, naming the holder") {
  const price m{1000.0_dec};
  const auto longs = testing::generate_holders<dec>(5, 40, side::long_, m);
  const auto d = testing::check_monotonicity(smallest_profit_claims_monotone{}, std::span<const adl::holder<dec>>(longs), m);
  CHECK_FALSE(d.ok);
  CHECK(d.message.find("monotonicity (profit): holder #") != std::string::npos);
  const auto d2 = testing::check_monotonicity(richest_claims_leverage{}, std::span<const adl::holder<dec>>(longs), m);
  CHECK_FALSE(d2.ok);
  CHECK(d2.message.find("monotonicity (leverage)") != std::string::npos);
  // the same policies with honest traits pass that check
  CHECK(testing::check_monotonicity(adl::largest_profit{}, std::span<const adl::holder<dec>>(longs), m).ok);
  CHECK_FALSE(testing::check_all(smallest_profit_claims_monotone{}, 5).ok);
}

TEST_CASE("kit: an unordered score (NaN) is caught by check_total_order") {
  const price m{1000.0};
  auto book = testing::generate_holders<double>(6, 40, side::long_, m);
  const auto d = testing::check_total_order(nan_for_losers{}, std::span<const adl::holder<double>>(book), m);
  CHECK_FALSE(d.ok);
  CHECK(d.message.find("total order") != std::string::npos);
  // duplicate ids are named
  book[3].id = book[5].id;
  const auto d2 = testing::check_total_order(adl::bitmex_ranking{}, std::span<const adl::holder<double>>(book), m);
  CHECK_FALSE(d2.ok);
  CHECK(d2.message.find("share an account id") != std::string::npos);
}

TEST_CASE("kit: generated books are reproducible and varied") {
  const price m{500.0_dec};
  const auto a = testing::generate_holders<dec>(9, 50, side::long_, m);
  const auto b = testing::generate_holders<dec>(9, 50, side::long_, m);
  const auto c = testing::generate_holders<dec>(10, 50, side::long_, m);
  CHECK(a == b);
  CHECK_FALSE(a == c);
  int winners = 0, losers = 0;
  for (const auto& h : a) (pnl<round::down>(h.pos, m).value() > dec{} ? winners : losers)++;
  CHECK(winners > 5);
  CHECK(losers > 5);
}

TEST_CASE("kit: check_execution on a hand-made event, and its diagnostics") {
  const price m{95.0_dec};
  std::vector<adl::holder<dec>> v{{1, position<dec>{side::short_, quantity{4.0_dec}, price{120.0_dec}, {}}, money{100.0_dec}, {}, {}},
                                  {2, position<dec>{side::short_, quantity{3.0_dec}, price{110.0_dec}, {}}, money{10.0_dec}, {}, {}}};
  const loss_event<dec> ev{77, 1, money{50.0_dec}, 0, side::long_, quantity{10.0_dec}, price{100.0_dec}, m};
  CHECK(testing::check_execution(adl::bitmex_ranking{}, std::span<const adl::holder<dec>>(v), ev, money{50.0_dec}).ok);
  const auto bad = testing::check_execution(adl::bitmex_ranking{}, std::span<const adl::holder<dec>>(v), ev, money{-1.0_dec});
  CHECK_FALSE(bad.ok);
  CHECK(bad.message.find("negative") != std::string::npos);
}

TEST_CASE("kit: check_persistence, shipped rankings pass and an impure one is caught") {
  const price m{1000.0_dec};
  auto book = testing::generate_holders<dec>(8, 60, side::long_, m);
  auto shorts = testing::generate_holders<dec>(9, 60, side::short_, m);
  for (auto& h : shorts) h.id += 1000000;
  book.insert(book.end(), shorts.begin(), shorts.end());
  const std::span<const adl::holder<dec>> v(book);
  CHECK(testing::check_persistence(adl::bitmex_ranking{}, v, m, 1, 60).ok);
  CHECK(testing::check_persistence(adl::binance_ranking{}, v, m, 2, 60).ok);
  CHECK(testing::check_persistence(adl::dydx_random{5}, v, m, 3, 60).ok);
  CHECK(testing::check_persistence(adl::pro_rata{}, v, m, 4, 60).ok);
  // the call counter makes every rescoring differ: the persistent queue keeps
  // the scores it had, the fresh one does not
  const auto d = testing::check_persistence(counter_ranking{}, v, m, 5, 60);
  CHECK_FALSE(d.ok);
  CHECK(d.message.find("persistence: event ") != std::string::npos);
}

TEST_CASE("kit: check_bounds, shipped bounds hold on edge books and broken ones are caught") {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    const price m{1000.0_dec};
    for (const side sd : {side::long_, side::short_}) {
      const auto v = testing::generate_edge_holders<dec>(seed, 3000, sd, m);
      const std::span<const adl::holder<dec>> view(v);
      const auto check = [&](const auto& r) {
        const auto d = testing::check_bounds(r, view, m);
        CHECK_MESSAGE(d.ok, d.message);
      };
      check(adl::bitmex_ranking{});
      check(adl::binance_ranking{});
      check(adl::okx_ranking{});
      check(adl::highest_leverage{});
      check(adl::pnl_to_equity{});
      check(adl::dydx_random{});  // no bounds(): passes trivially
      const auto vd = testing::generate_edge_holders<double>(seed, 3000, sd, price{1000.0});
      const auto dd = testing::check_bounds(adl::bitmex_ranking{}, std::span<const adl::holder<double>>(vd), price{1000.0});
      CHECK_MESSAGE(dd.ok, dd.message);
      const auto de = testing::check_bounds(adl::binance_ranking{}, std::span<const adl::holder<double>>(vd), price{1000.0});
      CHECK_MESSAGE(de.ok, de.message);
      // the edge book covers every answer: bounded, excluded, unknown
      std::size_t seen[4] = {};
      for (const auto& h : v) ++seen[static_cast<int>(adl::bitmex_ranking{}.bounds(h, m).state)];
      CHECK(seen[0] > 0);
      CHECK(seen[2] > 0);
      CHECK(seen[3] > 0);
    }
  }
  const price m{1000.0_dec};
  const auto v = testing::generate_holders<dec>(8, 60, side::short_, m);
  const std::span<const adl::holder<dec>> view(v);
  const auto shifted = testing::check_bounds(broken_bounds{{}, 0}, view, m);
  CHECK_FALSE(shifted.ok);
  CHECK(shifted.message.find("does not hold its score") != std::string::npos);
  CHECK(shifted.message.find("holder #") != std::string::npos);
  const auto excl = testing::check_bounds(broken_bounds{{}, 1}, view, m);
  CHECK_FALSE(excl.ok);
  CHECK(excl.message.find("excluded, but its scoring succeeds") != std::string::npos);
  const auto notc = testing::check_bounds(broken_bounds{{}, 2}, view, m);
  CHECK_FALSE(notc.ok);
  CHECK(notc.message.find("not a candidate, but it is one") != std::string::npos);
  const auto fast = testing::check_bounds(broken_bounds{{}, 3}, view, m);
  CHECK_FALSE(fast.ok);
  CHECK(fast.message.find("triage at ") != std::string::npos);
  CHECK_FALSE(testing::check_all(broken_bounds{{}, 0}, 3, 2).ok);
}
