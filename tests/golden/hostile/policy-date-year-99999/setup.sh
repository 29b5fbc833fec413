#!/usr/bin/env bash
# hostile/policy-date-year-99999: date literal with a 5-digit year `99999-01-01`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'i reaches "sap:F110" and today > 99999-01-01'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
