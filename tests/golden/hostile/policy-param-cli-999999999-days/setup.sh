#!/usr/bin/env bash
# hostile/policy-param-cli-999999999-days: `--param window=999999999d` (the language caps durations at 3650000d)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
cat > policy.ward <<'WARD'
package hostile

control "H.1" "Hostile input" {
  intent "Dormancy with absurd windows and dates."
}

param window: duration = 30d

rule dormant "Not active within the window" {
  control "H.1"
  severity high
  for i in identities
  where i.last_active < today - window
  report "{i.id} last active {i.last_active}, before {today - window}"
}
WARD
printf 'id,type,name,last_active\nalice,employee,Alice,2026-11-01\nbob,employee,Bob,1990-01-01\nsvc-batch,service,Batch runner,0001-01-01\n' > inventory/identities.csv
