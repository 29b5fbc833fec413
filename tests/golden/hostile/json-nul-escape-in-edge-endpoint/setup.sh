#!/usr/bin/env bash
# hostile/json-nul-escape-in-edge-endpoint: `\u0000` at the end of an edge's `to`, line 16
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '16s/"sap:F110"/"sap:F110\\u0000"/' inventory.json
