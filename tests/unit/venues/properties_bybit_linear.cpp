// Generated properties of the Bybit linear presets (venues/bybit_linear.hpp),
// classic and unified account, 100,000 positions each over the BTCUSDT risk
// limits: see tests/support/venue_properties.hpp.
#include <solvency/venues/bybit_linear.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace by = solvency::venues::bybit_linear;

namespace {
position<dec> btcusdt(rng& g, side s) { return linear_at(g, s, four_digits(g, 3, 6), 3, 4, 1.0_dec, 0.001_dec); }
}  // namespace

TEST_CASE("Bybit linear, classic: MM on the entry value, tick 0.1") {
  run("bybit linear classic", by::btcusdt_classic<dec>(price_delta{0.1_dec}), by::btcusdt_classic<double>(price_delta{0.1}),
      btcusdt, 211, cases, false);
}

TEST_CASE("Bybit linear, unified account: MM at the mark plus the fee to close, tick 0.1") {
  run("bybit linear uta", by::btcusdt_unified<dec>(by::example_taker_fee<dec>(), price_delta{0.1_dec}),
      by::btcusdt_unified<double>(by::example_taker_fee<double>(), price_delta{0.1}), btcusdt, 212, cases, true);
}
