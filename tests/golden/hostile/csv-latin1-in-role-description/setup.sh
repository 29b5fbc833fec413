#!/usr/bin/env bash
# hostile/csv-latin1-in-role-description: Latin-1 `ä` (0xE4) in a roles.csv cell, line 2
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,kind,name,description\ng-pay,group,Payments team,Zahlungsl\xe4ufe\n' > inventory/roles.csv
