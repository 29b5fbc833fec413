#!/usr/bin/env bash
# hostile/json-truncated-10mb-string: file ends inside a 10 MB string on line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
with open('inventory.json', 'w') as f:
    f.write('{\n  "identities": [\n    {"id": "alice", "type": "employee", "name": "' + 'z' * (10 * 1024 * 1024))
EOF
