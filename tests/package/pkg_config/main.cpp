// Consumer built with nothing but `g++ $(pkg-config --cflags solvency)`:
// no CMake, no -std flag of its own. It compiles only if the .pc file gives
// the include directory and the C++20 flag.
//
// argv[1], when given, is the version the check expects (pkg-config
// --modversion). It must match the version compiled into the headers.
#include <solvency/solvency.hpp>

#include <cstdio>
#include <cstring>

static_assert(SOLVENCY_VERSION_MAJOR == 0);
static_assert(__cplusplus >= 202002L, "the pkg-config Cflags must select C++20");

int main(int argc, char** argv) {
  auto const three = solvency::decimal<8>::from_int(3);
  if (three.raw() != 300000000) {
    std::fprintf(stderr, "decimal<8>::from_int(3).raw() is %lld, expected 300000000\n",
                 static_cast<long long>(three.raw()));
    return 1;
  }
  if (argc > 1 && std::strcmp(argv[1], SOLVENCY_VERSION_STRING) != 0) {
    std::fprintf(stderr, "headers say version %s, pkg-config says %s\n", SOLVENCY_VERSION_STRING,
                 argv[1]);
    return 1;
  }
  std::printf("pkg-config consumer: solvency %s ok\n", SOLVENCY_VERSION_STRING);
  return 0;
}
