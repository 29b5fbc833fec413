#!/usr/bin/env bash
# hostile/csv-concatenated-exports-bom-mid-file: a second export (BOM + header + row) appended to identities.csv: BOM and header on line 5
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf '\xef\xbb\xbfid,type,name,status,owner\ncarol,employee,Carol,active,\n' >> inventory/identities.csv
