#!/usr/bin/env bash
# hostile/json-escaped-surrogates-reversed: `\ude00\ud83d` (low surrogate first) in a string, line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '4s/"Bob"/"Bob \\ude00\\ud83d"/' inventory.json
