#!/usr/bin/env bash
# hostile/json-group-chain-100k-deep: JSON: chain of 100 000 nested groups
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
import json
n = 100000
inv = json.load(open('inventory.json'))
inv['roles'] = [{'id': f'g{k}', 'kind': 'group'} for k in range(n)]
edges = [{'from': 'alice', 'to': 'g0', 'relation': 'member_of'},
         {'from': 'bob', 'to': 'g50000', 'relation': 'member_of'}]
edges += [{'from': f'g{k}', 'to': f'g{k+1}', 'relation': 'member_of'} for k in range(n - 1)]
edges.append({'from': f'g{n-1}', 'to': 'sap:F110', 'relation': 'grants'})
inv['edges'] = edges
with open('inventory.json', 'w') as f:
    json.dump(inv, f, indent=1)
EOF
