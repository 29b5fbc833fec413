#!/usr/bin/env bash
# hostile/policy-date-year-0000: date literal `0000-01-01`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'i reaches "sap:F110" and today > 0000-01-01'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
