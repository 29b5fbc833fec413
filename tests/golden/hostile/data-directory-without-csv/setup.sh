#!/usr/bin/env bash
# hostile/data-directory-without-csv: a directory holding only README.txt and a .json file
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
mkdir exports
echo 'not an inventory' > exports/README.txt
cp inventory.json exports/
