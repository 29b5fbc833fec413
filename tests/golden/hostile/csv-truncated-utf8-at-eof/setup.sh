#!/usr/bin/env bash
# hostile/csv-truncated-utf8-at-eof: file ends in the middle of a 3-byte sequence (E2 82, no final newline), line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\xe2\x82' > inventory/identities.csv
