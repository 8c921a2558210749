"""Conan 2 recipe for solvency, a header-only C++20 library.

    conan create . -s compiler.cppstd=20 --build=missing      # package + test_package
    conan install . -s compiler.cppstd=20 --build=missing -c user.solvency:dev=True
    cmake --preset conan-release                                # dev loop with tests

The name is the same everywhere: package `solvency`, find_package(solvency),
target solvency::solvency, pkg-config module `solvency`.
"""

import os
import re

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir

required_conan_version = ">=2.0.9"


class SolvencyConan(ConanFile):
    name = "solvency"
    description = (
        "Header-only C++20 library of the rules that keep a derivatives exchange "
        "solvent: margin models, liquidation and bankruptcy prices, the "
        "insurance-fund waterfall and auto-deleveraging."
    )
    license = "MIT"
    url = "https://github.com/solvency-lib/solvency"
    homepage = "https://github.com/solvency-lib/solvency"
    topics = ("header-only", "fixed-point", "derivatives", "margin", "liquidation", "risk")
    package_type = "header-library"
    # Settings are needed by validate() and CMakeToolchain. package_id() then
    # clears them, so there is a single package for every configuration.
    settings = "os", "arch", "compiler", "build_type"
    no_copy_source = True
    # The root CMakeLists.txt configures and installs with only these files
    # when tests, examples and benchmarks are off. .ci/packaging-checks checks
    # this by installing from a copy that holds only these patterns.
    exports_sources = "include/*", "cmake/*", "CMakeLists.txt", "LICENSE"

    @property
    def _dev(self):
        # Developer mode builds and runs the project's own tests and
        # benchmarks: `-c user.solvency:dev=True`. Off for `conan create` and
        # for consumers.
        return bool(self.conf.get("user.solvency:dev", default=False, check_type=bool))

    def set_version(self):
        # project(solvency VERSION x.y.z ...) in CMakeLists.txt is the only
        # source of the version.
        text = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
        match = re.search(
            r"\bproject\s*\(\s*solvency\b[^)]*?\bVERSION\s+([0-9]+\.[0-9]+\.[0-9]+)",
            text,
            re.IGNORECASE | re.DOTALL,
        )
        if not match:
            raise ConanException(
                "could not read project(solvency VERSION x.y.z) from CMakeLists.txt"
            )
        self.version = match.group(1)

    def layout(self):
        cmake_layout(self)

    def build_requirements(self):
        # cmake_minimum_required(VERSION 3.23) (FILE_SET HEADERS). This is
        # only the tool that installs the package; consumers are not affected.
        self.tool_requires("cmake/[>=3.23 <5]")
        if self._dev:
            # Development tools only. test_requires are never passed on to
            # consumers, and package_id() keeps them out of the package id.
            self.test_requires("doctest/[>=2.4.9 <3]")
            self.test_requires("benchmark/[>=1.8 <2]")

    def validate(self):
        # CMakeDeps does not carry the target's INTERFACE cxx_std_20 over, so
        # Conan consumers get C++20 only from compiler.cppstd. Reject an older
        # standard here, before any build, instead of failing later at the
        # #error in solvency/config.hpp.
        check_min_cppstd(self, 20)

    def generate(self):
        tc = CMakeToolchain(self)
        # In this build solvency is the top-level project, so its tests would
        # default ON. Set every option explicitly, as the vcpkg port does.
        tc.cache_variables["SOLVENCY_BUILD_TESTS"] = self._dev
        tc.cache_variables["SOLVENCY_BUILD_EXAMPLES"] = self._dev
        tc.cache_variables["SOLVENCY_BUILD_BENCH"] = self._dev
        tc.cache_variables["SOLVENCY_INSTALL"] = True
        tc.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        if self._dev:
            cmake.build()
            if not self.conf.get("tools.build:skip_test", default=False, check_type=bool):
                cmake.test()

    def package(self):
        # We package with `cmake --install`, not by copying *.hpp. The CMake
        # install rules (the FILE_SET HEADERS of target solvency) then decide
        # what the package contains, for plain CMake, vcpkg and Conan alike.
        # A header left out of the file set is missing from all three, and
        # the packaging checks catch it once, rather than two lists drifting
        # apart.
        copy(self, "LICENSE", src=self.source_folder,
             dst=os.path.join(self.package_folder, "licenses"))
        cmake = CMake(self)
        cmake.install()
        # CMakeDeps and PkgConfigDeps generate the config and .pc files from
        # package_info(), so don't ship the upstream ones as well (ConanCenter
        # rule, and style.md B.6: choose one).
        rmdir(self, os.path.join(self.package_folder, "share", "cmake"))
        rmdir(self, os.path.join(self.package_folder, "share", "pkgconfig"))
        rmdir(self, os.path.join(self.package_folder, "lib"))
        share = os.path.join(self.package_folder, "share")
        if os.path.isdir(share) and not os.listdir(share):
            os.rmdir(share)

    def package_id(self):
        self.info.clear()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "solvency")
        self.cpp_info.set_property("cmake_target_name", "solvency::solvency")
        self.cpp_info.set_property("pkg_config_name", "solvency")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
