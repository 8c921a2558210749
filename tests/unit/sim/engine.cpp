// Tests for solvency/sim/engine.hpp: conservation of money to the last unit
// and long OI == short OI at every step (every impact model, every plan
// policy, every venue preset, ADL and socialisation); determinism whatever
// the order of the accounts; the indexed loop against the naive full scan;
// caps, the circuit breaker and dynamic margin changing what they should;
// every bad input.
#include <solvency/sim/engine.hpp>
#include <solvency/venues/bitmex.hpp>
#include <solvency/venues/bybit_linear.hpp>
#include <solvency/venues/deribit.hpp>
#include <solvency/venues/dydx.hpp>
#include <solvency/venues/hyperliquid.hpp>
#include <solvency/venues/okx.hpp>
#include <solvency/waterfall/socialized.hpp>

#include "support.hpp"

#include <algorithm>
#include <random>
#include <vector>

using namespace sim_test;
using namespace solvency::literals;

namespace {
const quantity<N> lot{div<round::down>(from_int<N>(1), from_int<N>(1000))};

template <class Config>
sim::summary<N> check_run(Config cfg, std::size_t n, std::int64_t shock, std::uint64_t seed = 5,
                          std::size_t steps = 120, std::size_t ramp = 40) {
  const auto accts = population(n, seed);
  const auto p = path(shock, ramp, steps);
  auto e = run_checked(std::move(cfg), accts, p);
  return e.summarize();
}
}  // namespace

