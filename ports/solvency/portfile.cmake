# Overlay port for solvency. Usage: vcpkg install solvency --overlay-ports=<repo>/ports
# (run it outside a directory that has a vcpkg.json, or add --classic).

# header-only
set(VCPKG_BUILD_TYPE release)

vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO solvency-lib/solvency
    REF "v${VERSION}"
    # Placeholder. For each release tag v<version>: leave SHA512 at 0 and run
    # `vcpkg install solvency --overlay-ports=ports`. The download then fails
    # and prints "Actual hash: <128 hex digits>". Paste that hash here.
    SHA512 0
    HEAD_REF main
)

# Inside a port build solvency is the top-level project, so its tests, examples
# and benchmarks would default ON and look up doctest and benchmark, which are
# not dependencies of this port. Switch them off explicitly.
vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DSOLVENCY_BUILD_TESTS=OFF
        -DSOLVENCY_BUILD_EXAMPLES=OFF
        -DSOLVENCY_BUILD_BENCH=OFF
        -DBUILD_TESTING=OFF
)

vcpkg_cmake_install()

# Moves share/cmake/solvency to share/solvency and removes the empty share/cmake.
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/solvency)

# solvency.pc is already relocatable (prefix=${pcfiledir}/../..). This call
# still checks that pkg-config can read it and fixes any absolute path.
vcpkg_fixup_pkgconfig()

# The package is header-only and arch-independent. Its config and .pc files are
# in share/, so nothing should be in lib/. vcpkg rejects empty directories, so
# remove lib/ in case a tool left it behind.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/lib")

vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")

# No usage file: the vcpkg maintainer guide says not to add one when vcpkg's
# generated usage (from share/solvency/solvencyConfig.cmake) is already right.
# That usage is: find_package(solvency CONFIG REQUIRED) and
# target_link_libraries(main PRIVATE solvency::solvency).
