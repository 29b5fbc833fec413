#!/usr/bin/env bash
# hostile/csv-overlong-utf8-slash-e0-80-af: overlong 3-byte `/` (E0 80 AF) in entitlements.csv, line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,system,name,privileged\nsap:F110,sap,Payment run,true\nsap:FK01,sap,Vendor\xe0\x80\xafmaster,false\n' > inventory/entitlements.csv
