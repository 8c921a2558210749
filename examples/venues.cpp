// One position under every venue preset: long 2 BTC at 60,000 opened at 10x
// (linear: 2 BTC of contracts; inverse: 120,000 USD of contracts, 0.2 BTC of
// margin), its maintenance margin at the entry and its liquidation and
// bankruptcy prices, conservative (the library's default: a long's price
// rounded up to the tick) and as the venue prints them.
//
// Tables: where venues.md gives a venue's table the preset's snapshot is
// used; where it does not (Binance COIN-M, Bybit inverse, Kraken), the rows
// below are illustrative, in the venue's own format, not the venue's figures.
#include <solvency/venues/binance_coinm.hpp>
#include <solvency/venues/binance_usdm.hpp>
#include <solvency/venues/bitmex.hpp>
#include <solvency/venues/bybit_inverse.hpp>
#include <solvency/venues/bybit_linear.hpp>
#include <solvency/venues/deribit.hpp>
#include <solvency/venues/dydx.hpp>
#include <solvency/venues/hyperliquid.hpp>
#include <solvency/venues/kraken.hpp>
#include <solvency/venues/okx.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace {
using namespace solvency;
using namespace solvency::literals;
namespace venues = solvency::venues;

std::string show(const result<solved_price<dec>>& r) {
  if (!r) return std::string("error: ").append(r.message());
  if (r->state != price_state::at_price) return std::string(name(r->state));
  return r->value.value().to_string();
}
std::string show(const result<money<dec>>& r) {
  if (!r) return std::string("error: ").append(r.message());
  return r->value().to_string();
}

constexpr rate<dec> ten_x{10.0_dec};  // (outside the template below: Clang 14 and consteval literals)

/// One row: the preset's margin at 10x, MM at the entry, LP and BP both ways.
template <venues::Rulebook R>
void row(const R& rb, const char* kind, const position<dec>& pos, const char* unit) {
  const auto mp = venues::at_leverage(rb, pos, ten_x);
  if (!mp) {
    std::printf("%-34s %-8s %s\n", std::string(rb.venue).c_str(), kind, mp.message().data());
    return;
  }
  std::printf("%-34s %-8s %11s %-4s %11s %13s %13s %13s %13s\n", std::string(rb.venue).c_str(), kind,
              mp->margin.value().to_string().c_str(), unit,
              show(venues::maintenance_margin(rb, *mp, pos.entry)).c_str(),
              show(venues::liquidation_price(rb, *mp)).c_str(),
              show(venues::liquidation_price<venues::as_displayed>(rb, *mp)).c_str(),
              show(venues::bankruptcy_price(rb, *mp)).c_str(),
              show(venues::bankruptcy_price<venues::as_displayed>(rb, *mp)).c_str());
}

position<dec> linear(dec multiplier, dec contracts) {
  return {side::long_, quantity{contracts}, price{60000.0_dec}, linear_contract(multiplier)};
}
position<dec> inverse(dec face, dec contracts) {
  return {side::long_, quantity{contracts}, price{60000.0_dec}, inverse_contract(face)};
}

}  // namespace

