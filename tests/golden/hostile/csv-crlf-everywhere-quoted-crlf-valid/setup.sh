#!/usr/bin/env bash
# hostile/csv-crlf-everywhere-quoted-crlf-valid: every file CRLF, identities.csv with a BOM and a quoted CRLF inside alice's name
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
for f in inventory/*.csv; do sed -i 's/$/\r/' "$f"; done
printf '\xef\xbb\xbfid,type,name,status,owner\r\nalice,employee,"Alice\r\nSmith",active,\r\nbob,employee,Bob,active,\r\nsvc-batch,service,Batch runner,active,alice\r\n' > inventory/identities.csv
