#!/usr/bin/env bash
# hostile/policy-arithmetic-chain-10k: a flat chain of 10 000 `+ 1` terms
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'i reaches "sap:F110" and count(holds(i)) ' + '+ 1 ' * 10000 + '> 10000'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
