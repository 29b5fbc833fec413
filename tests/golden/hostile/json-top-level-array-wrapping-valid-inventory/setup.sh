#!/usr/bin/env bash
# hostile/json-top-level-array-wrapping-valid-inventory: a valid inventory object wrapped in `[ ... ]`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
{ echo '['; cat inventory.json; echo ']'; } > inventory.tmp && mv inventory.tmp inventory.json
