#!/usr/bin/env bash
# hostile/json-truncated-inside-unicode-escape: file ends inside `\u00` on line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
head -3 inventory.json > inventory.tmp
printf '    {"id": "bob", "type": "employee", "name": "Bo\\u00' >> inventory.tmp
mv inventory.tmp inventory.json
