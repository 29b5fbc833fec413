#!/usr/bin/env bash
# hostile/json-row-200k-keys: bob's row has 200 000 extra keys (valid)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
n = 200000
text = open('inventory.json').read()
extra = ', '.join(f'"c{k}": "{k}"' for k in range(n))
text = text.replace('"name": "Bob", "status": "active"}', '"name": "Bob", "status": "active", ' + extra + '}')
open('inventory.json', 'w').write(text)
EOF
