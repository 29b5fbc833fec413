#!/usr/bin/env bash
# hostile/cli-unknown-flag-with-terminal-escapes: an unknown flag holding ESC [2J, an OSC 8 hyperlink and BEL
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
