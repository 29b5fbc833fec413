#!/usr/bin/env bash
# hostile/json-deep-nesting-100k-objects-in-extra-table: extra table `audit` whose row value is 100 000 nested objects, line 20
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
n = 100000
text = open('inventory.json').read().rstrip()[:-1].rstrip()
with open('inventory.json', 'w') as f:
    f.write(text + ',\n  "audit": [\n    {"who": "alice", "x": ' + '{"x": ' * n + '"deep"' + '}' * n + '}\n  ]\n}\n')
EOF
