#!/usr/bin/env bash
# hostile/csv-nul-after-final-newline: a single NUL after the final newline of edges.csv (line 5)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf '\x00' >> inventory/edges.csv
