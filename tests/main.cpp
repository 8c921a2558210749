// The test suite's own main: doctest's prebuilt main is not available through
// every package manager, so the project provides it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
