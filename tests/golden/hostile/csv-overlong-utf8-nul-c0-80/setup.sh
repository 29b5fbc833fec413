#!/usr/bin/env bash
# hostile/csv-overlong-utf8-nul-c0-80: overlong 2-byte NUL (C0 80, 'modified UTF-8') in a name, line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\nbob,employee,Bob\xc0\x80,active,\nsvc-batch,service,Batch runner,active,alice\n' > inventory/identities.csv
