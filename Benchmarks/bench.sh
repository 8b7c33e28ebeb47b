#!/usr/bin/env bash
# The benchmark of issue 7: the whole job — read, check against the ten
# rules of Benchmarks/pack, write the failing findings as CSV — on generated
# districts of N schools, for both input formats, plus the YAML path
# (a folder of school files) against libyaml's own parse time.
#
#   Benchmarks/bench.sh [-r RUNS] [N...]        (default: 3 runs; N = 1000 10000 100000)
#   DUDAO_BENCH_YAML_N=1000                      (schools in the YAML folder case; 0: skip)
#   DUDAO_BENCH_FORMATS=jsonl,csv                (input formats to measure;
#                                                add "record" for `check --record`
#                                                into a new ledger, JSON Lines data)
#
# Reports per case the best and median wall time of RUNS runs, schools per
# second (at the best time), the largest peak RSS and the least user CPU
# time. Generated data is kept in $DUDAO_BENCH_DIR (default /tmp/dudao-bench;
# N = 100000 needs ~1.1 GB).
# This is a measurement, not a test: nothing here fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
if [ "${1:-}" = "-r" ]; then runs=$2; shift 2; fi
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
data=${DUDAO_BENCH_DIR:-/tmp/dudao-bench}
mkdir -p "$data"
swift build -c release >/dev/null
bin=$PWD/.build/release/dudao
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores; $(uptime | sed 's/.*load average/load average/')"

# measure LABEL N CMD...: RUNS runs; best/median wall, schools/s, peak RSS.
measure() {
  local label=$1 n=$2; shift 2
  : > "$out/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M %U" -o "$out/t" "$@" >/dev/null 2>"$out/err" || [ $? -eq 1 ] || { cat "$out/err" >&2; exit 1; }
    cat "$out/t" >> "$out/times"
  done
  python3 - "$label" "$n" "$out/times" <<'PY'
import statistics, sys
label, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# /usr/bin/time adds "Command exited with non-zero status 1" (exit 1: findings failed).
rows = [tuple(map(float, l.split())) for l in open(path) if l.strip() and not l.startswith("Command")]
walls = sorted(r[0] for r in rows); peak = max(r[1] for r in rows) / 1024
best, med = walls[0], statistics.median(walls)
cpu = min(r[2] for r in rows)
print(f"{label:<34} best {best:7.2f} s  median {med:7.2f} s  {n / max(best, 1e-3):>9,.0f} schools/s  peak {peak:6.0f} MB  cpu {cpu:6.2f} s")
PY
}

check=("$bin" check --rules Benchmarks/pack --as-of 2026-11-23 --format csv --status fail --output "$out/findings.csv")

for n in "${sizes[@]}"; do
  [ -f "$data/district_$n.jsonl" ] || python3 Benchmarks/gen.py 42 "$n" "$data" >/dev/null
  case ${DUDAO_BENCH_FORMATS:-jsonl,csv} in *jsonl*)
    measure "JSON Lines, N=$n" "$n" "${check[@]}" "$data/district_$n.jsonl"
    echo "  failing findings: $(($(wc -l < "$out/findings.csv") - 1))";; esac
  case ${DUDAO_BENCH_FORMATS:-jsonl,csv} in *csv*)
    measure "CSV tables, N=$n" "$n" "${check[@]}" "$data/csv_$n"
    echo "  failing findings: $(($(wc -l < "$out/findings.csv") - 1))";; esac
  # The inspectors' job: the same check recorded in a new ledger (SQLite,
  # one hash-chained event per failing finding); the ledger is removed
  # before each run.
  case ${DUDAO_BENCH_FORMATS:-jsonl,csv} in *record*)
    measure "JSON Lines --record, N=$n" "$n" sh -c 'rm -f "$1" "$1-wal" "$1-shm"; shift; exec "$@"' _ "$out/ledger.db" \
      "${check[@]}" --record --ledger "$out/ledger.db" "$data/district_$n.jsonl";; esac
done

# The YAML path: one file per school (`school:` + the JSON object, which is
# YAML); N from $DUDAO_BENCH_YAML_N (default 1000; 0 skips it).
n=${DUDAO_BENCH_YAML_N:-1000}
[ "$n" -gt 0 ] || exit 0
[ -f "$data/district_$n.jsonl" ] || python3 Benchmarks/gen.py 42 "$n" "$data" >/dev/null
yaml=$data/yaml_$n
if [ ! -d "$yaml" ]; then
  mkdir -p "$yaml"
  python3 - "$data/district_$n.jsonl" "$yaml" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    with open(f"{sys.argv[2]}/{json.loads(line)['id']}.yaml", "w", encoding="utf-8") as f:
        f.write("school: " + line)
PY
fi
cc -O2 -o "$out/yaml-parse" Benchmarks/yaml-parse.c -lyaml
measure "YAML folder, N=$n (dudao)" "$n" "${check[@]}" "$yaml"
measure "YAML folder, N=$n (libyaml parse)" "$n" sh -c "find '$yaml' -name '*.yaml' -print0 | xargs -0 '$out/yaml-parse'"