int main() {
  // Illustrative tables for venues whose tables venues.md does not print.
  const std::array<binance_bracket<dec>, 3> coinm_api{{{0.0_dec, 5.0_dec, 0.004_dec, 0.0_dec, 125.0_dec},
                                                       {5.0_dec, 10.0_dec, 0.005_dec, 0.005_dec, 100.0_dec},
                                                       {10.0_dec, 20.0_dec, 0.01_dec, 0.055_dec, 50.0_dec}}};
  std::array<tier_row<dec>, 3> coinm_rows{};
  const std::array<bybit_risk_limit<dec>, 2> bybit_inverse_api{{{150.0_dec, 0.005_dec, 0.01_dec, 100.0_dec, 0.0_dec, true},
                                                                {300.0_dec, 0.01_dec, 0.015_dec, 66.0_dec, 0.75_dec, true}}};
  std::array<tier_row<dec>, 2> bybit_inverse_rows{};
  const std::array<venues::kraken::level<dec>, 2> kraken_levels{{{500000.0_dec, 0.02_dec, 0.01_dec},
                                                                 {1000000.0_dec, 0.04_dec, 0.02_dec}}};
  std::array<tier_row<dec>, 2> kraken_rows{};
  const auto coinm = venues::binance_coinm::from_brackets<dec>(coinm_api, coinm_rows, price_delta{0.1_dec});
  const auto bybit_inv = venues::bybit_inverse::risk_limit_model<dec>(bybit_inverse_api, bybit_inverse_rows);
  const auto kraken = venues::kraken::make_levels<dec>(kraken_levels, kraken_rows);
  if (!coinm || !bybit_inv || !kraken) {
    std::fprintf(stderr, "an illustrative table is malformed\n");
    return 1;
  }

  std::printf("Long 2 BTC at 60,000, opened at 10x; prices conservative (default) and as each venue prints them\n\n");
  std::printf("%-34s %-8s %16s %11s %13s %13s %13s %13s\n", "venue", "kind", "margin", "MM at entry", "liq", "liq shown",
              "bankrupt", "bankr shown");

  const position<dec> btc_linear = linear(1.0_dec, 2.0_dec);
  row(venues::binance_usdm::btcusdt<dec>(price_delta{0.1_dec}), "linear", btc_linear, "USDT");
  row(*coinm, "inverse", inverse(100.0_dec, 1200.0_dec), "BTC");
  row(venues::bybit_linear::btcusdt_classic<dec>(price_delta{0.1_dec}), "linear", btc_linear, "USDT");
  row(venues::bybit_linear::btcusdt_unified<dec>(venues::bybit_linear::example_taker_fee<dec>(), price_delta{0.1_dec}),
      "linear", btc_linear, "USDT");
  row(venues::bybit_inverse::make_unified(*bybit_inv, rate{0.00055_dec}, price_delta{0.5_dec}), "inverse",
      inverse(1.0_dec, 120000.0_dec), "BTC");
  row(venues::bybit_inverse::make_classic_isolated(*bybit_inv, price_delta{0.5_dec}), "inverse",
      inverse(1.0_dec, 120000.0_dec), "BTC");
  // OKX: the only tier table in venues.md is 1INCHUSDT's, used here for illustration
  row(venues::okx::one_inch_usdt<dec>(rate{0.0005_dec}, price_delta{0.1_dec}), "linear",
      linear(0.01_dec, 200.0_dec), "USDT");
  row(venues::okx::one_inch_usdt<dec>(rate{0.0005_dec}, price_delta{0.1_dec}), "inverse",
      inverse(100.0_dec, 1200.0_dec), "BTC");
  row(venues::bitmex::xbtusd<dec>(price_delta{0.5_dec}), "inverse", inverse(1.0_dec, 120000.0_dec), "XBT");
  row(venues::bitmex::make_rulebook(flat_margin<dec>{rate{0.02_dec}, rate{0.01_dec}}, price_delta{0.1_dec}), "linear",
      btc_linear, "USDT");
  row(venues::hyperliquid::btc<dec>(price_delta{1.0_dec}), "linear", btc_linear, "USDC");
  row(venues::dydx::make_rulebook(venues::dydx::large_cap<dec>(), price_delta{1.0_dec}), "linear", btc_linear, "USDC");
  row(venues::deribit::btc_inverse<dec>(price_delta{0.5_dec}), "inverse", inverse(10.0_dec, 12000.0_dec), "BTC");
  row(venues::deribit::btc_usdc<dec>(price_delta{0.5_dec}), "linear", btc_linear, "USDC");
  row(venues::kraken::make_rulebook(*kraken, price_delta{0.5_dec}), "inverse", inverse(1.0_dec, 120000.0_dec), "BTC");

  std::printf("\nConservative: a long's liquidation and bankruptcy prices rounded UP to the venue's tick, so\n"
              "liquidation comes no later than the exact price and a close at bankruptcy never needs fund money.\n"
              "Shown: the venue's own display (Binance, Bybit linear, dYdX: the cent, nearest; Bybit inverse: up\n"
              "to 0.5; Kraken: integers; the others do not document it: nearest, to the tick).\n");
  return 0;
}
