#!/usr/bin/env bash
# For change-mode cases: makes the current directory a git repository whose
# one commit holds the acme example inventory in inv/ (the baseline that
# --against HEAD reads). The case's setup.sh then edits inv/ (the change).
set -euo pipefail
cp -r "$WARD_SOURCE_DIR/docs/examples/acme" inv
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
git init -q .
git add inv
git -c user.name=ward -c user.email=ward@example.invalid commit -q -m "certified inventory"
