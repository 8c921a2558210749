// Generated properties of the Binance presets (venues/binance_usdm.hpp,
// venues/binance_coinm.hpp), 100,000 positions each: see
// tests/support/venue_properties.hpp.
#include <solvency/venues/binance_coinm.hpp>
#include <solvency/venues/binance_usdm.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace bn = solvency::venues::binance_usdm;
namespace bc = solvency::venues::binance_coinm;

namespace {

/// A COIN-M table in BTC for the test (venues.md prints only parts of
/// Binance's): 10 / 20 / 30 / 50 / 100 / 200 / 400 BTC at 0.4 ... 12.5%.
template <class N>
std::array<tier_row<N>, 7> coin_rows() {
  using solvency::detail::venue::num;
  const std::array<std::int64_t, 7> cap{10, 20, 30, 50, 100, 200, 400};
  const std::array<std::int64_t, 7> mmr_per_mille{4, 5, 10, 25, 50, 100, 125};
  const std::array<std::int64_t, 7> lev{125, 100, 50, 20, 10, 5, 4};
  std::array<tier_row<N>, 7> rows{};
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i] = {num<N>(cap[i]), rate<N>{num<N>(mmr_per_mille[i], 3)}, rate<N>{div<round::up>(from_int<N>(1), num<N>(lev[i]))},
               rate<N>{num<N>(lev[i])}, {}, false};
  REQUIRE(fill_deductions(std::span<tier_row<N>>(rows)).has_value());
  return rows;
}

}  // namespace

TEST_CASE("Binance USD-M, linear: BTCUSDT 2021 brackets, tick 0.1") {
  const auto rb = bn::btcusdt<dec>(price_delta{0.1_dec});
  const auto rbd = bn::btcusdt<double>(price_delta{0.1});
  run("binance usd-m linear", rb, rbd,
      [](rng& g, side s) { return linear_at(g, s, four_digits(g, 3, 8), 3, 4, 1.0_dec, 0.001_dec); }, 201, cases, true);
}

TEST_CASE("Binance COIN-M, inverse: a coin bracket table, BTCUSD contracts, tick 0.1") {
  static const auto rows = coin_rows<dec>();
  static const auto rows_d = coin_rows<double>();
  const auto rb = bc::make_rulebook(tiered_with_deduction<dec>{tier_table_view<dec>::make(rows).value()}, price_delta{0.1_dec});
  const auto rbd = bc::make_rulebook(tiered_with_deduction<double>{tier_table_view<double>::make(rows_d).value()},
                                     price_delta{0.1});
  run("binance coin-m inverse", rb, rbd,
      [](rng& g, side s) { return inverse_at(g, s, four_digits(g, -1, 2), 3, 4, 100.0_dec); }, 202, cases, true);
}
