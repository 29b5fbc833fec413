#!/usr/bin/env bash
# hostile/cli-missing-flag-value-at-end: `--data` as the last argument
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
