#!/usr/bin/env bash
# hostile/cli-today-year-10000: `--today 10000-01-01`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
