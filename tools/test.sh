#!/usr/bin/env bash
# Builds ward and runs the whole test suite (ctest: doctest unit tests,
# golden tests, the policy pack's own tests, the differential and import
# tests), twice: in the normal build with warnings as errors, then in a
# second build (clang) under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer, which also fuzzes each fuzz target briefly. This is the README's test
# command and what CI runs.
#   tools/test.sh           both lanes
#   tools/test.sh --quick   the normal build only
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --deps-only

jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARD_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

[ "${1:-}" = "--quick" ] && exit 0

# clang, so that the same build also holds the libFuzzer targets: ctest then
# fuzzes each for a short while (tests/fuzz/, tools/fuzz/run.sh). The
# differential test compares 100 inventories here (1,000 in the normal lane):
# under ASan each ward run is ten times slower.
echo "== sanitizer lane (ASan + UBSan + LSan, clang, with the fuzz targets) =="
# A sanitizer build configured earlier with another compiler cannot switch: start it afresh.
grep -qs "CMAKE_CXX_COMPILER:.*clang" build-sanitize/CMakeCache.txt || rm -rf build-sanitize
CC=clang CXX=clang++ cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWARD_SANITIZE=ON \
      -DWARD_WERROR=ON -DWARD_FUZZ=ON -DWARD_BUILD_BENCH=OFF -DWARD_DIFFERENTIAL_CASES=100 >/dev/null
cmake --build build-sanitize -j "$jobs"
WARD_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-sanitize --output-on-failure -j "$jobs"
