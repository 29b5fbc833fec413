#!/usr/bin/env bash
# hostile/data-identities-csv-symlink-loop: inventory/identities.csv -> identities.csv (a symlink loop)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
rm inventory/identities.csv
ln -s identities.csv inventory/identities.csv
