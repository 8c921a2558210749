// A consumer of the installed or embedded library: the packaging tests build
// and run this file.
#include <solvency/solvency.hpp>

#include <cstdio>

static_assert(SOLVENCY_VERSION_MAJOR >= 0);

int main() {
  using namespace solvency;
  using namespace solvency::literals;
  constexpr position<dec> pos{side::long_, quantity{0.5_dec}, price{30000.0_dec}, linear_contract(1.0_dec)};
  constexpr money<dec> gain = pnl<round::down>(pos, price{31000.0_dec});
  static_assert(gain == money{500.0_dec});
  std::printf("solvency %s consumer: pnl %s\n", SOLVENCY_VERSION_STRING, gain.value().to_string().c_str());
  return gain.value().raw() == 50'000'000'000 ? 0 : 1;
}
