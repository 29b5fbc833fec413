#!/usr/bin/env bash
# hostile/csv-group-1m-members: a group with 1 000 000 members (generated)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
cat > policy.ward <<'WARD'
package hostile

control "H.1" "Hostile input" {
  intent "Groups too big to review."
}

rule huge_group "A group with more than 1000 members" {
  control "H.1"
  severity medium
  for r in groups
  where count(members(r)) > 1000
  report "{r.id} has {count(members(r))} members"
}

rule holds_payment "Holds the payment run" {
  control "H.1"
  severity high
  for i in identities
  where i reaches "sap:F110"
  report "{i.id} holds sap:F110"
}
WARD
python3 - <<'EOF'
n = 1000000
with open('inventory/identities.csv', 'a') as f:
    for k in range(n): f.write(f'u{k},employee,,,\n')
with open('inventory/roles.csv', 'a') as f:
    f.write('all-staff,group,Everyone\n')
with open('inventory/edges.csv', 'a') as f:
    for k in range(n): f.write(f'u{k},all-staff,member_of\n')
    f.write('all-staff,sap:FK01,grants\n')
EOF
