#!/usr/bin/env bash
# hostile/json-single-quoted-strings: `'Bob'` (single quotes), line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i "4s/\"Bob\"/'Bob'/" inventory.json
