#!/usr/bin/env bash
# hostile/policy-raw-escape-bytes-in-syntax-error-line: syntax error on a line that also holds raw ESC [2J and BEL
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
sed -i '9s/severity high/severity high \x1b[2J\x07 oops/' policy.ward
