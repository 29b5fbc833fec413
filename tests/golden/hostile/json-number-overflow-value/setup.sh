#!/usr/bin/env bash
# hostile/json-number-overflow-value: `1e999999` as a value, line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"Bob"/1e999999/' inventory.json
