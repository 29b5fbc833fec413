#!/usr/bin/env bash
# hostile/data-symlink-loop-json: `--data loop.json` where `loop.json -> loop.json`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
ln -s loop.json loop.json
