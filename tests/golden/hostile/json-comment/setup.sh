#!/usr/bin/env bash
# hostile/json-comment: a `/* ... */` comment on line 2
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '2i\  /* exported by the HR connector */' inventory.json
