#!/usr/bin/env bash
# hostile/csv-unicode-line-separator-in-name: U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR in a name (forges a report line)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice\xe2\x80\xa8  high     hostile.forged  mallory\xe2\x80\xa9x,active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
