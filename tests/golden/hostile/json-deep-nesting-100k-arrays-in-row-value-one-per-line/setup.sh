#!/usr/bin/env bash
# hostile/json-deep-nesting-100k-arrays-in-row-value-one-per-line: bob's `name` is 100 000 nested arrays, one bracket per line, starting on line 5
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
n = 100000
with open('inventory.json', 'w') as f:
    f.write('{\n  "identities": [\n    {"id": "alice", "type": "employee"},\n    {"id": "bob", "type": "employee", "name":\n')
    f.write('[\n' * n + ']\n' * n)
    f.write('}\n  ],\n  "entitlements": [],\n  "edges": []\n}\n')
EOF
