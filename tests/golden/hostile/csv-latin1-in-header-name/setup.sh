#!/usr/bin/env bash
# hostile/csv-latin1-in-header-name: Latin-1 `é` (0xE9) in a header name of identities.csv
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,d\xe9partement\nalice,employee,Alice,Finance\nbob,employee,Bob,IT\nsvc-batch,service,Batch runner,IT\n' > inventory/identities.csv
