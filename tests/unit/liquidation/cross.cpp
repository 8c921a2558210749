// Tests for solvency/liquidation/cross.hpp: Binance's cross example (BN-L1,
// BN-L2), dYdX's (DY-2) and BitMEX's (BMX-4), each once in a static_assert
// and once at run time; the O(n) answers against a direct computation and
// against the margin family's view of the whole account; errors.
#include <solvency/liquidation/cross.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/modes.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <cmath>
#include <type_traits>
#include <span>
#include <utility>
#include <vector>

using namespace solvency;
using namespace solvency::literals;

namespace {

template <class N>
constexpr position<N> linear(side s, N size, N entry, N multiplier = from_int<N>(1)) {
  return {s, quantity<N>{size}, price<N>{entry}, linear_contract(multiplier)};
}
template <class N>
constexpr flat_margin<N> flat(N mmr) {
  return {rate<N>{mmr < from_int<N>(1) ? from_int<N>(1) : mmr}, rate<N>{mmr}};
}
/// An output buffer (result<T> has no default constructor: it starts filled).
template <class N, std::size_t K>
constexpr std::array<result<solved_price<N>>, K> blank() {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<result<solved_price<N>>, K>{((void)I, result<solved_price<N>>(solved_price<N>{}))...};
  }(std::make_index_sequence<K>{});
}
template <class N>
constexpr N px(const result<solved_price<N>>& r) {
  SOLVENCY_PRECONDITION(r->state == price_state::at_price, "px: not a price");
  return r->value.value();
}

constexpr liquidation_convention<dec> binance{};
constexpr price_delta<dec> cent{0.01_dec};

/// Binance's 2019 "Liquidation" article: one cross account, wallet 10.72 USDT,
/// BTCUSDT short 0.005 @ 9,451.53 (mark 9,462.81, MMR 0.4%) and ETHUSDT long 1
/// @ 199.53 (mark 200, MMR 0.65%).
/// (The numbers live outside the template: clang 14 does not emit a consteval
/// literal used inside one.)
constexpr std::array bn_positions{linear(side::short_, 0.005_dec, 9451.53_dec), linear(side::long_, 1.0_dec, 199.53_dec)};
constexpr std::array bn_marks{price{9462.81_dec}, price{200.0_dec}};
constexpr std::array bn_models{flat(0.004_dec), flat(0.0065_dec)};
constexpr money<dec> bn_wallet{10.72_dec};
template <class Rounding>
constexpr std::array<result<solved_price<dec>>, 2> binance_2019() {
  const account_view<dec> acct{1, bn_wallet, bn_positions};
  auto out = blank<dec, 2>();
  const auto r = cross_liquidation_prices<Rounding>(acct, bn_marks, per_position(std::span(bn_models)), binance, cent, out);
  SOLVENCY_PRECONDITION(r.has_value(), "binance_2019");
  return out;
}

}  // namespace

TEST_CASE("Binance cross, one-way (BN-L1, BN-L2): LP = (WB - TMM1 + UPNL1 + cum - side Pos EP) / (Pos MMR - side Pos)") {
  // BN-L1: BTCUSDT: WB - TMM1 + UPNL1 = 10.72 - 1.3 + 0.47 -> 11,383.99
  SOLVENCY_CHECK_CONSTEXPR(px(binance_2019<uniform_rounding<round::nearest_away>>()[0]) == 11383.99_dec);
  // BN-L2: ETHUSDT with TMM1 = 0.1892562 and UPNL1 = -0.0564 unrounded -> 190.29
  SOLVENCY_CHECK_CONSTEXPR(px(binance_2019<uniform_rounding<round::nearest_away>>()[1]) == 190.29_dec);
  // the library's default: the short down (the same), the long up a cent
  SOLVENCY_CHECK_CONSTEXPR(px(binance_2019<conservative_rounding>()[0]) == 11383.99_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(binance_2019<conservative_rounding>()[1]) == 190.30_dec);
}

