#!/usr/bin/env bash
# hostile/csv-dangling-references-builtin-pack: owner/manager/approved_by/reviewer and ids in sod_rules, exceptions, reviews naming nothing (not load errors), built-in pack
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
cat > inventory/identities.csv <<'EOF'
id,type,status,owner,manager,last_active
alice,employee,active,,ghost-manager,2026-11-01
svc-pay,service,active,ghost-owner,,2026-11-20
EOF
cat > inventory/roles.csv <<'EOF'
id,kind,owner
r-pay,role,nobody-at-all
EOF
cat > inventory/entitlements.csv <<'EOF'
id,system,privileged,owner
sap:F110,sap,true,departed-owner
sap:FK01,sap,false,
EOF
cat > inventory/edges.csv <<'EOF'
from,to,relation,granted,expires,approved_by,reason
alice,r-pay,member_of,2026-01-01,2027-01-01,ghost-approver,payments
r-pay,sap:F110,grants,,,,
svc-pay,sap:FK01,grants,2026-01-01,,ghost-approver,batch
EOF
cat > inventory/sod_rules.csv <<'EOF'
id,left,right,severity
SOD-1,sap:F110,no-such-entitlement,critical
SOD-2,ghost-role,sap:FK01,high
EOF
cat > inventory/exceptions.csv <<'EOF'
rule,identity,approved_by,expires
SOD-1,ghost-identity,ghost-approver,2027-01-01
no-such-rule,alice,ghost-approver,2027-01-01
EOF
cat > inventory/reviews.csv <<'EOF'
identity,target,reviewer,date,decision
ghost-identity,sap:F110,ghost-reviewer,2026-10-01,revoke
alice,no-such-target,ghost-reviewer,2026-10-01,revoke
alice,sap:F110,ghost-reviewer,2026-10-01,keep
EOF
