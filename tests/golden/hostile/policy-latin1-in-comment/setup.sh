#!/usr/bin/env bash
# hostile/policy-latin1-in-comment: Latin-1 byte and a raw 8-bit CSI (0x9B) in a comment, line 1
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '1s/$/  # caf\xe9 \x9b2J/' policy.ward
