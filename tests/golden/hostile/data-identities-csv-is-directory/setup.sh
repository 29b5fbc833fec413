#!/usr/bin/env bash
# hostile/data-identities-csv-is-directory: identities.csv is a directory (stands in for an unreadable file: the suite may run as root, where chmod 000 does not stop reads)
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
rm inventory/identities.csv
mkdir inventory/identities.csv
