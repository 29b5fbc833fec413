#!/usr/bin/env bash
# hostile/csv-group-1m-members-builtin-pack: a group with 1 000 000 members, built-in ISO pack
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
n = 1000000
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,last_active\n')
    for k in range(n): f.write(f'u{k},employee,2026-11-20\n')
with open('inventory/roles.csv', 'w') as f:
    f.write('id,kind\nall-staff,group\n')
with open('inventory/edges.csv', 'w') as f:
    f.write('from,to,relation,approved_by\n')
    for k in range(n): f.write(f'u{k},all-staff,member_of,\n')
    f.write('all-staff,sap:FK01,grants,\n')
EOF
