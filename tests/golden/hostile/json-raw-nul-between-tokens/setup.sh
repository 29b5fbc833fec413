#!/usr/bin/env bash
# hostile/json-raw-nul-between-tokens: a raw NUL byte at the start of line 10 (between tokens)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '10s/^/\x00/' inventory.json
