#!/usr/bin/env bash
# hostile/csv-100k-blank-lines-then-bad-row: 100 000 blank lines (skipped), then a row with unknown type `robot` on line 100003
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,name,status,owner\nalice,employee,Alice,active,\n')
    f.write('\n' * 100000)
    f.write('bob,robot,Bob,active,\n')
EOF
