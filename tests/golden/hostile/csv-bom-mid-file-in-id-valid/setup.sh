#!/usr/bin/env bash
# hostile/csv-bom-mid-file-in-id-valid: U+FEFF at the start of line 3 (id `\u{FEFF}bob`), used consistently in edges.csv
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\n\xef\xbb\xbfbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
printf 'from,to,relation\nalice,g-pay,member_of\ng-pay,sap:F110,grants\n\xef\xbb\xbfbob,g-pay,member_of\n' > inventory/edges.csv
