#!/usr/bin/env bash
# hostile/policy-list-nesting-100k: a list literal nested 100 000 deep
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'i.id in ' + '[' * 100000 + '"x"' + ']' * 100000
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
