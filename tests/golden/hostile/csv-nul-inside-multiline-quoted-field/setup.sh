#!/usr/bin/env bash
# hostile/csv-nul-inside-multiline-quoted-field: raw NUL on line 3, inside a quoted field that opened on line 2
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,"Alice\nSmi\x00th\nJr.",active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
