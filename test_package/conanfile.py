"""Conan test_package for solvency: proves the package is usable, not the library's behaviour.

Run automatically at the end of `conan create .`; by hand:
    conan test test_package solvency/<version> -s compiler.cppstd=20
"""

import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, cmake_layout


class SolvencyTestConan(ConanFile):
    settings = "os", "arch", "compiler", "build_type"
    generators = "CMakeDeps", "CMakeToolchain"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def test(self):
        if can_run(self):
            binary = os.path.join(self.cpp.build.bindirs[0], "test_package")
            self.run(binary, env="conanrun")
