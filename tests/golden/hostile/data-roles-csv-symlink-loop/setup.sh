#!/usr/bin/env bash
# hostile/data-roles-csv-symlink-loop: optional inventory/roles.csv -> roles.csv (a symlink loop)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
rm inventory/roles.csv
ln -s roles.csv inventory/roles.csv
