#!/usr/bin/env bash
# hostile/csv-header-only-every-table-builtin-pack: every table header-only, built-in ISO pack
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'id,type,name,status,owner,department,manager,created,last_active,terminated,expires,purpose\n' > inventory/identities.csv
printf 'id,kind,name,owner,description\n' > inventory/roles.csv
printf 'id,system,name,privileged,owner\n' > inventory/entitlements.csv
printf 'from,to,relation,granted,expires,approved_by,reason\n' > inventory/edges.csv
printf 'id,left,right,severity,description\n' > inventory/sod_rules.csv
printf 'rule,identity,approved_by,expires,reason\n' > inventory/exceptions.csv
printf 'identity,target,reviewer,date,decision\n' > inventory/reviews.csv