TEST_CASE("dYdX v4 cross (DY-2): p' = (e - s p - MMR_o) / (|s| MMF - s)") {
  // e = 1,000, ETH short 1.5 @ 3,000 (MMF 5%), STRK long 1,000 @ 1.75 (MMF 10%): MMR_o = 175
  constexpr auto eth = [] {
    const std::array positions{linear(side::short_, 1.5_dec, 3000.0_dec), linear(side::long_, 1000.0_dec, 1.75_dec)};
    const std::array marks{price{3000.0_dec}, price{1.75_dec}};
    const std::array models{flat(0.05_dec), flat(0.1_dec)};
    auto out = blank<dec, 2>();
    SOLVENCY_PRECONDITION(cross_liquidation_prices(account_view<dec>{7, money{1000.0_dec}, positions}, marks,
                                                   per_position(std::span(models)), binance, cent, out)
                              .has_value(),
                          "dy-2");
    return out[0];
  };
  SOLVENCY_CHECK_CONSTEXPR(px(eth()) == 3380.95_dec);  // 5,325 / 1.575 = 3,380.952...
}

TEST_CASE("BitMEX cross (BMX-4): MM on the entry value, liquidation 510, bankruptcy 500") {
  // wallet 10,000 USDT, long 20 ETHUSDT @ 1,000 at 50x cross: IM 2% = 400, MM 1% = 200
  constexpr auto both = [] {
    const std::array positions{linear(side::long_, 20.0_dec, 1000.0_dec)};
    const std::array marks{price{1000.0_dec}};
    const account_view<dec> acct{3, money{10000.0_dec}, positions};
    constexpr liquidation_convention<dec> bitmex{{measure_at::entry, close_fee::excluded, {}}, {}, false};
    auto lp = blank<dec, 1>();
    auto bp = blank<dec, 1>();
    SOLVENCY_PRECONDITION(cross_liquidation_prices(acct, marks, flat_margin<dec>{rate{0.02_dec}, rate{0.01_dec}}, bitmex,
                                                   cent, lp)
                              .has_value(),
                          "bmx-4");
    SOLVENCY_PRECONDITION(cross_bankruptcy_prices(acct, marks, bitmex, cent, bp).has_value(), "bmx-4");
    return std::array{lp[0], bp[0]};
  };
  SOLVENCY_CHECK_CONSTEXPR(px(both()[0]) == 510.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(both()[1]) == 500.0_dec);
}

namespace {

/// A generated cross account of linear positions over a Binance-like table
/// per position (a view each).
struct account {
  std::vector<position<dec>> positions;
  std::vector<price<dec>> marks;
  std::vector<tiered_with_deduction<dec>> models;
  std::vector<price_delta<dec>> ticks;
  money<dec> wallet;
};

const std::array<tier_row<dec>, 5>& rows() {
  static const std::array<tier_row<dec>, 5> r = [] {
    std::array<tier_row<dec>, 5> x{tier_row<dec>{50000.0_dec, rate{0.004_dec}, rate{0.008_dec}, rate{125.0_dec}, {}, false},
                                   tier_row<dec>{250000.0_dec, rate{0.005_dec}, rate{0.01_dec}, rate{100.0_dec}, {}, false},
                                   tier_row<dec>{1000000.0_dec, rate{0.01_dec}, rate{0.02_dec}, rate{50.0_dec}, {}, false},
                                   tier_row<dec>{10000000.0_dec, rate{0.025_dec}, rate{0.05_dec}, rate{20.0_dec}, {}, false},
                                   tier_row<dec>{20000000.0_dec, rate{0.05_dec}, rate{0.1_dec}, rate{10.0_dec}, {}, false}};
    REQUIRE(fill_deductions(std::span(x)).has_value());
    return x;
  }();
  return r;
}

account make_account(solvency_test::rng& g) {
  account a;
  const auto n = static_cast<std::size_t>(g.below(12) + 1);
  const tiered_with_deduction<dec> model{tier_table_view<dec>::make(rows()).value()};
  dec value_total{};
  for (std::size_t i = 0; i < n; ++i) {
    const dec entry = dec::from_int(static_cast<std::int64_t>(g.below(99000) + 1000));
    const dec size = mul<round::down>(dec::from_int(static_cast<std::int64_t>(g.below(20000) + 1)), 0.001_dec);
    a.positions.push_back(linear(g.below(2) ? side::long_ : side::short_, size, entry));
    // marks within 10% of the entry
    a.marks.push_back(price{entry + mul<round::down>(entry, dec::from_raw(static_cast<std::int64_t>(g.below(20'000'000)) - 10'000'000))});
    a.models.push_back(model);
    a.ticks.push_back(price_delta{g.below(2) ? 0.01_dec : 0.5_dec});
    value_total += mul<round::down>(size, entry);
  }
  a.wallet = money{mul<round::down>(value_total, dec::from_raw(static_cast<std::int64_t>(g.below(50'000'000) + 1'000'000)))};
  return a;
}

}  // namespace

