#!/usr/bin/env bash
# hostile/data-not-json-extension: `--data inventory.txt` holding a valid JSON inventory
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
mv inventory.json inventory.txt
