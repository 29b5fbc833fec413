#!/usr/bin/env bash
# hostile/policy-runaway-paren-nesting-100k: `where` clause wrapped in 100 000 balanced parentheses
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = '(' * 100000 + 'i reaches "sap:F110"' + ')' * 100000
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
