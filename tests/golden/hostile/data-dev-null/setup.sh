#!/usr/bin/env bash
# hostile/data-dev-null: `--data /dev/null`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
