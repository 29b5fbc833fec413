#!/usr/bin/env bash
# hostile/csv-invalid-utf8-after-multiline-quoted-field-crlf: CRLF file whose line 2 record spans 3 lines; Latin-1 `ö` on line 5 (line count must include the quoted line breaks)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\r\nalice,employee,"Alice\r\nsecond line\r\nthird line",active,\r\nbob,employee,B\xf6b,active,\r\nsvc-batch,service,Batch runner,active,alice\r\n' > inventory/identities.csv
