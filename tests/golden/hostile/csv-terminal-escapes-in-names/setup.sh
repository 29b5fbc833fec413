#!/usr/bin/env bash
# hostile/csv-terminal-escapes-in-names: alice's name holds ESC [2J (clear screen), an OSC 8 hyperlink, BEL and colour codes
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,"\x1b[2J\x1b[H\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07\x07\x1b[31mRED\x1b[0m",active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
