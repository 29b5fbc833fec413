#!/usr/bin/env bash
# hostile/csv-edges-10k-to-unknown-nodes: 10 000 generated edges, alternately from and to unknown nodes
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/edges.csv', 'a') as f:
    for k in range(10000):
        f.write(f'ghost{k},g-pay,member_of\n' if k % 2 == 0 else f'alice,nowhere{k},member_of\n')
EOF
