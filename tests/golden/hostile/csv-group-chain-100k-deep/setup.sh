#!/usr/bin/env bash
# hostile/csv-group-chain-100k-deep: a chain of 100 000 nested groups g0 -> ... -> g99999 -> sap:F110; alice at the top, bob in the middle
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
cat > policy.ward <<'WARD'
package hostile

control "H.1" "Hostile input" {
  intent "Reachability over hostile graph shapes."
}

rule deep "Reaches the payment run" {
  control "H.1"
  severity high
  for i in identities
  where i reaches "sap:F110"
  report "{i.id} reaches sap:F110 in {depth(i, "sap:F110")} steps"
}
WARD

python3 - <<'EOF'
n = 100000
with open('inventory/roles.csv', 'w') as f:
    f.write('id,kind\n')
    for k in range(n): f.write(f'g{k},group\n')
with open('inventory/edges.csv', 'w') as f:
    f.write('from,to,relation\nalice,g0,member_of\nbob,g50000,member_of\nsvc-batch,g99999,member_of\n')
    for k in range(n - 1): f.write(f'g{k},g{k+1},member_of\n')
    f.write(f'g{n-1},sap:F110,grants\n')
EOF
