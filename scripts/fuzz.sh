#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS (docs/fuzzing.md).
#
#   scripts/fuzz.sh TARGET SECONDS [RUNS]      TARGET: yaml json csv expr pack stream
#
# Builds the target incrementally with libFuzzer and AddressSanitizer in
# .build-fuzz/, then fuzzes with the committed seeds in Tests/FuzzCorpus/TARGET
# read-only: new inputs go to .build-fuzz/corpus/TARGET, findings (crash-*,
# timeout-*, oom-*, leak-*) to .build-fuzz/findings/TARGET/. Release build:
# debug Swift runs the pack target at ~50 inputs a second. Prints the
# executions and findings; exits 1 when there is a finding.
# RUNS stops after that many executions (SECONDS still bounds the time). It
# is an argument, not a variable: SwiftPM rebuilds everything (all of
# swift-crypto) when the environment of a build changes.
set -euo pipefail
cd "$(dirname "$0")/.."
# The whole script is one function, read before it runs: editing the file
# does not disturb a run in progress.
main() {

usage() { echo "usage: scripts/fuzz.sh yaml|json|csv|expr|pack|stream SECONDS [RUNS]" >&2; exit 2; }
[[ ($# -eq 2 || ($# -eq 3 && "${3:-}" =~ ^[0-9]+$)) && "$2" =~ ^[0-9]+$ ]] || usage
target=$(tr '[:upper:]' '[:lower:]' <<<"$1")
case "$target" in
  yaml) product=FuzzYAML max_len=16384 ;;
  json) product=FuzzJSON max_len=16384 ;;
  csv) product=FuzzCSV max_len=16384 ;;
  expr) product=FuzzExpr max_len=4096 ;;
  pack) product=FuzzPack max_len=4096 ;;
  stream) product=FuzzStream max_len=8192 ;;
  *) usage ;;
esac

swift build -c release --scratch-path .build-fuzz --product "$product" \
  --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING \
  2>&1 | grep -v "Cannot export local symbol" >&2

work=.build-fuzz/corpus/$target
findings=.build-fuzz/findings/$target
mkdir -p "$work" "$findings"
log=.build-fuzz/$target.log
flags=(-max_total_time="$2" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len="$max_len"
  -artifact_prefix="$findings/" -print_final_stats=1)
[[ $# -eq 3 ]] && flags+=(-runs="$3")
[[ -f Tests/FuzzCorpus/$target.dict ]] && flags+=(-dict="Tests/FuzzCorpus/$target.dict")
before=$(ls "$findings" | wc -l)
set +e
# No leak detection: LeakSanitizer misreads Swift enums that keep their case
# in a pointer's spare bits as leaks, and Foundation leaks small buffers of
# its own (docs/fuzzing.md); -rss_limit_mb and -malloc_limit_mb catch blow-ups.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
  ".build-fuzz/release/$product" "${flags[@]}" "$work" "Tests/FuzzCorpus/$target" >"$log" 2>&1
status=$?
set -e
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
new=$(( $(ls "$findings" | wc -l) - before ))
echo "$product: ${execs:-?} executions, ${rate:-?} exec/s, peak RSS ${rss:-?} MB, exit $status, new findings: $new (log: $log)"
if [[ $new -gt 0 || $status -ne 0 ]]; then
  grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -20 >&2 || true
  ls -t "$findings" | head -"$((new > 0 ? new : 1))" | sed "s|^|  $findings/|" >&2
  exit 1
fi
}
# On one line: bash has read it before `main` runs, so an edit of this file
# during a run cannot make it read on at a shifted offset.
main "$@"; exit $?
