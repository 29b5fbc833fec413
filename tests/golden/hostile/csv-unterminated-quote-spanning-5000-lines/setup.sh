#!/usr/bin/env bash
# hostile/csv-unterminated-quote-spanning-5000-lines: quote opened on line 3 and never closed; 5000 more lines follow
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,name,status,owner\nalice,employee,Alice,active,\nbob,employee,"Bob,active,\n')
    for k in range(5000):
        f.write(f'u{k},employee,User {k},active,\n')
EOF
