// The README's first taste: exact money, explicit rounding, kinds that do not mix.
#include <solvency/solvency.hpp>
#include <cstdio>

int main() {
  using namespace solvency;
  using namespace solvency::literals;
  position<dec> btc{side::long_, quantity{0.25_dec}, price{64000.0_dec}, linear_contract(1.0_dec)};
  money<dec> loss = pnl<round::down>(btc, price{61500.5_dec});          // -624.875, exactly
  money<dec> margin = mul<round::up>(notional<round::up>(btc, price{61500.5_dec}), rate{0.005_dec});
  // price{1.0_dec} + price{2.0_dec};  // does not compile: prices are points, not amounts
  std::printf("pnl %s, maintenance %s\n", loss.value().to_string().c_str(), margin.value().to_string().c_str());
}
