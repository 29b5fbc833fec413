#!/usr/bin/env bash
# hostile/cli-today-feb-30: `--today 2026-02-30`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
