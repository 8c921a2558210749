// Conan test_package: checks that the packaged headers are found and usable.
#include <solvency/solvency.hpp>

#include <cstdio>

static_assert(SOLVENCY_VERSION_MAJOR == 0);

int main() {
  auto const three = solvency::decimal<8>::from_int(3);
  if (three.raw() != 300000000) {
    std::printf("solvency %s: unexpected raw value\n", SOLVENCY_VERSION_STRING);
    return 1;
  }
  std::printf("solvency %s: ok\n", SOLVENCY_VERSION_STRING);
  return 0;
}
