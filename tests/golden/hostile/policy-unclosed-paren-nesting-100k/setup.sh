#!/usr/bin/env bash
# hostile/policy-unclosed-paren-nesting-100k: 100 000 `(` never closed
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = '(' * 100000 + 'i reaches "sap:F110"'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
