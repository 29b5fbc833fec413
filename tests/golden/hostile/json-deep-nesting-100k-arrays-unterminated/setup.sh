#!/usr/bin/env bash
# hostile/json-deep-nesting-100k-arrays-unterminated: 100 000 `[` and nothing else
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
python3 -c "print('[' * 100000)" > inventory.json
