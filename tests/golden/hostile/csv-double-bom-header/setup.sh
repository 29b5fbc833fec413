#!/usr/bin/env bash
# hostile/csv-double-bom-header: identities.csv starts with two BOMs (the second one sticks to the `id` header)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf '\xef\xbb\xbf\xef\xbb\xbf' > inventory/identities.tmp
cat inventory/identities.csv >> inventory/identities.tmp
mv inventory/identities.tmp inventory/identities.csv
