#!/usr/bin/env bash
# Times `dudao check` (release build) on the example district and on generated
# districts. The generator is not part of the repository: pass the path of a
# copy of gen.py (`gen.py SEED N OUTDIR`, writes district_N.jsonl).
#   Benchmarks/check-timing.sh path/to/gen.py [N...]      (default N: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${1:?usage: Benchmarks/check-timing.sh path/to/gen.py [N...]}
shift
sizes=("${@:-1000}" )
[ $# -eq 0 ] && sizes=(1000 10000)
swift build -c release >/dev/null
bin=.build/release/dudao
out=$(mktemp -d)
measure() {  # label, args...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/t" "$bin" "$@" >/dev/null 2>&1 || true
  read -r secs kb < "$out/t"
  printf '%-40s %8.2f s %8d MB\n' "$label" "$secs" $((kb / 1024))
}
measure "examples/district (8 schools)" check --as-of 2026-11-23 examples/district
for n in "${sizes[@]}"; do
  python3 "$gen" 42 "$n" "$out" >/dev/null
  measure "generated $n schools, JSON report" check --as-of 2026-11-23 --format json --output /dev/null "$out/district_$n.jsonl"
  measure "generated $n schools, failing as CSV" check --as-of 2026-11-23 --status fail --format csv --output /dev/null "$out/district_$n.jsonl"
done
rm -rf "$out"
