#!/usr/bin/env bash
# hostile/policy-fifo: `--policy` names a FIFO (nobody writes to it)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
rm policy.ward
mkfifo policy.ward
