#!/usr/bin/env bash
# hostile/json-cesu8-surrogate-bytes-in-string: CESU-8 encoded surrogate pair as raw bytes inside a string, line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '3s/"Alice"/"Alice \xed\xa0\xbd\xed\xb8\x80"/' inventory.json
