#!/usr/bin/env bash
# Builds ward with warnings as errors and runs the whole test suite (ctest:
# doctest unit tests, golden tests, policy tests). This is the README's test
# command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --deps-only

jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARD_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
