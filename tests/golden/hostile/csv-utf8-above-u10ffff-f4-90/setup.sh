#!/usr/bin/env bash
# hostile/csv-utf8-above-u10ffff-f4-90: 4-byte sequence above U+10FFFF (F4 90 80 80) in roles.csv, line 2
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,kind,name\ng-pay,group,Payments \xf4\x90\x80\x80 team\n' > inventory/roles.csv
