#!/usr/bin/env bash
# hostile/explain-all-path-longer-than-max-length: `explain --all` where the only path has 65 edges (default --max-length 64)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
n = 64
with open('inventory/roles.csv', 'w') as f:
    f.write('id,kind\n')
    for k in range(n): f.write(f'g{k},group\n')
with open('inventory/edges.csv', 'w') as f:
    f.write('from,to,relation\nalice,g0,member_of\n')
    for k in range(n - 1): f.write(f'g{k},g{k+1},member_of\n')
    f.write(f'g{n-1},sap:F110,grants\n')
EOF
