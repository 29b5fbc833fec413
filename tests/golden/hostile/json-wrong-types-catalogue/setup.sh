#!/usr/bin/env bash
# hostile/json-wrong-types-catalogue: number, array, object, negative float as values; a string and a null as rows; a table that is an object
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
cat > inventory.json <<'EOF'
{
  "identities": [
    {"id": "alice", "type": "employee", "name": 42},
    {"id": "bob", "type": "employee", "name": ["Bob"]},
    {"id": "svc-batch", "type": "service", "owner": {"id": "alice"}},
    "carol",
    null,
    {"id": "dave", "type": "employee", "last_active": -1.5e3}
  ],
  "roles": {"g-pay": {"kind": "group"}},
  "entitlements": [
    {"id": "sap:F110", "privileged": 1}
  ],
  "edges": []
}
EOF