TEST_CASE("cross (generated): totals minus own equal the direct sums; the account meets its requirement at each answer") {
  solvency_test::rng g{41};
  int prices = 0;
  for (int round_ = 0; round_ < 3000; ++round_) {
    const account a = make_account(g);
    const std::size_t n = a.positions.size();
    const account_view<dec> acct{9, a.wallet, a.positions};
    const auto models = per_position(std::span<const tiered_with_deduction<dec>>(a.models));
    const liquidation_convention<dec> conv{{g.below(4) ? measure_at::mark : measure_at::entry,
                                            g.below(2) ? close_fee::excluded : close_fee::on_value_at_price,
                                            rate{0.0005_dec}},
                                           {},
                                           false};
    std::vector<result<solved_price<dec>>> lp(n, solved_price<dec>{}), bp(n, solved_price<dec>{});
    REQUIRE(cross_liquidation_prices(acct, a.marks, models, conv, a.ticks, lp).has_value());
    REQUIRE(cross_bankruptcy_prices(acct, a.marks, conv, a.ticks, bp).has_value());
    for (std::size_t i = 0; i < n; ++i) {
      // the direct computation: sum over the others, then the isolated solver
      money<dec> others{}, others_pnl{};
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const money<dec> u = pnl<round::down>(a.positions[j], a.marks[j]);
        others += u - position_maintenance_margin(a.models[j], a.positions[j], a.marks[j], conv.margin).value();
        others_pnl += u;
      }
      const margined_position<dec> mp{a.positions[i], a.wallet + others, {}};
      REQUIRE(lp[i] == liquidation_price(mp, a.models[i], conv, a.ticks[i]));
      REQUIRE(bp[i] == bankruptcy_price(margined_position<dec>{a.positions[i], a.wallet + others_pnl, {}}, conv, a.ticks[i]));
      // the margin family's whole-account view, position i moved to its answer
      if (lp[i]->state != price_state::at_price) continue;
      ++prices;
      const bool is_long = a.positions[i].side == side::long_;
      auto status_at = [&](dec p) {
        std::vector<price<dec>> marks = a.marks;
        marks[i] = price{p};
        return cross_margin(acct, marks, models, conv.margin).value();
      };
      const dec p = lp[i]->value.value(), tick = a.ticks[i].value();
      const auto at = status_at(p);
      CHECK(!at.liquidatable());  // safe at the answer ...
      const dec beyond = is_long ? p - tick : p + tick;
      if (beyond > dec{}) CHECK(status_at(beyond).liquidatable());  // ... not one tick beyond
    }
  }
  CHECK(prices > 10000);
}

