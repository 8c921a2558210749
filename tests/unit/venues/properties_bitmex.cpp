// Generated properties of the BitMEX preset (venues/bitmex.hpp), inverse,
// linear and quanto, 100,000 positions each over stepped risk limits: see
// tests/support/venue_properties.hpp.
#include <solvency/venues/bitmex.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace bm = solvency::venues::bitmex;

TEST_CASE("BitMEX inverse: XBTUSD risk limits, tick 0.5") {
  run("bitmex inverse", bm::xbtusd<dec>(price_delta{0.5_dec}), bm::xbtusd<double>(price_delta{0.5}),
      [](rng& g, side s) { return inverse_at(g, s, four_digits(g, -2, 2), 3, 4, 1.0_dec); }, 241, cases, false);
}

TEST_CASE("BitMEX linear: stepped limits in USDT (test parameters), tick 0.01") {
  // venues.md publishes no USDT risk limits: the ETHUSDT example's 2% / 1%
  // as the base, stepping every 500,000 USDT above 1,000,000 (test values)
  const stepped_risk_limit<dec> m{rate{0.01_dec}, rate{0.02_dec}, money{1000000.0_dec}, money{500000.0_dec}};
  const stepped_risk_limit<double> md{rate{0.01}, rate{0.02}, money{1e6}, money{5e5}};
  run("bitmex linear", bm::make_rulebook(m, price_delta{0.01_dec}), bm::make_rulebook(md, price_delta{0.01}),
      [](rng& g, side s) { return linear_at(g, s, four_digits(g, 2, 6), 2, 3, 1.0_dec, 0.001_dec); }, 242, cases, false);
}

TEST_CASE("BitMEX quanto: ETHUSD-style, 0.000001 XBT per USD, XBTUSD risk limits, tick 0.05") {
  run("bitmex quanto", bm::xbtusd<dec>(price_delta{0.05_dec}), bm::xbtusd<double>(price_delta{0.05}),
      [](rng& g, side s) {
        const dec xbt = four_digits(g, -2, 2), entry = four_digits(g, 2, 3);
        const dec n = at_least_one(div<round::down>(xbt, mul<round::up>(entry, 0.000001_dec)), 1.0_dec);
        return position<dec>{s, quantity{n}, price{entry}, quanto_contract(0.000001_dec)};
      },
      243, cases, false);
}
