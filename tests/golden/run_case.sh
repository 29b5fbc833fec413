#!/usr/bin/env bash
# Runs one golden case: `ward` with the arguments in CASE/args (one per
# line), from inside CASE so that paths in messages are short and stable
# (or from the scratch directory CASE/setup.sh prepares, see below),
# then compares stdout with CASE/expected.out, stderr with CASE/expected.err
# and the exit code with CASE/expected.code (0 when absent). A missing
# expected.out / expected.err means "must be empty".
#   run_case.sh WARD CASE_DIR          compare
#   run_case.sh WARD CASE_DIR --update rewrite the expected files (review the diff!)
set -uo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
ward=$1
case_dir=$(cd "$2" && pwd) || exit 2
mode=${3:-}
cd "$case_dir" || exit 2
mapfile -t args < args
# A case marked `slow` (a million-member group...) takes minutes under the
# sanitizers' 10x slowdown; the sanitizer lane (WARD_SANITIZED=1) skips it
# (exit 77: ctest reports it skipped). The normal lane always runs it.
if [ -f slow ] && [ "${WARD_SANITIZED:-}" = 1 ]; then
  echo "skipped under the sanitizers: marked slow"; exit 77
fi
# A case with a setup.sh runs in a scratch directory that the script
# prepares (a git repository with a commit and an edit, say); it gets the
# source tree as WARD_SOURCE_DIR.
if [ -f setup.sh ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && WARD_SOURCE_DIR="$source_dir" bash "$case_dir/setup.sh") >/dev/null 2>&1 || { echo "setup.sh failed"; exit 1; }
  cd "$scratch" || exit 2
fi
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"; [ -n "${scratch:-}" ] && rm -rf "$scratch"' EXIT
timeout 60 "$ward" "${args[@]}" >"$out" 2>"$err"
code=$?
cd "$case_dir" || exit 2
if [ "$mode" = "--update" ]; then
  if [ -s "$out" ]; then cp "$out" expected.out; else rm -f expected.out; fi
  if [ -s "$err" ]; then cp "$err" expected.err; else rm -f expected.err; fi
  if [ "$code" -ne 0 ]; then echo "$code" > expected.code; else rm -f expected.code; fi
  exit 0
fi
status=0
expected_code=0
[ -f expected.code ] && expected_code=$(cat expected.code)
if [ "$code" != "$expected_code" ]; then
  echo "exit code: expected $expected_code, got $code"; status=1
fi
for stream in out err; do
  file="expected.$stream"; actual=$out; [ "$stream" = err ] && actual=$err
  if [ -f "$file" ]; then
    diff -u --label "$file" --label "actual std$stream" "$file" "$actual" || status=1
  elif [ -s "$actual" ]; then
    echo "std$stream: expected nothing, got:"; cat "$actual"; status=1
  fi
done
exit $status
