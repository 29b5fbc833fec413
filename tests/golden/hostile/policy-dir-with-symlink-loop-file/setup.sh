#!/usr/bin/env bash
# hostile/policy-dir-with-symlink-loop-file: `--policy DIR` where DIR holds a good policy and `loop.ward -> loop.ward`
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/tests/golden/hostile/_base/." .
mkdir policies
mv policy.ward policies/payments.ward
ln -s loop.ward policies/loop.ward
