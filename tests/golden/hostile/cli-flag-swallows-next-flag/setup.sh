#!/usr/bin/env bash
# hostile/cli-flag-swallows-next-flag: `--data --policy policy.ward`: --data has no value
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
