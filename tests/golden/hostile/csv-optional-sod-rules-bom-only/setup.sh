#!/usr/bin/env bash
# hostile/csv-optional-sod-rules-bom-only: optional sod_rules.csv that holds only a UTF-8 BOM
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf '\xef\xbb\xbf' > inventory/sod_rules.csv
