#!/usr/bin/env bash
# hostile/csv-overlong-utf8-4-byte-f0-80-80-af: overlong 4-byte `/` (F0 80 80 AF) in edges.csv reason, line 3
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'from,to,relation,reason\nalice,g-pay,member_of,payments\ng-pay,sap:F110,grants,see \xf0\x80\x80\xaf docs\nbob,sap:FK01,grants,\n' > inventory/edges.csv
