#!/usr/bin/env bash
# hostile/policy-duration-20-digit-overflow: duration literal with 20 digits (overflows 64 bits)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
src = open('policy.ward').read()
cond = 'i reaches "sap:F110" and today - 2026-01-01 < 99999999999999999999d'
open('policy.ward', 'w').write(src.replace('where i reaches "sap:F110"', 'where ' + cond))
EOF
