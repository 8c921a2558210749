# Development variant of ports/solvency. It builds the checkout that contains
# this file instead of downloading tag v${VERSION}.
#
#   vcpkg install solvency-local --overlay-ports=<repo>/ports --binarysource=clear
#
# The port files don't change when the sources do, so vcpkg's ABI hash doesn't
# notice local edits. Turning binary caching off (--binarysource=clear) makes
# sure the current checkout is what gets built.

# header-only
set(VCPKG_BUILD_TYPE release)

get_filename_component(SOURCE_PATH "${CURRENT_PORT_DIR}/../.." ABSOLUTE)
if(NOT EXISTS "${SOURCE_PATH}/include/solvency/solvency.hpp")
    message(FATAL_ERROR "solvency-local: ${SOURCE_PATH} is not a solvency checkout")
endif()

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DSOLVENCY_BUILD_TESTS=OFF
        -DSOLVENCY_BUILD_EXAMPLES=OFF
        -DSOLVENCY_BUILD_BENCH=OFF
        -DBUILD_TESTING=OFF
)

vcpkg_cmake_install()

# The port name differs from the CMake package name, so name the package:
# the config goes to share/solvency, just as ports/solvency puts it.
vcpkg_cmake_config_fixup(PACKAGE_NAME solvency CONFIG_PATH share/cmake/solvency)
vcpkg_fixup_pkgconfig()
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/lib")

vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
