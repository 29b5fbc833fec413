#!/usr/bin/env bash
# hostile/policy-utf16le-bom: policy.ward saved as UTF-16LE with BOM
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
text = open('policy.ward', encoding='utf-8').read()
open('policy.ward', 'wb').write(b'\xff\xfe' + text.encode('utf-16-le'))
EOF