TEST_CASE("conservation and open interest: every impact model") {
  const auto s1 = check_run(binance(book(), 5'000), 2000, 12);
  CHECK(s1.accounts_liquidated > 0);
  CHECK(s1.liquidation_orders >= s1.accounts_liquidated);
  const auto s2 = check_run(binance(sim::linear_impact<N>{price_delta<N>{num(40)}, pct(10)}, 5'000), 2000, 12);
  CHECK(s2.accounts_liquidated > 0);
  CHECK(s2.amplification > rate<N>{from_int<N>(1)});  // forced selling adds to the shock
  const auto s3 = check_run(binance(sim::sqrt_impact<N>{pct(2), quantity<N>{from_int<N>(10)}, pct(5)}, 5'000), 2000, 12);
  CHECK(s3.accounts_liquidated > 0);
}

TEST_CASE("conservation and open interest: every plan policy") {
  const auto m = venues::binance_usdm::btcusdt<N>();
  check_run(binance(book(1), 1'000, whole_at_limit{}), 1000, 15);
  check_run(binance(book(1), 1'000, slices<N>{money<N>{from_int<N>(500)}, pct(20), 3, lot}), 1000, 15);
  check_run(binance(book(1), 1'000, dydx_portion<N>{100'000, money<N>{from_int<N>(200)}, money<N>{from_int<N>(5'000)}, lot}),
            1000, 15);
  check_run(binance(book(1), 1'000, backstop_takeover{}), 1000, 15);
  check_run(binance(book(1), 1'000, partial_to_lower_tier<decltype(m.model)>{m.model, m.convention, lot}), 1000, 15);
  check_run(binance(book(1), 1'000, deribit_incremental<decltype(m.model)>{m.model, m.convention, quantity<N>{num(5, 3)}}), 1000, 15);
}

TEST_CASE("conservation: every venue preset") {
  auto with = [](auto rb, sim::population_params<N> pp = {}) {
    sim::config<decltype(rb), sim::order_book<N>> c{};
    c.rules = rb;
    c.impact = book(1);
    c.waterfall.template stage<0>().shared.balance = money<N>{from_int<N>(2'000)};
    pp.accounts = 600;
    std::vector<sim::account_record<N>> accts;
    REQUIRE(sim::generate(pp, accts));
    c.spec = pp.spec;
    const auto p = path(15, 30, 80);
    auto e = run_checked(std::move(c), accts, p);
    CHECK(e.summarize().accounts_liquidated > 0);
  };
  with(venues::binance_usdm::btcusdt<N>());
  with(venues::bybit_linear::btcusdt_classic<N>());
  with(venues::bybit_linear::btcusdt_unified<N>(venues::bybit_linear::example_taker_fee<N>()));
  with(venues::hyperliquid::btc<N>());
  with(venues::deribit::btc_usdc<N>());
  with(venues::dydx::make_rulebook(venues::dydx::large_cap<N>()));
  with(venues::okx::one_inch_usdt<N>(rate<N>{num(5, 4)}));
  sim::population_params<N> inv{};
  inv.spec = venues::bitmex::xbtusd_contract<N>();
  inv.lot = quantity<N>{from_int<N>(10)};
  with(venues::bitmex::xbtusd<N>(), inv);
}

TEST_CASE("ADL: once the fund is exhausted, the opposite side is deleveraged") {
  // a sudden fall into a thin book: closes would fill below bankruptcy
  auto cfg = binance(book(1, 100, 1), 0);
  const auto s = check_run(cfg, 2000, 20, 5, 120, 3);
  CHECK(s.first_adl_step >= 0);
  CHECK(s.accounts_deleveraged > 0);
  CHECK(s.adl_notional.value() > N{});
  CHECK(s.fund_exhausted_step == 0);
  // with a large fund, no ADL and the fund pays
  const auto big = check_run(binance(book(1, 100, 1), 100'000'000), 2000, 20, 5, 120, 3);
  CHECK(big.first_adl_step == -1);
  CHECK(big.accounts_deleveraged == 0);
  CHECK(big.uncovered.value() == N{});
  // ADL closes positions at the bankruptcy price instead of selling them:
  // the mark moves less than with the fund selling everything
  CHECK(!(s.lowest_mark < big.lowest_mark));
  // every ranking policy runs
  check_run(binance_config<sim::order_book<N>, full_takeover, adl::bitmex_ranking>{
                venues::binance_usdm::btcusdt<N>(), book(1, 200, 2)},
            800, 20);
  check_run(binance_config<sim::order_book<N>, full_takeover, adl::highest_leverage>{
                venues::binance_usdm::btcusdt<N>(), book(1, 200, 2)},
            800, 20);
}

TEST_CASE("ADL: the library's execution under every venue's price rule and pro rata") {
  // an empty fund, a sudden fall into a thin book: ADL from the first steps,
  // conservation and OI checked at every step by run_checked
  const auto with = [](auto ranking) {
    using R = decltype(ranking);
    binance_config<sim::order_book<N>, full_takeover, R> c{};
    c.rules = venues::binance_usdm::btcusdt<N>();
    c.impact = book(1, 100, 1);
    c.ranking = ranking;
    const auto s = check_run(c, 1500, 20, 7, 80, 3);
    CHECK(s.first_adl_step >= 0);
    CHECK(s.accounts_deleveraged > 0);
    return s;
  };
  const auto bankruptcy = with(adl::binance_ranking{});
  CHECK(bankruptcy.adl_notional.value() > N{});
  const auto at_mark = with(adl::okx_ranking{});           // closes at the mark: counterparties cover nothing
  CHECK(at_mark.uncovered.value() > N{});
  CHECK(bankruptcy.uncovered < at_mark.uncovered);
  with(adl::hyperliquid_ranking{});                        // the previous mark, winners only
  with(adl::dydx_random{11});                              // mark-free
  with(adl::pro_rata{});                                   // shared by size
}

TEST_CASE("ADL: each counterparty pays the difference to the bankruptcy price, in ranking order within a step") {
  // one step, an empty fund, a book too thin to fill at bankruptcy: every
  // counterparty closed ends with at least what closing at the mark minus
  // its give-up leaves, never below zero, and OI falls equally on both sides
  auto cfg = binance(book(1, 100, 1), 0);
  const auto accts = population(800, 3);
  sim::engine<decltype(cfg)> e(std::move(cfg));
  REQUIRE(e.load(accts));
  const auto before = std::vector<sim::account_state<N>>(e.accounts().begin(), e.accounts().end());
  const quantity<N> oi0 = e.open_interest(side::long_);
  REQUIRE(e.step(price<N>{from_int<N>(50'000)}));
  REQUIRE(e.step(price<N>{from_int<N>(40'000)}));  // a 20% gap
  const auto& r = e.timeline().back();
  REQUIRE(r.adl_count > 0);
  std::size_t deleveraged = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const auto& a = e.accounts()[i];
    if (!a.deleveraged) continue;
    ++deleveraged;
    CHECK(a.size < before[i].size);
    CHECK_FALSE(a.wallet < money<N>{});  // never made bankrupt by ADL
    CHECK(a.side == side::short_);       // a fall: the longs are bankrupt, the shorts pay
  }
  CHECK(deleveraged > 0);
  CHECK(e.open_interest(side::long_) == e.open_interest(side::short_));
  CHECK(e.open_interest(side::long_) < oi0);
  CHECK(e.total_money() == e.initial_money());
}

TEST_CASE("ADL: the persistent queue gives the engine exactly what ranking from scratch every event gives") {
  const auto both = [](auto ranking, std::int64_t fund, std::size_t n, std::uint64_t seed, auto impact) {
    using R = decltype(ranking);
    binance_config<decltype(impact), full_takeover, R> c{};
    c.rules = venues::binance_usdm::btcusdt<N>();
    c.impact = impact;
    c.ranking = ranking;
    c.waterfall.template stage<0>().shared.balance = money<N>{from_int<N>(fund)};
    auto scratch = c;
    scratch.adl_refresh = adl::refresh::every_event;
    const auto accts = population(n, seed);
    const auto p = path(20, 3, 60);
    auto a = run_checked(std::move(c), accts, p);
    auto b = run_checked(std::move(scratch), accts, p);
    const auto sa = a.summarize();
    REQUIRE(sa.first_adl_step >= 0);
    CHECK(sa.accounts_deleveraged > 0);
    REQUIRE(a.timeline().size() == b.timeline().size());
    bool rows = true, accounts = true;
    for (std::size_t i = 0; i < a.timeline().size(); ++i) {
      const auto& x = a.timeline()[i];
      const auto& y = b.timeline()[i];
      if (!(x.mark == y.mark) || x.adl_count != y.adl_count || !(x.adl_notional == y.adl_notional) ||
          !(x.fund == y.fund) || !(x.uncovered == y.uncovered) || !(x.long_oi == y.long_oi))
        rows = false;
    }
    for (std::size_t i = 0; i < a.accounts().size(); ++i) {
      const auto& x = a.accounts()[i];
      const auto& y = b.accounts()[i];
      if (!(x.size == y.size) || !(x.wallet == y.wallet) || x.deleveraged != y.deleveraged) accounts = false;
    }
    CHECK(rows);
    CHECK(accounts);
    CHECK(a.clearing() == b.clearing());
  };
  both(adl::binance_ranking{}, 0, 1500, 5, book(1, 100, 1));
  both(adl::bitmex_ranking{}, 200, 1500, 6, book(1, 100, 1));
  both(adl::largest_profit{}, 0, 1200, 7, sim::linear_impact<N>{price_delta<N>{num(300)}, pct(2)});
  both(adl::hyperliquid_ranking{}, 0, 1200, 8, book(1, 100, 1));
}

TEST_CASE("socialised loss: the waterfall's later stages take what the fund cannot") {
  std::array<waterfall::market_index<N>, 1> markets{{{0, quantity<N>{from_int<N>(1'000)}, {}, {}}}};
  using chain_t = waterfall::chain<waterfall::insurance_fund<N>, waterfall::funding_index_charge<N>>;
  sim::config<venues::binance_usdm::rulebook<N>, sim::linear_impact<N>, whole_at_limit, adl::binance_ranking, chain_t> c{};
  c.rules = venues::binance_usdm::btcusdt<N>();
  c.impact = sim::linear_impact<N>{price_delta<N>{from_int<N>(200)}, pct(1)};  // a thin market
  c.waterfall = chain_t{waterfall::insurance_fund<N>{},  // an empty fund
                        waterfall::funding_index_charge<N>{markets, party::dust(0)}};
  c.adl_enabled = false;
  const auto s = check_run(c, 2000, 20);
  CHECK(s.socialized.value() > N{});
  CHECK(s.first_adl_step == -1);
  CHECK(s.uncovered.value() == N{});
}

TEST_CASE("determinism: the same timeline whatever the order of the accounts") {
  auto accts = population(1500, 9);
  const auto p = path(15, 30, 100);
  auto cfg = binance(book(1, 200, 3), 500);
  auto a = run_checked(cfg, accts, p);
  std::mt19937_64 g(123);  // any shuffle: the result must not depend on it
  for (int k = 0; k < 3; ++k) {
    std::shuffle(accts.begin(), accts.end(), g);
    auto b = run_checked(cfg, accts, p);
    REQUIRE(a.timeline().size() == b.timeline().size());
    bool same_rows = true;
    for (std::size_t i = 0; i < a.timeline().size(); ++i)
      if (!same(a.timeline()[i], b.timeline()[i])) same_rows = false;
    CHECK(same_rows);
    bool same_accts = true;
    for (std::size_t i = 0; i < a.accounts().size(); ++i) {
      const auto& x = a.accounts()[i];
      const auto& y = b.accounts()[i];
      if (x.id != y.id || !(x.wallet == y.wallet) || !(x.size == y.size)) same_accts = false;
    }
    CHECK(same_accts);
  }
}

TEST_CASE("the indexed loop and the naive full scan agree step by step") {
  const auto accts = population(1200, 21);
  const auto p = path(18, 30, 90);
  auto cfg = binance(book(1, 200, 3), 300);
  auto full = cfg;
  full.scan = sim::scan_mode::full_scan;
  auto a = run_checked(cfg, accts, p);
  auto b = run_checked(full, accts, p);
  REQUIRE(a.timeline().size() == b.timeline().size());
  bool same_rows = true;
  for (std::size_t i = 0; i < a.timeline().size(); ++i)
    if (!same(a.timeline()[i], b.timeline()[i])) same_rows = false;
  CHECK(same_rows);
  CHECK(a.summarize().accounts_liquidated > 0);
  // with partial plans too
  auto pc = binance(book(1, 200, 3), 300, slices<N>{money<N>{from_int<N>(200)}, pct(25), 2, lot});
  auto pf = pc;
  pf.scan = sim::scan_mode::full_scan;
  auto c = run_checked(pc, accts, p);
  auto d = run_checked(pf, accts, p);
  bool same_partial = true;
  for (std::size_t i = 0; i < c.timeline().size(); ++i)
    if (!same(c.timeline()[i], d.timeline()[i])) same_partial = false;
  CHECK(same_partial);
}

TEST_CASE("per-step caps hold liquidations back to the next step") {
  auto cfg = binance(book(1, 200, 3), 5'000);
  cfg.caps.max_orders = 5;
  const auto accts = population(1000, 4);
  const auto p = path(15, 10, 150);
  auto e = run_checked(cfg, accts, p);
  std::uint32_t most = 0;
  for (const auto& r : e.timeline()) most = std::max(most, r.liquidations);
  CHECK(most == 5);
  auto cfg2 = binance(book(1, 200, 3), 5'000);
  cfg2.caps.max_notional = money<N>{from_int<N>(20'000)};
  auto e2 = run_checked(cfg2, accts, p);
  bool under = true;
  for (const auto& r : e2.timeline())  // at most one order past the cap
    if (r.liquidated_notional > money<N>{from_int<N>(20'000 + 60'000)}) under = false;
  CHECK(under);
  CHECK(e2.summarize().accounts_liquidated > 0);
}

TEST_CASE("circuit breaker: halts liquidations and changes the outcome") {
  const auto accts = population(2000, 8);
  const auto p = path(15, 30, 150);
  auto base = binance(book(1, 300, 4), 1'000);
  auto cb = base;
  cb.breaker = {true, pct(2), 5, 8};
  auto a = run_checked(base, accts, p);
  auto b = run_checked(cb, accts, p);
  const auto sa = a.summarize(), sb = b.summarize();
  CHECK(sa.halted_steps == 0);
  CHECK(sb.halted_steps > 0);
  bool none_while_halted = true;
  for (std::size_t i = 0; i < b.timeline().size(); ++i)
    if (b.timeline()[i].halted && b.timeline()[i].liquidations > 0 &&
        (i == 0 || b.timeline()[i - 1].halted))
      none_while_halted = false;  // a halt starting mid-step may follow that step's orders
  CHECK(none_while_halted);
  // the book refills during halts: the mark falls less below the exogenous path
  CHECK(!(sb.lowest_mark < sa.lowest_mark));
}

TEST_CASE("dynamic margin: the maintenance factor rises with volatility") {
  const auto accts = population(1500, 8);
  const auto p = path(12, 20, 100);
  auto base = binance(book(2, 300, 4), 1'000);
  auto dyn = base;
  dyn.margin = {true, 10, rate<N>{from_int<N>(40)}, pct(25), rate<N>{from_int<N>(3)}};
  auto a = run_checked(base, accts, p);
  auto b = run_checked(dyn, accts, p);
  rate<N> top{};
  for (const auto& r : b.timeline()) top = std::max(top, r.margin_factor);
  CHECK(top > rate<N>{from_int<N>(1)});
  CHECK(!(top > rate<N>{from_int<N>(3)}));
  for (const auto& r : a.timeline()) CHECK(r.margin_factor == rate<N>{from_int<N>(1)});
  // a higher maintenance liquidates at least as many accounts
  CHECK(b.summarize().accounts_liquidated >= a.summarize().accounts_liquidated);
}

TEST_CASE("shock_path: shape and bad parameters") {
  std::vector<price<N>> out;
  REQUIRE(sim::shock_path(price<N>{from_int<N>(100)}, pct(10), 4, 7, out));
  REQUIRE(out.size() == 7);
  CHECK(out[0] == price<N>{from_int<N>(100)});
  CHECK(out[2] == price<N>{from_int<N>(95)});
  CHECK(out[4] == price<N>{from_int<N>(90)});
  CHECK(out[6] == price<N>{from_int<N>(90)});
  REQUIRE(sim::shock_path(price<N>{from_int<N>(100)}, pct(-10), 1, 2, out));
  CHECK(out[1] == price<N>{from_int<N>(110)});  // a rise
  const auto before = out;
  CHECK(sim::shock_path(price<N>{from_int<N>(100)}, pct(100), 4, 7, out) == failure{errc::invalid_argument});
  CHECK(sim::shock_path(price<N>{from_int<N>(100)}, pct(150), 4, 7, out) == failure{errc::invalid_argument});
  CHECK(sim::shock_path(price<N>{}, pct(10), 4, 7, out) == failure{errc::non_positive_price});
  CHECK(sim::shock_path(price<N>{from_int<N>(100)}, pct(10), 0, 7, out) == failure{errc::invalid_argument});
  CHECK(sim::shock_path(price<N>{from_int<N>(100)}, pct(10), 4, 0, out) == failure{errc::invalid_argument});
  CHECK(out == before);
}

TEST_CASE("engine: bad input") {
  auto accts = population(10, 1);
  using cfg_t = binance_config<sim::order_book<N>>;
  auto load = [&](cfg_t c, std::span<const sim::account_record<N>> a) {
    sim::engine<cfg_t> e(std::move(c));
    return e.load(a);
  };
  CHECK(load(binance(book(), 100), accts));
  CHECK(load(binance(book(-1), 100), accts) == failure{errc::negative_amount});
  CHECK(load(binance(sim::order_book<N>{price_delta<N>{from_int<N>(5)}, quantity<N>{from_int<N>(1)}, 0, pct(5)}, 100),
             accts) == failure{errc::invalid_argument});
  CHECK(load(binance(book(), -1), accts) == failure{errc::negative_amount});
  auto dup = accts;
  dup[3].id = dup[7].id;
  CHECK(load(binance(book(), 100), dup) == failure{errc::duplicate_id});
  auto neg = accts;
  neg[2].size = quantity<N>{-neg[2].size.value()};
  CHECK(load(binance(book(), 100), neg) == failure{errc::non_positive_quantity});
  auto zero_entry = accts;
  zero_entry[2].entry = price<N>{};
  CHECK(load(binance(book(), 100), zero_entry) == failure{errc::non_positive_price});
  auto neg_margin = accts;
  neg_margin[2].margin = money<N>{-from_int<N>(1)};
  CHECK(load(binance(book(), 100), neg_margin) == failure{errc::negative_amount});
  auto cb = binance(book(), 100);
  cb.breaker = {true, rate<N>{}, 5, 5};
  CHECK(load(cb, accts) == failure{errc::invalid_argument});
  auto dm = binance(book(), 100);
  dm.margin = {true, 10, pct(100), rate<N>{}, pct(200)};
  CHECK(load(dm, accts) == failure{errc::invalid_argument});
  dm.margin = {true, 10, pct(100), pct(25), pct(50)};
  CHECK(load(dm, accts) == failure{errc::invalid_argument});
  auto caps = binance(book(), 100);
  caps.caps.max_notional = money<N>{-from_int<N>(1)};
  CHECK(load(caps, accts) == failure{errc::negative_amount});

  sim::engine<cfg_t> e(binance(book(), 100));
  CHECK(e.step(price<N>{from_int<N>(100)}) == failure{errc::invalid_argument});  // before load
  REQUIRE(e.load(accts));
  CHECK(e.step(price<N>{}) == failure{errc::non_positive_price});
  CHECK(e.step(price<N>{from_int<N>(50'000)}));

  // simulate reports the error and the step
  const std::vector<price<N>> bad_path{price<N>{from_int<N>(50'000)}, price<N>{-from_int<N>(1)}};
  auto o = sim::simulate(binance(book(), 100), std::span<const sim::account_record<N>>(accts),
                         std::span<const price<N>>(bad_path), [](std::size_t, std::size_t) {});
  CHECK(o.error == errc::non_positive_price);
  CHECK(o.failed_step == 1);
  CHECK(o.timeline.size() == 1);
}

TEST_CASE("settlement policies: conservation, and who keeps what a close leaves") {
  const auto accts = population(1500, 12);
  const auto p = path(15, 30, 100);
  auto with = [&](auto settlement) {
    using S = decltype(settlement);
    sim::config<venues::binance_usdm::rulebook<N>, sim::order_book<N>, whole_at_limit, adl::binance_ranking,
                waterfall::chain<waterfall::insurance_fund<N>>, S>
        c{};
    c.rules = venues::binance_usdm::btcusdt<N>();
    c.impact = book(2, 300, 3);
    c.settlement = settlement;
    c.waterfall.template stage<0>().shared.balance = money<N>{from_int<N>(5'000)};
    auto e = run_checked(std::move(c), accts, p);
    return e.summarize();
  };
  const auto to_fund = with(surplus_to_fund{});
  const auto keeps = with(trader_keeps_residual<N>{rate<N>{}});
  const auto fee = with(clearance_fee<N>{rate<N>{num(15, 3)}});  // Binance: 1.5% of the liquidation value
  const auto dydx = with(dydx_capped_fee{});
  CHECK(to_fund.accounts_liquidated > 0);
  // the whole surplus to the fund >= a capped fee >= nothing
  CHECK(!(to_fund.fund_end < fee.fund_end));
  CHECK(fee.fund_end > keeps.fund_end);
  CHECK(dydx.fund_end > keeps.fund_end);
}

TEST_CASE("the simulator runs over double too (analytics; exactness is dec's)") {
  using D = double;
  sim::config<venues::binance_usdm::rulebook<D>, sim::order_book<D>> c{};
  c.rules = venues::binance_usdm::btcusdt<D>();
  c.impact = sim::order_book<D>{price_delta<D>{5.0}, quantity<D>{1.0}, 200, rate<D>{0.03}};
  c.waterfall.stage<0>().shared.balance = money<D>{5'000.0};
  sim::population_params<D> p{};
  p.accounts = 600;
  std::vector<sim::account_record<D>> a;
  REQUIRE(sim::generate(p, a));
  std::vector<price<D>> path;
  REQUIRE(sim::shock_path(price<D>{50'000.0}, rate<D>{0.12}, 30, 80, path));
  const auto o = sim::simulate(c, std::span<const sim::account_record<D>>(a), std::span<const price<D>>(path),
                               [](std::size_t, std::size_t) {});
  CHECK(o.ok());
  CHECK(o.metrics.accounts_liquidated > 0);
  CHECK(o.timeline.size() == 80);
}

TEST_CASE("triggers: the venue's rule decides on the figures at the mark") {
  const auto accts = population(1000, 17);
  const auto p = path(15, 30, 90);
  auto with = [&](auto trigger, auto plan) {
    using T = decltype(trigger);
    using P = decltype(plan);
    sim::config<venues::binance_usdm::rulebook<N>, sim::order_book<N>, P, adl::binance_ranking,
                waterfall::chain<waterfall::insurance_fund<N>>, surplus_to_fund, T>
        c{};
    c.rules = venues::binance_usdm::btcusdt<N>();
    c.impact = book(2, 300, 3);
    c.plan = plan;
    c.trigger = trigger;
    c.waterfall.template stage<0>().shared.balance = money<N>{from_int<N>(5'000)};
    return run_checked(std::move(c), accts, p).summarize();
  };
  const auto ratio = with(margin_ratio_reaches_one{}, full_takeover{});
  const auto strict = with(equity_below_maintenance{}, full_takeover{});
  const auto hl = with(hyperliquid_trigger{}, backstop_takeover{});
  CHECK(ratio.accounts_liquidated > 0);
  // equity < MM (strict) never liquidates more than equity <= MM
  CHECK(strict.accounts_liquidated <= ratio.accounts_liquidated);
  CHECK(hl.accounts_liquidated > 0);
}

namespace {
/// A stage after the fund that charges the profitable side: each loss takes
/// up to `cap` from the next of a few winners (counterparty transfers the
/// engine applies to those accounts), so holders on the ADL side change
/// outside the ADL queue between its events.
struct charge_winners {
  std::vector<account_id> ids{};
  money<N> cap{};
  std::size_t next = 0;
  std::size_t charged = 0;
  result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding, ledger<N>& l) {
    if (ids.empty() || !(outstanding.value() > N{})) return money<N>{};
    const money<N> a = outstanding < cap ? outstanding : cap;
    if (auto r = l.record({party::counterparty(ids[next % ids.size()]), party::loss(ev.trader), a,
                           transfer_reason::socialized_loss});
        !r)
      return failure{r.error()};
    ++next;
    ++charged;
    return a;
  }
};
static_assert(WaterfallStage<charge_winners, N>);
}  // namespace

TEST_CASE("ADL: holders changed outside the queue between events (update()) give what ranking from scratch gives") {
  using chain_t = waterfall::chain<waterfall::insurance_fund<N>, charge_winners>;
  using config_t = sim::config<venues::binance_usdm::rulebook<N>, sim::order_book<N>, full_takeover,
                               adl::binance_ranking, chain_t>;
  const auto accts = population(1500, 11);
  // the three shorts with the smallest wallets, for whom a charge of a few
  // units is a large change of leverage and PnL share
  std::vector<const sim::account_record<N>*> small;
  for (const auto& r : accts)
    if (r.side == side::short_) small.push_back(&r);
  std::sort(small.begin(), small.end(), [](auto* x, auto* y) { return x->margin < y->margin; });
  std::vector<account_id> shorts;
  for (std::size_t i = 0; i < 3; ++i) shorts.push_back(small[i]->id);
  config_t c{};
  c.rules = venues::binance_usdm::btcusdt<N>();
  c.impact = book(1, 100, 1);
  c.waterfall = chain_t{waterfall::insurance_fund<N>{}, charge_winners{shorts, money<N>{from_int<N>(2000)}}};
  c.waterfall.template stage<0>().shared.balance = money<N>{from_int<N>(200)};
  auto scratch = c;
  scratch.adl_refresh = adl::refresh::every_event;
  const auto p = path(20, 3, 60);
  auto a = run_checked(std::move(c), accts, p);
  auto b = run_checked(std::move(scratch), accts, p);
  const charge_winners& st = a.config().waterfall.template stage<1>();
  MESSAGE(st.charged << " charges, " << a.adl_updates() << " holders reported to the queue one by one");
  CHECK(st.charged > 0);
  CHECK(a.adl_updates() > 0);  // the path this case is for ran
  CHECK(b.adl_updates() == 0);  // (ranking every event, nothing is kept to update)
  CHECK(a.summarize().accounts_deleveraged > 0);
  bool same = true;
  for (std::size_t i = 0; i < a.accounts().size(); ++i) {
    const auto& x = a.accounts()[i];
    const auto& y = b.accounts()[i];
    if (!(x.size == y.size) || !(x.wallet == y.wallet) || x.deleveraged != y.deleveraged) same = false;
  }
  CHECK(same);
  CHECK(a.clearing() == b.clearing());
}
