#!/usr/bin/env bash
# hostile/csv-terminal-escapes-in-unknown-edge-endpoint: an edge from an unknown node whose id holds an OSC 8 hyperlink, ESC [2J and BEL (error text on stderr)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
printf 'from,to,relation\nalice,g-pay,member_of\ng-pay,sap:F110,grants\n"\x1b]8;;https://evil.example/\x07bob\x1b]8;;\x07\x1b[2J\x07",sap:FK01,grants\n' > inventory/edges.csv
