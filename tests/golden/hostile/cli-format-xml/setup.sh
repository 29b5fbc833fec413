#!/usr/bin/env bash
# hostile/cli-format-xml: `--format xml`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
