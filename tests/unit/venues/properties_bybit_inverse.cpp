// Generated properties of the Bybit inverse presets (venues/bybit_inverse.hpp),
// unified account, classic isolated and classic cross, 100,000 positions each:
// see tests/support/venue_properties.hpp.
#include <solvency/venues/bybit_inverse.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace bi = solvency::venues::bybit_inverse;

namespace {

/// A test risk-limit table in BTC (venues.md prints none for inverse):
/// 100 / 200 / 300 / 400 BTC at 0.5 / 1 / 1.5 / 2%, deductions from the recurrence.
template <class N>
tiered_with_deduction<N> test_model() {
  using solvency::detail::venue::num;
  static const std::array<bybit_risk_limit<N>, 4> limits{{{num<N>(100), num<N>(5, 3), num<N>(1, 2), num<N>(100), {}, false},
                                                          {num<N>(200), num<N>(1, 2), num<N>(15, 3), num<N>(66), {}, false},
                                                          {num<N>(300), num<N>(15, 3), num<N>(2, 2), num<N>(50), {}, false},
                                                          {num<N>(400), num<N>(2, 2), num<N>(25, 3), num<N>(40), {}, false}}};
  static std::array<tier_row<N>, 4> rows{};
  return bi::risk_limit_model<N>(limits, rows).value();
}
/// Half the positions worth 50 to 500 BTC, around the table's caps.
position<dec> btcusd(rng& g, side s) {
  const dec coin = g.below(2) ? uniform(g, 50.0_dec, 500.0_dec) : four_digits(g, -1, 2);
  return inverse_at(g, s, coin, 3, 4, 1.0_dec);
}

}  // namespace

TEST_CASE("Bybit inverse, unified account, tick 0.5") {
  run("bybit inverse uta", bi::make_unified(test_model<dec>(), rate{0.00055_dec}, price_delta{0.5_dec}),
      bi::make_unified(test_model<double>(), rate{0.00055}, price_delta{0.5}), btcusd, 221, cases, true);
}

TEST_CASE("Bybit inverse, classic isolated: MM on the entry value, tick 0.5") {
  run("bybit inverse classic isolated", bi::make_classic_isolated(test_model<dec>(), price_delta{0.5_dec}),
      bi::make_classic_isolated(test_model<double>(), price_delta{0.5}), btcusd, 222, cases, false);
}

TEST_CASE("Bybit inverse, classic cross: the 0.075% fee on the bankruptcy value held, tick 0.5") {
  run("bybit inverse classic cross",
      bi::make_classic_cross(test_model<dec>(), bi::classic_taker_fee<dec>(), price_delta{0.5_dec}),
      bi::make_classic_cross(test_model<double>(), bi::classic_taker_fee<double>(), price_delta{0.5}), btcusd, 223, cases,
      false);
}
