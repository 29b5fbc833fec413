#!/usr/bin/env bash
# hostile/cli-today-empty-string: `--today ''` (an unset shell variable)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
