#!/usr/bin/env bash
# hostile/csv-duplicate-id-10k-times: alice defined 10 001 times (10 000 generated duplicates)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/identities.csv', 'a') as f:
    for k in range(10000):
        f.write(f'alice,employee,Alice copy {k},active,\n')
EOF
