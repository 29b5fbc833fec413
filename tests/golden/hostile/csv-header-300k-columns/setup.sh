#!/usr/bin/env bash
# hostile/csv-header-300k-columns: identities.csv with 300 000 extra columns (valid)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
n = 300000
extra = ',' + ','.join(f'c{k}' for k in range(n))
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,name,status,owner' + extra + '\n')
    f.write('alice,employee,Alice,active,' + ',' * n + '\n')
    f.write('bob,employee,Bob,active,' + ',' * n + '\n')
    f.write('svc-batch,service,Batch runner,active,alice,' + ','.join(str(k) for k in range(n)) + '\n')
EOF
