// The main example, on built-in data: a small book of positions across
// linear, inverse and quanto contracts, valued after a 10% fall in the mark,
// exactly (fixed point) and in double beside it.
//
// Usage: positions [shock]     shock as a decimal fraction, default 0.10
#include <solvency/solvency.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace {
using namespace solvency;
using namespace solvency::literals;

struct row {
  const char* account;
  const char* market;
  position<dec> pos;
};

// Sizes, entries and contract specs in the venues' own conventions.
constexpr std::array<row, 6> book{{
    {"alice", "BTCUSDT linear (1 BTC)", {side::long_, quantity{0.75_dec}, price{64000.0_dec}, linear_contract(1.0_dec)}},
    {"bob", "BTCUSDT linear (0.001 lot)", {side::short_, quantity{1200.0_dec}, price{63500.0_dec}, linear_contract(0.001_dec)}},
    {"carol", "BTCUSD inverse (100 USD)", {side::long_, quantity{250.0_dec}, price{62000.0_dec}, inverse_contract(100.0_dec)}},
    {"dave", "XBTUSD inverse (1 USD)", {side::short_, quantity{40000.0_dec}, price{65000.0_dec}, inverse_contract(1.0_dec)}},
    {"erin", "ETHUSD quanto (1e-6 XBT)", {side::long_, quantity{5000.0_dec}, price{3400.0_dec}, quanto_contract(0.000001_dec)}},
    {"frank", "ETHUSDT linear (0.01 ETH)", {side::short_, quantity{300.0_dec}, price{3350.0_dec}, linear_contract(0.01_dec)}},
}};

constexpr std::array<price<dec>, 6> start_marks{price{64200.0_dec}, price{64200.0_dec}, price{64200.0_dec},
                                                 price{64200.0_dec}, price{3390.0_dec}, price{3390.0_dec}};

const char* settle(const position<dec>& p) {
  return p.spec.kind == contract_kind::inverse ? "coin" : (p.spec.kind == contract_kind::quanto ? "XBT" : "USDT");
}
}  // namespace

int main(int argc, char** argv) {
  const result<dec> shock = argc > 1 ? dec::parse<round::nearest_even>(argv[1]) : result<dec>{0.10_dec};
  if (!shock || !(shock.value() >= dec{}) || !(shock.value() < 1.0_dec)) {
    std::fprintf(stderr, "usage: positions [shock in [0, 1)]: %s\n",
                 shock ? "shock out of range" : shock.message().data());
    return 2;
  }
  const rate<dec> fall{shock.value()};
  std::printf("solvency %s: %zu positions, mark shocked down by %s\n\n", SOLVENCY_VERSION_STRING, book.size(),
              (mul<round::nearest_even>(shock.value(), 100.0_dec)).to_string().append("%").c_str());
  std::printf("%-6s %-27s %-5s %11s %10s %10s %16s %14s %14s\n", "acct", "market", "side", "size", "entry",
              "mark", "notional(quote)", "pnl(settle)", "pnl(double)");
  for (std::size_t i = 0; i < book.size(); ++i) {
    const position<dec>& p = book[i].pos;
    if (const auto ok = validate(p); !ok) {
      std::fprintf(stderr, "%s: %s\n", book[i].account, ok.message().data());
      return 1;
    }
    // The shocked mark, rounded down to a 0.1 tick: a fall is never understated.
    const price<dec> mark = round_to_tick<round::down>(start_marks[i] - mul<round::up>(start_marks[i], fall),
                                                      price_delta{0.1_dec});
    const money<dec> n = notional<round::up>(p, mark);
    const money<dec> exact = pnl<round::down>(p, mark);
    const position<double> pd{p.side, quantity{p.size.value().to_double()}, price{p.entry.value().to_double()},
                               contract<double>{p.spec.kind, p.spec.multiplier.to_double()}};
    const double approx = pnl<round::down>(pd, price{mark.value().to_double()}).value();
    std::printf("%-6s %-27s %-5s %11s %10s %10s %16s %10s %-4s %13.8f\n", book[i].account, book[i].market,
                name(p.side).data(), p.size.value().to_string().c_str(), p.entry.value().to_string().c_str(),
                mark.value().to_string().c_str(), n.value().to_string().c_str(), exact.value().to_string().c_str(),
                settle(p), approx);
  }
  std::printf("\nPnL is rounded down (against the trader), notional up (toward more margin);\n"
              "the double column is the same rule instantiated on double.\n");
  return 0;
}
