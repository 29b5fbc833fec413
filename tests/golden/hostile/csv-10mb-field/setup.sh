#!/usr/bin/env bash
# hostile/csv-10mb-field: a valid 10 MB quoted name (with line breaks, commas and doubled quotes) for bob
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
chunk = 'x' * 1023 + '\n'
body = chunk * (10 * 1024) + 'say ""hi"", then, stop'
with open('inventory/identities.csv', 'w') as f:
    f.write('id,type,name,status,owner\nalice,employee,Alice,active,\n')
    f.write('bob,employee,"' + body + '",active,\n')
    f.write('svc-batch,service,Batch runner,active,alice\n')
EOF
