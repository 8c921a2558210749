// Generated properties of the Deribit and Kraken presets
// (venues/deribit.hpp, venues/kraken.hpp), 100,000 positions each: see
// tests/support/venue_properties.hpp.
#include <solvency/venues/deribit.hpp>
#include <solvency/venues/kraken.hpp>

#include "venue_properties.hpp"

using namespace venue_properties;
namespace db = solvency::venues::deribit;
namespace kr = solvency::venues::kraken;

namespace {

/// The first five levels of Kraken's published single-collateral schedule
/// (above 12M contracts the schedule is ambiguous; positions stay below).
template <class N>
tiered_whole_position<N> kraken_levels() {
  using solvency::detail::venue::num;
  static const std::array<kr::level<N>, 5> levels{{{num<N>(500'000), num<N>(2, 2), num<N>(1, 2)},
                                                   {num<N>(1'000'000), num<N>(4, 2), num<N>(2, 2)},
                                                   {num<N>(3'000'000), num<N>(6, 2), num<N>(3, 2)},
                                                   {num<N>(6'000'000), num<N>(10, 2), num<N>(5, 2)},
                                                   {num<N>(12'000'000), num<N>(15, 2), num<N>(75, 3)}}};
  static std::array<tier_row<N>, 5> rows{};
  return kr::make_levels<N>(levels, rows).value();
}

}  // namespace

TEST_CASE("Deribit inverse: BTC-PERPETUAL (10 USD), the rate of the value in coin, tick 0.5") {
  run("deribit inverse", db::btc_inverse<dec>(price_delta{0.5_dec}), db::btc_inverse<double>(price_delta{0.5}),
      [](rng& g, side s) { return inverse_at(g, s, four_digits(g, -1, 1), 3, 4, 10.0_dec); }, 261, cases, true);
}

TEST_CASE("Deribit linear: BTC_USDC, the rate of the size, tick 0.5") {
  run("deribit linear", db::btc_usdc<dec>(price_delta{0.5_dec}), db::btc_usdc<double>(price_delta{0.5}),
      [](rng& g, side s) {
        const dec entry = four_digits(g, 3, 4);
        return position<dec>{s, quantity{four_digits(g, -3, 2)}, price{entry}, linear_contract(1.0_dec)};
      },
      262, cases, false);
}

TEST_CASE("Kraken inverse: PI_XBTUSD-style levels by contracts, tick 0.5") {
  run("kraken inverse", kr::make_rulebook(kraken_levels<dec>(), price_delta{0.5_dec}),
      kr::make_rulebook(kraken_levels<double>(), price_delta{0.5}),
      [](rng& g, side s) {
        return position<dec>{s, quantity{at_least_one(four_digits(g, 0, 6), 1.0_dec)}, price{four_digits(g, 3, 4)},
                             kr::usd_contract<dec>()};
      },
      271, cases, false);
}
