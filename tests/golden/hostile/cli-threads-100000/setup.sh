#!/usr/bin/env bash
# hostile/cli-threads-100000: `--threads 100000`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
