#!/usr/bin/env bash
# hostile/csv-nul-in-header-line: raw NUL inside the header of identities.csv
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,na\x00me,status,owner\nalice,employee,Alice,active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
