#!/usr/bin/env bash
# hostile/policy-not-nested-10k: 10 000 nested `not`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'not ' * 10000 + 'i reaches "sap:F110"'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
