#!/usr/bin/env bash
# hostile/json-raw-escape-byte-in-string: raw ESC and BEL bytes inside a JSON string (must be escaped in JSON), line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"Bob"/"Bob\x1b[2J\x07"/' inventory.json
