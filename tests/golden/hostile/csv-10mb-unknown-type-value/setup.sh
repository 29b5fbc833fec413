#!/usr/bin/env bash
# hostile/csv-10mb-unknown-type-value: a 10 MB value in the `type` column, line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,name,status,owner\nalice,employee,Alice,active,\n')
    f.write('bob,' + 'e' * (10 * 1024 * 1024) + ',Bob,active,\n')
EOF
