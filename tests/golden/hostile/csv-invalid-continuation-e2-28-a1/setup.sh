#!/usr/bin/env bash
# hostile/csv-invalid-continuation-e2-28-a1: lead byte E2 followed by `(` instead of a continuation byte, line 4
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch \xe2\x28\xa1 runner,active,alice\n' > inventory/identities.csv
