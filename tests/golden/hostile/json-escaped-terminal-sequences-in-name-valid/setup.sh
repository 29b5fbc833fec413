#!/usr/bin/env bash
# hostile/json-escaped-terminal-sequences-in-name-valid: ESC [2J, an OSC 8 hyperlink, BEL, 8-bit CSI and RLO as JSON escapes in alice's name (valid)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '3s/"Alice"/"Alice\\u001b[2J\\u001b]8;;https:\/\/evil.example\/\\u0007click\\u001b]8;;\\u0007\\u0007\\u009b31m\\u202eevil"/' inventory.json
