#!/usr/bin/env bash
# hostile/json-every-table-empty-array-builtin-pack: every table an empty array, built-in ISO pack
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf '{"identities": [], "roles": [], "entitlements": [], "edges": [],\n "sod_rules": [], "exceptions": [], "reviews": []}\n' > inventory.json
