#!/usr/bin/env bash
# hostile/json-nan-literal: `NaN` as a value, line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"Bob"/NaN/' inventory.json
