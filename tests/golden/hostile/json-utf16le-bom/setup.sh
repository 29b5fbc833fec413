#!/usr/bin/env bash
# hostile/json-utf16le-bom: inventory.json saved as UTF-16LE with BOM
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
p = 'inventory.json'
text = open(p, encoding='utf-8').read()
open(p, 'wb').write(b'\xff\xfe' + text.encode('utf-16-le'))
EOF
