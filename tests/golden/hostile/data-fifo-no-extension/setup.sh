#!/usr/bin/env bash
# hostile/data-fifo-no-extension: `--data pipe`, a FIFO without extension
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
mkfifo pipe
