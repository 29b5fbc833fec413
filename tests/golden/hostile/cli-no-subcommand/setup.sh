#!/usr/bin/env bash
# hostile/cli-no-subcommand: no subcommand
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