TEST_CASE("cross: one model read once answers as a model per position") {
  solvency_test::rng g{42};
  const tiered_with_deduction<dec> model{tier_table_view<dec>::make(rows()).value()};
  int prices = 0;
  for (int round_ = 0; round_ < 400; ++round_) {
    account a = make_account(g);
    while (a.positions.size() < 8) {  // the shared model is read once from 8 positions on
      const account more = make_account(g);
      a.positions.insert(a.positions.end(), more.positions.begin(), more.positions.end());
      a.marks.insert(a.marks.end(), more.marks.begin(), more.marks.end());
      a.models.insert(a.models.end(), more.models.begin(), more.models.end());
      a.ticks.insert(a.ticks.end(), more.ticks.begin(), more.ticks.end());
    }
    const std::size_t n = a.positions.size();
    const account_view<dec> acct{9, a.wallet, a.positions};
    for (const measure_at at : {measure_at::mark, measure_at::entry}) {
      for (const close_fee fee : {close_fee::excluded, close_fee::on_value_at_price}) {
        const liquidation_convention<dec> conv{{at, fee, rate{0.0005_dec}}, {}, false};
        std::vector<result<solved_price<dec>>> one(n, solved_price<dec>{}), each(n, solved_price<dec>{});
        REQUIRE(cross_liquidation_prices(acct, a.marks, model, conv, a.ticks, one).has_value());
        REQUIRE(cross_liquidation_prices(acct, a.marks, per_position(std::span<const tiered_with_deduction<dec>>(a.models)), conv,
                                         a.ticks, each)
                    .has_value());
        for (std::size_t i = 0; i < n; ++i) {
          REQUIRE(one[i] == each[i]);
          prices += one[i] && one[i]->has_price();
        }
      }
    }
  }
  CHECK(prices > 10000);
}

namespace {
using solvency_test::num;
/// An account of every contract kind over a Binance-like table, one tick
/// for all: the cached path with its tick prepared (one model, and a model
/// per position that is the same table each time), against a model per
/// position over its own copy of the rows (asked for every tier: the
/// general path).
template <class N, class Rounding>
void one_tick_accounts(solvency_test::rng& g, int rounds, int& prices) {
  std::array<tier_row<N>, 5> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& r = rows()[i];
    table[i] = {num<N>(r.cap.to_double()), rate<N>{num<N>(r.maintenance.value().to_double())},
                rate<N>{num<N>(r.initial.value().to_double())}, rate<N>{num<N>(r.max_leverage.value().to_double())}, {}, false};
  }
  REQUIRE(fill_deductions(std::span<tier_row<N>>(table)).has_value());
  const tiered_with_deduction<N> model{tier_table_view<N>::make(table).value()};
  for (int round_ = 0; round_ < rounds; ++round_) {
    const std::size_t n = 8 + g.below(24);
    std::vector<position<N>> positions;
    std::vector<price<N>> marks;
    std::vector<tiered_with_deduction<N>> models(n, model);
    std::vector<std::array<tier_row<N>, 5>> copies(n, table);
    std::vector<tiered_with_deduction<N>> own;
    for (const auto& rows_i : copies) own.push_back({tier_table_view<N>::make(rows_i).value()});
    double value_total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto kind = static_cast<contract_kind>(g.below(3));
      const double entry = static_cast<double>(g.below(99000) + 1000);
      const double size = kind == contract_kind::inverse ? static_cast<double>(g.below(200000) + 1)
                                                         : static_cast<double>(g.below(20000) + 1) / 1000.0;
      const double mult = kind == contract_kind::quanto ? 0.001 : 1.0;
      positions.push_back({g.below(2) ? side::long_ : side::short_, quantity<N>{num<N>(size)}, price<N>{num<N>(entry)},
                           contract<N>{kind, num<N>(mult)}});
      marks.push_back(price<N>{num<N>(entry * (1.0 + (static_cast<double>(g.below(2000)) - 1000.0) / 10000.0))});
      value_total += kind == contract_kind::inverse ? size / entry : size * mult * entry;
    }
    const money<N> wallet{num<N>(std::round(value_total * static_cast<double>(g.below(300) + 1) / 100.0 * 100.0) / 100.0)};
    const account_view<N> acct{9, wallet, positions};
    const price_delta<N> tick{num<N>(g.below(3) == 0 ? 0.0 : (g.below(2) ? 0.01 : 0.5))};
    for (const measure_at at : {measure_at::mark, measure_at::entry}) {
      for (const close_fee fee : {close_fee::excluded, close_fee::on_value_at_price}) {
        const liquidation_convention<N> conv{{at, fee, rate<N>{num<N>(0.0005)}}, {}, false};
        std::vector<result<solved_price<N>>> one(n, solved_price<N>{}), each(n, solved_price<N>{}), general(n, solved_price<N>{});
        const auto r1 = cross_liquidation_prices<Rounding>(acct, marks, model, conv, tick, one);
        const auto r2 = cross_liquidation_prices<Rounding>(acct, marks, per_position(std::span<const tiered_with_deduction<N>>(models)),
                                                           conv, tick, each);
        const auto r3 = cross_liquidation_prices<Rounding>(acct, marks, per_position(std::span<const tiered_with_deduction<N>>(own)),
                                                           conv, tick, general);
        REQUIRE(r1.has_value() == r3.has_value());
        REQUIRE(r1.error() == r3.error());
        REQUIRE(r2.has_value() == r3.has_value());
        REQUIRE(r2.error() == r3.error());
        if (!r1) continue;
        for (std::size_t i = 0; i < n; ++i) {
          REQUIRE(one[i] == general[i]);
          REQUIRE(each[i] == general[i]);
          prices += one[i] && one[i]->has_price();
        }
      }
    }
  }
}
}  // namespace

