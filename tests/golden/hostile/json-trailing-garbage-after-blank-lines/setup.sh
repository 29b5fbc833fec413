#!/usr/bin/env bash
# hostile/json-trailing-garbage-after-blank-lines: a stray `,` three blank lines after the closing brace (line 23)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf '\n\n\n,\n' >> inventory.json
