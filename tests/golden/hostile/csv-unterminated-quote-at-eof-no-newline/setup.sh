#!/usr/bin/env bash
# hostile/csv-unterminated-quote-at-eof-no-newline: a quote opened on the last line, file ends without closing it or a newline
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\nbob,employee,Bob,active,\nsvc-batch,service,"Batch runner' > inventory/identities.csv
