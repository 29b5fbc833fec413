#!/usr/bin/env bash
# hostile/policy-nested-quantifiers-5000: 5000 nested `any ... in holds(i) where` quantifiers
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = ''.join(f'any e{k} in holds(i) where ' for k in range(5000)) + 'i reaches "sap:F110"'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
