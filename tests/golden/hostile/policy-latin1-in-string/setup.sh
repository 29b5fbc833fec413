#!/usr/bin/env bash
# hostile/policy-latin1-in-string: Latin-1 `é` (0xE9) inside the control title, line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '3s/Hostile input/Hostile \xe9 input/' policy.ward
