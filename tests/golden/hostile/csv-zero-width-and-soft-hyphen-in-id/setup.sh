#!/usr/bin/env bash
# hostile/csv-zero-width-and-soft-hyphen-in-id: id `b<U+200B>o<U+00AD>b` (zero-width space, soft hyphen) that renders as `bob`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\nb\xe2\x80\x8bo\xc2\xadb,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
printf 'from,to,relation\nalice,g-pay,member_of\ng-pay,sap:F110,grants\nb\xe2\x80\x8bo\xc2\xadb,g-pay,member_of\n' > inventory/edges.csv
