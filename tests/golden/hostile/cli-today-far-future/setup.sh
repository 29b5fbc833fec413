#!/usr/bin/env bash
# hostile/cli-today-far-future: `--today 9999-12-31` (valid)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
