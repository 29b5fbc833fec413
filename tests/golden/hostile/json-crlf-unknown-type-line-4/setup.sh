#!/usr/bin/env bash
# hostile/json-crlf-unknown-type-line-4: CRLF everywhere, unknown type `robot` on line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"employee"/"robot"/' inventory.json
sed -i 's/$/\r/' inventory.json
