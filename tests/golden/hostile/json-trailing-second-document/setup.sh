#!/usr/bin/env bash
# hostile/json-trailing-second-document: two complete inventories concatenated; the second starts on line 20
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
cat inventory.json inventory.json > inventory.tmp && mv inventory.tmp inventory.json
