#!/usr/bin/env bash
# hostile/cli-max-errors-0: `--max-errors 0`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
