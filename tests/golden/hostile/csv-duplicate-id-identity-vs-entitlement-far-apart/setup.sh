#!/usr/bin/env bash
# hostile/csv-duplicate-id-identity-vs-entitlement-far-apart: an entitlement on line 5004 reuses the identity id `svc-batch`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/entitlements.csv', 'a') as f:
    for k in range(5000):
        f.write(f'app:perm{k},app,Permission {k},false\n')
    f.write('svc-batch,app,Clashes with an identity,false\n')
EOF
