#!/usr/bin/env bash
# hostile/policy-binary-garbage: 4 KB of pseudo-random bytes (SHA-256 chain) as policy.ward
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 - <<'EOF'
import hashlib
data = b''
block = b'ward-hostile-seed'
while len(data) < 4096:
    block = hashlib.sha256(block).digest()
    data += block
open('policy.ward', 'wb').write(data[:4096])
EOF
