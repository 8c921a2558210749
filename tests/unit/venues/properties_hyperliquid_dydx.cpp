// Generated properties of the Hyperliquid and dYdX presets
// (venues/hyperliquid.hpp, venues/dydx.hpp), 100,000 positions each: see
// tests/support/venue_properties.hpp.
#include <solvency/venues/dydx.hpp>
#include <solvency/venues/hyperliquid.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace hl = solvency::venues::hyperliquid;
namespace dy = solvency::venues::dydx;

TEST_CASE("Hyperliquid: the BTC margin table (150M boundary), tick 0.1") {
  run("hyperliquid linear", hl::btc<dec>(price_delta{0.1_dec}), hl::btc<double>(price_delta{0.1}),
      [](rng& g, side s) {
        // a third of the positions near the 150M boundary, where answers change tier
        const dec notional = g.below(3) == 0 ? uniform(g, 100000000.0_dec, 200000000.0_dec) : four_digits(g, 3, 8);
        return linear_at(g, s, notional, 3, 4, 1.0_dec, 0.00001_dec);
      },
      251, cases, true);
}

TEST_CASE("dYdX v4: the Large-Cap liquidity tier, tick 0.1") {
  run("dydx linear", dy::make_rulebook(dy::large_cap<dec>(), price_delta{0.1_dec}),
      dy::make_rulebook(dy::large_cap<double>(), price_delta{0.1}),
      [](rng& g, side s) { return linear_at(g, s, four_digits(g, 2, 7), 2, 4, 1.0_dec, 0.0001_dec); }, 252, cases, false);
}
