#!/usr/bin/env bash
# hostile/csv-cesu8-surrogate-pair-in-name: CESU-8 surrogate pair (ED A0 BD ED B8 80, an emoji encoded as two lone surrogates) in a name, line 2
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice \xed\xa0\xbd\xed\xb8\x80,active,\nbob,employee,Bob,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
