#!/usr/bin/env bash
# hostile/json-nul-escape-in-table-name: `\u0000` inside a top-level key, line 7
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '7s/"roles"/"ro\\u0000les"/' inventory.json
