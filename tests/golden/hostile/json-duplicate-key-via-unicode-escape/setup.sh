#!/usr/bin/env bash
# hostile/json-duplicate-key-via-unicode-escape: row with `"id"` and `"\u0069d"` (the same key once decoded), line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"id": "bob"/"id": "bob", "\\u0069d": "robert"/' inventory.json
