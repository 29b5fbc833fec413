#!/usr/bin/env bash
# hostile/json-overlong-utf8-in-string: overlong `/` (C0 AF) inside a JSON string, line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"Bob"/"Bob\xc0\xaf"/' inventory.json