TEST_CASE("cross: a model per position over one table reads it once, and answers as the general path") {
  // make_account's models share one view: the shared table is read once;
  // the reference asks a copy of the rows per position
  solvency_test::rng g{44};
  int prices = 0;
  for (int round_ = 0; round_ < 300; ++round_) {
    account a = make_account(g);
    while (a.positions.size() < 8) {
      const account more = make_account(g);
      a.positions.insert(a.positions.end(), more.positions.begin(), more.positions.end());
      a.marks.insert(a.marks.end(), more.marks.begin(), more.marks.end());
      a.models.insert(a.models.end(), more.models.begin(), more.models.end());
      a.ticks.insert(a.ticks.end(), more.ticks.begin(), more.ticks.end());
    }
    const std::size_t n = a.positions.size();
    std::vector<std::array<tier_row<dec>, 5>> copies(n, rows());
    std::vector<tiered_with_deduction<dec>> own;
    for (const auto& r : copies) own.push_back({tier_table_view<dec>::make(r).value()});
    const account_view<dec> acct{9, a.wallet, a.positions};
    for (const measure_at at : {measure_at::mark, measure_at::entry}) {
      for (const close_fee fee : {close_fee::excluded, close_fee::on_value_at_price}) {
        const liquidation_convention<dec> conv{{at, fee, rate{0.0005_dec}}, {}, false};
        std::vector<result<solved_price<dec>>> shared(n, solved_price<dec>{}), general(n, solved_price<dec>{});
        REQUIRE(cross_liquidation_prices(acct, a.marks, per_position(std::span<const tiered_with_deduction<dec>>(a.models)), conv,
                                         a.ticks, shared)
                    .has_value());
        REQUIRE(cross_liquidation_prices(acct, a.marks, per_position(std::span<const tiered_with_deduction<dec>>(own)), conv, a.ticks,
                                         general)
                    .has_value());
        for (std::size_t i = 0; i < n; ++i) {
          REQUIRE(shared[i] == general[i]);
          prices += shared[i] && shared[i]->has_price();
        }
      }
    }
  }
  CHECK(prices > 5000);
}

TEST_CASE("cross: one model read once answers as a model per position; one tick for all, every contract kind") {
  solvency_test::rng g{43};
  int prices = 0;
  one_tick_accounts<dec, conservative_rounding>(g, 150, prices);
  one_tick_accounts<dec, uniform_rounding<round::nearest_away>>(g, 50, prices);
  one_tick_accounts<double, conservative_rounding>(g, 150, prices);
  CHECK(prices > 10000);
}

TEST_CASE("cross: one model and one tick for all; a double account") {
  const std::array positions{linear(side::long_, 1.0, 100.0), linear(side::short_, 2.0, 50.0)};
  const std::array marks{price{101.0}, price{49.0}};
  std::array<result<solved_price<double>>, 2> out{solved_price<double>{}, solved_price<double>{}};
  REQUIRE(cross_liquidation_prices(account_view<double>{1, money{20.0}, positions}, marks, flat(0.01),
                                   liquidation_convention<double>{}, price_delta{0.0}, out)
              .has_value());
  // position 0 backed by 20 + (2 x 1) - 49 x 2 x 1% = 21.02: (100 - 21.02) / 0.99
  CHECK(px(out[0]) == doctest::Approx(78.98 / 0.99).epsilon(1e-12));
  // position 1 backed by 20 + 1 - 1.01 = 19.99: (100 + 19.99) / (2 x 1.01)
  CHECK(px(out[1]) == doctest::Approx(119.99 / 2.02).epsilon(1e-12));
}

