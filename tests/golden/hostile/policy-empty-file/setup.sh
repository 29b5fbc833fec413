#!/usr/bin/env bash
# hostile/policy-empty-file: policy file of 0 bytes
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
: > policy.ward
