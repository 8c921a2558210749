// Tests for solvency/sim/search.hpp: the critical shocks found by bisection
// are checked by running either side of them; sweeps return a row per
// value; bad brackets are refused.
#include <solvency/sim/search.hpp>

#include "support.hpp"

#include <string>
#include <vector>

using namespace sim_test;

namespace {
struct scenario {
  std::vector<sim::account_record<N>> accts = population(800, 13);
  std::int64_t fund = 2'000;
  std::int64_t depth = 1;

  sim::outcome<N> operator()(rate<N> shock) const {
    std::vector<price<N>> p;
    REQUIRE(sim::shock_path(price<N>{from_int<N>(50'000)}, shock, 30, 80, p));
    return sim::simulate(binance(book(depth, 200, 2), fund), std::span<const sim::account_record<N>>(accts),
                         std::span<const price<N>>(p), [](std::size_t, std::size_t) {});
  }
};
}  // namespace

TEST_CASE("critical shock: fund exhaustion and ADL, checked either side") {
  const scenario sc{};
  for (const auto c : {sim::criterion::fund_exhausted, sim::criterion::adl_triggered}) {
    CAPTURE(sim::name(c));
    const auto r = sim::critical_shock<N>(sc, c);
    REQUIRE(r);
    CHECK(r->runs >= 3);
    CHECK(!(r->shock - r->below > rate<N>{num(1, 3)}));
    CHECK(sim::reached(sc(r->shock).metrics, c));
    CHECK(!sim::reached(sc(r->below).metrics, c));
  }
  // ADL needs an exhausted fund: its critical shock is at least the fund's
  const auto f = sim::critical_shock<N>(sc, sim::criterion::fund_exhausted);
  const auto a = sim::critical_shock<N>(sc, sim::criterion::adl_triggered);
  REQUIRE(f);
  REQUIRE(a);
  CHECK(!(a->shock < f->below));
  // a larger fund needs a larger shock
  scenario rich = sc;
  rich.fund = 4'000;
  const auto fr = sim::critical_shock<N>(rich, sim::criterion::fund_exhausted);
  REQUIRE(fr);
  CHECK(!(fr->shock < f->shock));
}

TEST_CASE("critical shock: an unreachable criterion and bad brackets") {
  scenario sc{};
  sc.fund = 1'000'000'000;
  sim::search_params<N> p{};
  p.high = pct(30);
  CHECK(sim::critical_shock<N>(sc, sim::criterion::fund_exhausted, p) == failure{errc::no_solution});
  // already met at the low end
  scenario poor{};
  poor.fund = 0;
  const auto r = sim::critical_shock<N>(poor, sim::criterion::fund_exhausted, p);
  REQUIRE(r);
  CHECK(r->shock == rate<N>{});
  CHECK(r->runs == 2);
  auto bad = [&](sim::search_params<N> q) { return sim::critical_shock<N>(sc, sim::criterion::adl_triggered, q); };
  sim::search_params<N> q{};
  q.high = pct(100);
  CHECK(bad(q) == failure{errc::invalid_argument});
  q = {};
  q.low = pct(-1);
  CHECK(bad(q) == failure{errc::invalid_argument});
  q = {};
  q.low = pct(50);
  q.high = pct(40);
  CHECK(bad(q) == failure{errc::invalid_argument});
  q = {};
  q.tolerance = rate<N>{};
  CHECK(bad(q) == failure{errc::invalid_argument});
  // a run's own error is passed on
  auto failing = [](rate<N>) {
    sim::outcome<N> o{};
    o.error = errc::non_positive_price;
    return o;
  };
  CHECK(sim::critical_shock<N>(failing, sim::criterion::adl_triggered) == failure{errc::non_positive_price});
}

TEST_CASE("sweeps: one row per value, as CSV") {
  const scenario sc{};
  const std::vector<std::int64_t> funds{0, 500, 5'000, 500'000};
  const auto rows = sim::sweep<N>(std::span<const std::int64_t>(funds), [&](std::int64_t f) {
    scenario s = sc;
    s.fund = f;
    return s(pct(15));
  });
  REQUIRE(rows.size() == funds.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].parameter == funds[i]);
    CHECK(rows[i].error == errc{});
  }
  CHECK(rows.front().metrics.first_adl_step >= 0);   // no fund: ADL
  CHECK(rows.back().metrics.first_adl_step == -1);   // a deep fund: none
  // book depth: a deeper book moves the price less
  const std::vector<std::int64_t> depths{1, 4};
  const auto by_depth = sim::sweep<N>(std::span<const std::int64_t>(depths), [&](std::int64_t d) {
    scenario s = sc;
    s.depth = d;
    return s(pct(15));
  });
  CHECK(!(by_depth[1].metrics.lowest_mark < by_depth[0].metrics.lowest_mark));
  const std::string csv = sim::sweep_csv<std::int64_t, N>(rows, "fund", [](std::int64_t f) { return std::to_string(f); });
  CHECK(csv.rfind("fund,error,amplification,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);
  CHECK(csv.find("\n0,ok,") != std::string::npos);
}

TEST_CASE("sweeps: maintenance rate and leverage distribution") {
  const auto accts = population(800, 13);
  std::vector<price<N>> p;
  REQUIRE(sim::shock_path(price<N>{from_int<N>(50'000)}, pct(6), 30, 80, p));
  // a flat maintenance rate per value, Binance's convention
  using flat_rules = venues::rulebook<flat_margin<N>>;
  const std::vector<std::int64_t> mmr_bp{25, 50, 100, 200};  // basis points
  const auto by_mmr = sim::sweep<N>(std::span<const std::int64_t>(mmr_bp), [&](std::int64_t bp) {
    sim::config<flat_rules, sim::order_book<N>> c{};
    c.rules = flat_rules{"flat", flat_margin<N>{rate<N>{num(5, 2)}, rate<N>{num(bp, 4)}},
                         venues::binance_usdm::btcusdt<N>().convention, {}, {}};
    c.impact = book(2, 200, 3);
    c.waterfall.stage<0>().shared.balance = money<N>{from_int<N>(10'000)};
    return sim::simulate(c, std::span<const sim::account_record<N>>(accts), std::span<const price<N>>(p),
                         [](std::size_t, std::size_t) {});
  });
  REQUIRE(by_mmr.size() == 4);
  for (std::size_t i = 1; i < by_mmr.size(); ++i) {
    CHECK(by_mmr[i].error == errc{});
    // a higher maintenance rate liquidates at least as many accounts
    CHECK(by_mmr[i].metrics.accounts_liquidated >= by_mmr[i - 1].metrics.accounts_liquidated);
  }
  CHECK(by_mmr.back().metrics.accounts_liquidated > by_mmr.front().metrics.accounts_liquidated);

  // the leverage distribution: all at 2-3x against all at 40-50x
  const std::array<sim::leverage_bin, 1> low{{{1, 2, 3}}};
  const std::array<sim::leverage_bin, 1> high{{{1, 40, 50}}};
  const std::vector<std::span<const sim::leverage_bin>> mixes{low, sim::default_leverage_bins, high};
  const auto by_mix = sim::sweep<N>(std::span<const std::span<const sim::leverage_bin>>(mixes),
                                    [&](std::span<const sim::leverage_bin> bins) {
                                      sim::population_params<N> pp{};
                                      pp.accounts = 800;
                                      pp.seed = 13;
                                      pp.leverage = bins;
                                      std::vector<sim::account_record<N>> a;
                                      REQUIRE(sim::generate(pp, a));
                                      return sim::simulate(binance(book(2, 200, 3), 10'000),
                                                           std::span<const sim::account_record<N>>(a),
                                                           std::span<const price<N>>(p), [](std::size_t, std::size_t) {});
                                    });
  CHECK(by_mix[0].metrics.accounts_liquidated == 0);  // 2-3x survive a 6% fall
  CHECK(by_mix[1].metrics.accounts_liquidated > 0);
  CHECK(by_mix[2].metrics.accounts_liquidated > by_mix[1].metrics.accounts_liquidated);
  CHECK(by_mix[2].metrics.accounts_liquidated == 400);  // every long at 40-50x
}
