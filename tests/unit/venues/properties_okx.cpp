// Generated properties of the OKX preset (venues/okx.hpp), linear and inverse,
// 100,000 positions each over the 1INCHUSDT position tiers (by contracts):
// see tests/support/venue_properties.hpp.
#include <solvency/venues/okx.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace okx = solvency::venues::okx;

namespace {
dec contracts(rng& g) { return at_least_one(four_digits(g, 0, 5), 1.0_dec); }
}  // namespace

TEST_CASE("OKX linear: USDT swaps, taker 0.05%, tick 0.0001") {
  run("okx linear", okx::one_inch_usdt<dec>(rate{0.0005_dec}, price_delta{0.0001_dec}),
      okx::one_inch_usdt<double>(rate{0.0005}, price_delta{0.0001}),
      [](rng& g, side s) {
        const dec ct = g.below(2) ? 1.0_dec : 10.0_dec;
        return position<dec>{s, quantity{contracts(g)}, price{four_digits(g, -1, 0)}, okx::linear_swap(ct)};
      },
      231, cases, false);
}

TEST_CASE("OKX inverse: coin-margined swaps, taker 0.05%, tick 0.1") {
  run("okx inverse", okx::one_inch_usdt<dec>(rate{0.0005_dec}, price_delta{0.1_dec}),
      okx::one_inch_usdt<double>(rate{0.0005}, price_delta{0.1}),
      [](rng& g, side s) {
        const dec ct = g.below(2) ? 10.0_dec : 100.0_dec;
        return position<dec>{s, quantity{contracts(g)}, price{four_digits(g, 3, 4)}, okx::inverse_swap(ct)};
      },
      232, cases, false);
}
