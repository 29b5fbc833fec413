#!/usr/bin/env bash
# hostile/data-symlink-loop-dir: `--data loop` where `loop -> loop`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
ln -s loop loop