TEST_CASE("cross: errors of the call, and of one position") {
  const std::array positions{linear(side::long_, 1.0_dec, 100.0_dec), linear(side::short_, 1.0_dec, 100.0_dec)};
  const std::array marks{price{100.0_dec}, price{100.0_dec}};
  const account_view<dec> acct{1, money{10.0_dec}, positions};
  const auto m = flat(0.01_dec);
  std::array<result<solved_price<dec>>, 2> out{solved_price<dec>{}, solved_price<dec>{}};
  REQUIRE(cross_liquidation_prices(acct, marks, m, binance, cent, out).has_value());
  CHECK(out[0]->has_price());
  // sizes
  CHECK(cross_liquidation_prices(acct, std::span(marks).first(1), m, binance, cent, out) == failure{errc::size_mismatch});
  CHECK(cross_liquidation_prices(acct, marks, m, binance, cent, std::span(out).first(1)) == failure{errc::size_mismatch});
  const std::array one_tick{cent};
  CHECK(cross_liquidation_prices(acct, marks, m, binance, one_tick, out) == failure{errc::size_mismatch});
  CHECK(cross_bankruptcy_prices(acct, marks, binance, one_tick, out) == failure{errc::size_mismatch});
  const std::array bad_ticks{cent, price_delta{-0.01_dec}};
  CHECK(cross_liquidation_prices(acct, marks, m, binance, bad_ticks, out) == failure{errc::invalid_argument});
  // the wallet, a mark, a position: every answer depends on them
  CHECK(cross_liquidation_prices(account_view<dec>{1, money{dec::error_value(errc::overflow)}, positions}, marks, m, binance,
                                 cent, out) == failure{errc::overflow});
  const std::array zero_mark{price{100.0_dec}, price{0.0_dec}};
  CHECK(cross_liquidation_prices(acct, zero_mark, m, binance, cent, out) == failure{errc::non_positive_price});
  CHECK(cross_bankruptcy_prices(acct, zero_mark, binance, cent, out) == failure{errc::non_positive_price});
  const std::array bad_pos{linear(side::long_, 1.0_dec, 100.0_dec), linear(side::short_, 0.0_dec, 100.0_dec)};
  CHECK(cross_liquidation_prices(account_view<dec>{1, money{10.0_dec}, bad_pos}, marks, m, binance, cent, out) ==
        failure{errc::non_positive_quantity});
  CHECK(cross_liquidation_prices(acct, marks, flat_margin<dec>{}, binance, cent, out) == failure{errc::invalid_argument});
  // the fee on the bankruptcy value: no bankruptcy price of its own to charge it on
  constexpr liquidation_convention<dec> bybit{{measure_at::mark, close_fee::on_bankruptcy_value, rate{0.00055_dec}}, {}, false};
  CHECK(cross_liquidation_prices(acct, marks, m, bybit, cent, out) == failure{errc::invalid_argument});
  // ... but the bankruptcy price is defined: equity = fee x value there
  REQUIRE(cross_bankruptcy_prices(acct, marks, bybit, price_delta{0.0_dec}, out).has_value());
  // long backed by 10 + 0: (100 - 10) / (1 - 0.00055)
  CHECK(px(out[0]) == round_to_multiple<round::up>(div<round::up>(90.0_dec, 0.99945_dec), 0.00000001_dec));
  // one position's own failure stays its own: MMR 100% for a long
  const std::array models{flat(1.0_dec), flat(0.01_dec)};
  REQUIRE(cross_liquidation_prices(acct, marks, per_position(std::span(models)), binance, cent, out).has_value());
  CHECK(out[0] == failure{errc::no_solution});
  CHECK(out[1]->has_price());
  // an empty account
  CHECK(cross_liquidation_prices(account_view<dec>{}, std::span<const price<dec>>{}, m, binance, cent,
                                 std::span<result<solved_price<dec>>>{})
            .has_value());
}
