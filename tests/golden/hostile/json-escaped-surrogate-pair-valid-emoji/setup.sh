#!/usr/bin/env bash
# hostile/json-escaped-surrogate-pair-valid-emoji: a correct `\ud83d\ude00` pair (valid: U+1F600 in alice's name)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '3s/"Alice"/"Alice \\ud83d\\ude00"/' inventory.json
