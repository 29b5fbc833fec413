#!/usr/bin/env bash
# hostile/csv-10mb-field-unterminated-quote: a 10 MB quoted field opened on line 3 and never closed
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,name,status,owner\nalice,employee,Alice,active,\n')
    f.write('bob,employee,"' + ('y' * 1023 + '\n') * (10 * 1024))
EOF
