#!/usr/bin/env bash
# hostile/csv-lookalike-ids-are-distinct: ids `alice`/`аlice` (Cyrillic а) and NFC/NFD `josé`: distinct ids, not duplicates
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner\nalice,employee,Alice,active,\n\xd0\xb0lice,employee,Cyrillic a,active,\njos\xc3\xa9,employee,NFC,active,\njose\xcc\x81,employee,NFD,active,\nbob,employee,Bob,active,\n' > inventory/identities.csv
printf 'from,to,relation\nalice,g-pay,member_of\ng-pay,sap:F110,grants\n\xd0\xb0lice,g-pay,member_of\njos\xc3\xa9,g-pay,member_of\njose\xcc\x81,g-pay,member_of\n' > inventory/edges.csv
