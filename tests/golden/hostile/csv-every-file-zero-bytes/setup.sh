#!/usr/bin/env bash
# hostile/csv-every-file-zero-bytes: all seven tables present and 0 bytes long (optional ones too)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
for t in identities roles entitlements edges sod_rules exceptions reviews; do : > inventory/$t.csv; done
