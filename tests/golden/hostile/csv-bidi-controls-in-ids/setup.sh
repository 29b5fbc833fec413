#!/usr/bin/env bash
# hostile/csv-bidi-controls-in-ids: RLO (U+202E) in an identity id, LRI/PDI/RLM in its name
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice\xe2\x80\xae1gp.exe,employee,\xe2\x81\xa6Alice\xe2\x81\xa9 \xe2\x80\x8fx,active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
printf 'from,to,relation\nalice\xe2\x80\xae1gp.exe,g-pay,member_of\ng-pay,sap:F110,grants\nbob,sap:FK01,grants\n' > inventory/edges.csv
