#!/usr/bin/env bash
# hostile/policy-duration-999999999-days: duration literal `999999999d`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'i reaches "sap:F110" and today - 2026-01-01 < 999999999d'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
