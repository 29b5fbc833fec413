#!/usr/bin/env bash
# hostile/json-bom-between-tokens: U+FEFF (BOM) at the start of line 7, between two tokens
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '7s/^/\xef\xbb\xbf/' inventory.json
