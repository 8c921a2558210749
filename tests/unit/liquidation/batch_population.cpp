// The batch paths on the benchmark's population (bench/liquidation.cpp): a
// Binance-like ten-bracket table with deduction, BTCUSDT-like positions
// across the first five brackets, both sides, decimal and double.
//
//   liquidation_prices (the tiers read once, the lean passes) answers as
//   liquidation_price, one call per position, over 100,000 positions per
//   number type, with margins steered so that answers cross into other
//   brackets and land on the brackets' caps;
//   cross_liquidation_prices with one model read once answers as the
//   general path (a model per position over its own copy of the rows) over
//   accounts of 100 positions like the benchmark's, marks at, above and
//   below the entries.
#include <solvency/liquidation/cross.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/margin/tier_table.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

using namespace solvency;
using solvency_test::num;
using solvency_test::rng;

namespace {

constexpr std::array<double, 10> caps{50e3, 250e3, 1e6, 10e6, 20e6, 50e6, 100e6, 200e6, 300e6, 500e6};
constexpr std::array<double, 10> mmrs{0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5};
constexpr std::array<int, 10> levs{125, 100, 50, 20, 10, 5, 4, 3, 2, 1};

template <class N>
std::array<tier_row<N>, 10> table() {
  std::array<tier_row<N>, 10> rows{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const N lev = from_int<N>(levs[i]);
    rows[i] = {num<N>(caps[i]), rate<N>{num<N>(mmrs[i])}, rate<N>{div<round::up>(from_int<N>(1), lev)}, rate<N>{lev}, {}, false};
  }
  REQUIRE(fill_deductions(std::span<tier_row<N>>(rows)).has_value());
  return rows;
}

/// The cumulative deduction of bracket j (Binance's "cum"), in double.
double cum(std::size_t j) {
  double c = 0;
  for (std::size_t i = 1; i <= j; ++i) c += caps[i - 1] * (mmrs[i] - mmrs[i - 1]);
  return c;
}

struct raw_position {
  bool is_long;
  double size, entry, margin;
};

/// The benchmark's positions (entries 20,000-100,000 in cents, notionals
/// log-uniform 1k-20M, 0.001 lots, leverage within the bracket), and one in
/// four with its margin chosen so the answer's notional lands near a cap
/// (within a cent, or 1e-9 relative): in the next bracket up or down, or on
/// the cap itself.
std::vector<raw_position> population(rng& g, int n, int& steered) {
  std::vector<raw_position> out;
  for (int i = 0; i < n; ++i) {
    const double entry = 20000.0 + static_cast<double>(g.below(8000000)) / 100.0;
    const double notional = std::pow(10.0, 3.0 + 4.3 * static_cast<double>(g.below(1000000)) / 1e6);
    const double size = std::max(1.0, std::floor(notional / entry * 1000.0)) / 1000.0;
    std::size_t k = 0;
    while (k + 1 < caps.size() && size * entry > caps[k]) ++k;
    const double max_lev = std::min(100.0, static_cast<double>(levs[k]));
    const double lev = 1.0 + std::floor((max_lev - 1.0) * static_cast<double>(g.below(1000)) / 1000.0);
    double margin = std::floor(size * entry / lev * 100.0) / 100.0;
    const bool is_long = g.below(2) != 0;
    if (g.below(4) == 0 && k + 1 < caps.size()) {
      // the root's notional x at a cap of a neighbouring bracket j:
      // x = (M + sigma V_E + cum_j) / (sigma + MMR_j), sigma = -1 long, +1 short
      const std::size_t j = is_long ? (k > 0 ? k - 1 : 0) : k;
      const std::array<double, 5> rel{0.0, 1e-9, -1e-9, 1e-6, -1e-6};
      const double x = caps[j] * (1.0 + rel[g.below(rel.size())]) + (static_cast<double>(g.below(3)) - 1.0) * 0.01;
      const double sigma = is_long ? -1.0 : 1.0;
      const double m = x * (sigma + mmrs[j]) - sigma * size * entry - cum(j);
      if (m > 0) {
        margin = std::round(m * 100.0) / 100.0;
        ++steered;
      }
    }
    out.push_back({is_long, size, entry, margin});
  }
  return out;
}

template <class N>
std::vector<margined_position<N>> convert(const std::vector<raw_position>& raw) {
  std::vector<margined_position<N>> out;
  for (const raw_position& r : raw)
    out.push_back({{r.is_long ? side::long_ : side::short_, quantity<N>{num<N>(r.size)}, price<N>{num<N>(r.entry)},
                    linear_contract(from_int<N>(1))},
                   money<N>{num<N>(r.margin)},
                   {}});
  return out;
}

/// The bracket holding notional x (a cap belongs to its own bracket).
std::size_t bracket_of(double x) {
  std::size_t k = 0;
  while (k + 1 < caps.size() && x > caps[k]) ++k;
  return k;
}

template <class N>
void isolated_population(std::uint64_t seed, int n) {
  rng g{seed};
  int steered = 0;
  const auto raw = population(g, n, steered);
  const auto in = convert<N>(raw);
  const auto rows = table<N>();
  const tiered_with_deduction<N> model{tier_table_view<N>::make(rows).value(), tier_basis::notional};
  const liquidation_convention<N> conv{};
  std::vector<result<solved_price<N>>> out(in.size(), solved_price<N>{});
  int crossed = 0, prices = 0;
  for (const double tick : {0.1, 0.0}) {
    const price_delta<N> t{num<N>(tick)};
    REQUIRE(liquidation_prices(std::span<const margined_position<N>>(in), model, conv, t, out).has_value());
    for (std::size_t i = 0; i < in.size(); ++i) {
      const result<solved_price<N>> one = liquidation_price(in[i], model, conv, t);
      REQUIRE_MESSAGE(out[i] == one, "position ", i);
      if (one && one->has_price()) {
        ++prices;
        const double x = raw[i].size * to_double(one->value.value());
        crossed += bracket_of(x) != bracket_of(raw[i].size * raw[i].entry) ? 1 : 0;
      }
    }
  }
  // the population reaches the walk: answers in another bracket than the entry's
  CHECK(steered > n / 8);
  CHECK(crossed > n / 10);
  CHECK(prices > n);
}

template <class N>
void cross_population(std::uint64_t seed, int accounts) {
  rng g{seed};
  const auto rows = table<N>();
  const tiered_with_deduction<N> model{tier_table_view<N>::make(rows).value(), tier_basis::notional};
  int prices = 0, at_entry_marks = 0;
  for (int a = 0; a < accounts; ++a) {
    int steered = 0;
    const auto raw = population(g, 100, steered);
    std::vector<position<N>> positions;
    std::vector<price<N>> marks;
    double total = 0;
    for (const raw_position& r : raw) {
      positions.push_back({r.is_long ? side::long_ : side::short_, quantity<N>{num<N>(r.size)}, price<N>{num<N>(r.entry)},
                           linear_contract(from_int<N>(1))});
      // marks 1% above (the benchmark's), at the entry, or a few % either way
      const std::uint64_t pick = g.below(4);
      const double mark = pick == 0 ? r.entry : std::floor(r.entry * (pick == 1 ? 1.01 : 0.97 + 0.0001 * static_cast<double>(g.below(600))) * 100.0) / 100.0;
      at_entry_marks += pick == 0 ? 1 : 0;
      marks.push_back(price<N>{num<N>(mark)});
      total += r.margin;
    }
    // the benchmark's wallet (every margin), or a tenth of it: answers near the entries
    const double scale = g.below(2) == 0 ? 1.0 : 0.1;
    const money<N> wallet{num<N>(std::floor(total * scale * 100.0) / 100.0)};
    const account_view<N> acct{1, wallet, positions};
    std::vector<std::array<tier_row<N>, 10>> copies(positions.size(), rows);
    std::vector<tiered_with_deduction<N>> own;
    for (const auto& c : copies) own.push_back({tier_table_view<N>::make(c).value(), tier_basis::notional});
    const price_delta<N> tick{num<N>(0.1)};
    std::vector<result<solved_price<N>>> one(positions.size(), solved_price<N>{}), general(positions.size(), solved_price<N>{});
    const auto r1 = cross_liquidation_prices(acct, marks, model, liquidation_convention<N>{}, tick, one);
    const auto r2 = cross_liquidation_prices(acct, marks, per_position(std::span<const tiered_with_deduction<N>>(own)),
                                             liquidation_convention<N>{}, tick, general);
    REQUIRE(r1.has_value() == r2.has_value());
    REQUIRE(r1.error() == r2.error());
    if (!r1) continue;
    for (std::size_t i = 0; i < positions.size(); ++i) {
      REQUIRE_MESSAGE(one[i] == general[i], "account ", a, " position ", i);
      prices += one[i] && one[i]->has_price() ? 1 : 0;
    }
  }
  CHECK(at_entry_marks > accounts * 10);
  CHECK(prices > accounts * 30);
}

}  // namespace

TEST_CASE("batch on the benchmark's population: 100,000 positions per number type answer as one call each (generated)") {
  isolated_population<dec>(0xb00, 100'000);
  isolated_population<double>(0xb01, 100'000);
}

TEST_CASE("cross on the benchmark's accounts: one model read once answers as the general path (generated)") {
  cross_population<dec>(0xc00, 60);
  cross_population<double>(0xc01, 60);
}
