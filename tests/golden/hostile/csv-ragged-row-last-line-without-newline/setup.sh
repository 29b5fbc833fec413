#!/usr/bin/env bash
# hostile/csv-ragged-row-last-line-without-newline: last line of edges.csv has 2 fields and no final newline
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'from,to,relation\nalice,g-pay,member_of\ng-pay,sap:F110,grants\nbob,sap:FK01' > inventory/edges.csv
