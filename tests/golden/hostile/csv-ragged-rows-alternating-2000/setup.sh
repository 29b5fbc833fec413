#!/usr/bin/env bash
# hostile/csv-ragged-rows-alternating-2000: 2000 generated rows, every other one with 3 fields instead of 5
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/identities.csv', 'a') as f:
    for k in range(2000):
        f.write(f'u{k},employee,User {k},active,\n' if k % 2 == 0 else f'u{k},employee,User {k}\n')
EOF
