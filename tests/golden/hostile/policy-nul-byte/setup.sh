#!/usr/bin/env bash
# hostile/policy-nul-byte: raw NUL inside a string literal on line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '3s/Hostile input/Hostile\x00input/' policy.ward
