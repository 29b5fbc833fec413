#!/usr/bin/env bash
# hostile/cli-param-without-equals: `--param window` (no `=`)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
