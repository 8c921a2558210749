// Consumer that gets solvency through FetchContent (from a local source tree).
#include <solvency/solvency.hpp>

#include <cstdio>
#include <cstring>

static_assert(SOLVENCY_VERSION_MAJOR == 0);

#ifndef EXPECTED_SOLVENCY_VERSION
#error "the consumer's CMakeLists.txt defines EXPECTED_SOLVENCY_VERSION"
#endif

int main() {
  auto const three = solvency::decimal<8>::from_int(3);
  if (three.raw() != 300000000) {
    std::fprintf(stderr, "decimal<8>::from_int(3).raw() is %lld, expected 300000000\n",
                 static_cast<long long>(three.raw()));
    return 1;
  }
  // The project() version of the fetched tree must be the one in version.hpp.
  if (std::strcmp(SOLVENCY_VERSION_STRING, EXPECTED_SOLVENCY_VERSION) != 0) {
    std::fprintf(stderr, "headers say version %s, CMake project says %s\n",
                 SOLVENCY_VERSION_STRING, EXPECTED_SOLVENCY_VERSION);
    return 1;
  }
  std::printf("FetchContent consumer: solvency %s ok\n", SOLVENCY_VERSION_STRING);
  return 0;
}
