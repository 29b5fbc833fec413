#!/usr/bin/env bash
# hostile/data-roles-csv-is-dev-zero: inventory/roles.csv -> /dev/zero (a file that never ends)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
rm inventory/roles.csv
ln -s /dev/zero inventory/roles.csv
