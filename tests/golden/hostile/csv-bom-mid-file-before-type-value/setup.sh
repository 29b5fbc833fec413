#!/usr/bin/env bash
# hostile/csv-bom-mid-file-before-type-value: U+FEFF (BOM) glued to the front of bob's `type` value
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\nbob,\xef\xbb\xbfemployee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
