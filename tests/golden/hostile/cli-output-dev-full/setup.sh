#!/usr/bin/env bash
# hostile/cli-output-dev-full: `--output /dev/full` (every write fails with ENOSPC)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
