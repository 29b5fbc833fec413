#!/usr/bin/env bash
# Runs one fuzz target (tests/fuzz/) on its seed corpus, built fresh from the
# repository's own inputs: policies, goldens and examples.
#   run.sh --fuzz   [--seconds N] [--work DIR] TARGET   fuzz for N seconds (libFuzzer build)
#   run.sh --replay [--work DIR] TARGET                  run every seed and regression input once
# TARGET is the path of a built fuzz_* binary (build-fuzz/tests/fuzz/fuzz_policy).
# A crash leaves its input in DIR/crash-*; copy it to
# tests/fuzz/regressions/<target>/ so every build replays it from then on.
# Longer local runs: tools/fuzz/run.sh --fuzz --seconds 600 build-sanitize/tests/fuzz/fuzz_csv_inventory
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode="" seconds=20 work=""
while [ $# -gt 1 ]; do
  case "$1" in
    --fuzz|--replay) mode=${1#--}; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
target=${1:?usage: run.sh --fuzz|--replay [--seconds N] [--work DIR] TARGET}
[ -n "$mode" ] || { echo "run.sh: say --fuzz or --replay" >&2; exit 2; }
name=$(basename "$target")
work=${work:-$(mktemp -d)}
mkdir -p "$work"
seeds="$work/seeds"
rm -rf "$seeds"; mkdir -p "$seeds"

# Inputs of the repository, not build trees or scratch copies; at most 256 KB each.
repo_files() {
  (cd "$root" && find policies stdlib docs tests -type f -name "$1" -size -256k 2>/dev/null | sort)
}
n=0
case "$name" in
  fuzz_policy|fuzz_check)
    while read -r f; do n=$((n + 1)); cp "$root/$f" "$seeds/$n.ward"; done < <(repo_files '*.ward') ;;
  fuzz_json_inventory)
    while read -r f; do n=$((n + 1)); cp "$root/$f" "$seeds/$n.json"; done < <(repo_files '*.json') ;;
  fuzz_csv_inventory)
    # A whole inventory as identities <FF> entitlements <FF> edges, and each edges file alone.
    while read -r f; do
      dir=$(dirname "$root/$f")
      n=$((n + 1)); cp "$root/$f" "$seeds/$n.csv"
      if [ -f "$dir/identities.csv" ] && [ -f "$dir/entitlements.csv" ]; then
        n=$((n + 1))
        { cat "$dir/identities.csv"; printf '\f'; cat "$dir/entitlements.csv"; printf '\f'; cat "$root/$f"; } > "$seeds/$n.csv"
      fi
    done < <(repo_files 'edges.csv') ;;
  *) echo "run.sh: unknown target $name" >&2; exit 2 ;;
esac
regressions="$root/tests/fuzz/regressions/$name"
mkdir -p "$work/regressions"
[ -d "$regressions" ] && cp -r "$regressions/." "$work/regressions/"
echo "$name: $n seed inputs, $(find "$work/regressions" -type f | wc -l) regression inputs"

if [ "$mode" = replay ]; then
  exec "$target" "$seeds" "$work/regressions"
fi
mkdir -p "$work/corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
if ! "$target" "$work/corpus" "$seeds" "$work/regressions" -max_total_time="$seconds" -timeout=10 \
     -rss_limit_mb=2560 -artifact_prefix="$work/" -print_final_stats=1 2>"$work/fuzz.log"; then
  tail -60 "$work/fuzz.log"
  echo "$name: FAILED; the input is in $work/ (crash-*, timeout-*, oom-*); add it to tests/fuzz/regressions/$name/" >&2
  exit 1
fi
grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|cov:' "$work/fuzz.log" | tail -3
echo "$name: no finding in ${seconds}s"
