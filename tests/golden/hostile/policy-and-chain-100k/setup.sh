#!/usr/bin/env bash
# hostile/policy-and-chain-100k: a flat chain of 100 000 `and` terms (no nesting in the source)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = ' and '.join(['i reaches "sap:F110"'] * 100000)
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
