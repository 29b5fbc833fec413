#!/usr/bin/env bash
# hostile/data-fifo-json: `--data inventory.json` where inventory.json is a FIFO nobody writes to
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
rm inventory.json
mkfifo inventory.json
