#!/usr/bin/env bash
# hostile/csv-utf16be-bom-edges: edges.csv saved as UTF-16BE with BOM
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
p = 'inventory/edges.csv'
text = open(p, encoding='utf-8').read()
open(p, 'wb').write(b'\xfe\xff' + text.encode('utf-16-be'))
EOF
