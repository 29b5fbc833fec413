#!/usr/bin/env bash
# hostile/cli-unknown-flag: `--frobnicate`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
