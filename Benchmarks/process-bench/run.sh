#!/usr/bin/env bash
# Whole-process comparisons of issue 20: what a user waits for, against what they would
# otherwise run, on the same machine and files, interleaved (A B A B ...).
#
#   Benchmarks/process-bench/run.sh --superbench DIR [--dsbench BIN] [--runs N] [--size-mib N]
#                                   [--large-mib N] [--work DIR]
#
#   --superbench DIR  a checkout of microsoft/superbenchmark (never committed here); without it the
#                     SuperBench comparison is left out and the script says so
#   --dsbench BIN     default .build/release/dsbench (build: swift build -c release --product dsbench)
#   --runs N          timed runs of each command (default 7; start-up commands run 4×N)
#   --size-mib N      size of the concatenated log for `parse` (default 32)
#   --large-mib N     also parse and ingest an N MiB log once each, for memory (default 0: skip)
#
# Exits 1 when any compared command failed (then no ratio is printed for it), 2 on bad usage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
superbench="" dsbench="$root/.build/release/dsbench" runs=7 size_mib=32 large_mib=0 work=""
while [ $# -gt 0 ]; do
    case "$1" in
        --superbench) superbench=$2; shift 2 ;;
        --dsbench) dsbench=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --size-mib) size_mib=$2; shift 2 ;;
        --large-mib) large_mib=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        *) sed -n '2,16p' "$0" >&2; exit 2 ;;
    esac
done
[ -x "$dsbench" ] || { echo "run.sh: $dsbench is not an executable; build it with: swift build -c release --product dsbench" >&2; exit 2; }
if [ -n "$superbench" ] && [ ! -f "$superbench/superbench/benchmarks/micro_benchmarks/cuda_nccl_bw_performance.py" ]; then
    echo "run.sh: $superbench is not a superbenchmark checkout (no superbench/benchmarks/micro_benchmarks/cuda_nccl_bw_performance.py)" >&2
    exit 2
fi
[ -n "$work" ] || work=$(mktemp -d)
mkdir -p "$work"
fixtures="$root/Tests/Fixtures/h200-x8"
peers="$here/peers.py"
time_py="$here/interleave.py"
status=0

# The nccl-tests text captures (as dsbench-bench's parse benchmark takes them), each ending in a
# line break, repeated until the log holds at least N MiB.
build_log() { # $1 MiB, $2 output
    : > "$work/pass.txt"
    for f in "$fixtures"/b_*.txt "$fixtures"/c_*.txt "$fixtures"/d_*.txt "$fixtures"/e_*.txt "$fixtures"/g_*.txt; do
        cat "$f" >> "$work/pass.txt"
        [ -z "$(tail -c 1 "$f")" ] || echo >> "$work/pass.txt"
    done
    : > "$2"
    while [ "$(stat -c %s "$2")" -lt $(( $1 * 1048576 )) ]; do cat "$work/pass.txt" >> "$2"; done
}

echo "# process-bench $(date -u +%FT%TZ)"
echo
echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- dsbench: $("$dsbench" --version) ($dsbench)"
echo "- python: $(python3 --version 2>&1), sqlite3 $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')"
[ -n "$superbench" ] && echo "- superbench: $superbench ($(cd "$superbench" && git rev-parse --short HEAD 2>/dev/null || echo 'no git metadata'))"

big="$work/BIG.txt"
build_log "$size_mib" "$big"
bytes=$(stat -c %s "$big")
echo "- parse input: $big, $bytes bytes ($(( bytes / 1048576 )) MiB), the 13 b_ c_ d_ e_ g_ captures repeated"

parse_cases=(--case "dsbench parse (json)" --stdout "$work/parse.json" -- "$dsbench" parse nccl-tests "$big"
             --case "dsbench parse --format jsonl" --stdout "$work/parse.jsonl" -- "$dsbench" parse nccl-tests --format jsonl "$big")
if [ -n "$superbench" ]; then
    parse_cases+=(--case "SuperBench _process_raw_result" --stdout "$work/superbench.out" -- python3 "$peers" superbench-parse --superbench "$superbench" "$big")
else
    echo "- SuperBench's parser: not run (no --superbench DIR)"
fi
parse_cases+=(--case "Python regex parser" --stdout "$work/regex.json" -- python3 "$peers" regex-parse "$big")
python3 "$time_py" --title "parse nccl-tests, $(( bytes / 1048576 )) MiB" --runs "$runs" --ratio-to "dsbench parse (json)" "${parse_cases[@]}" || status=1
if [ -s "$work/parse.json" ]; then
    python3 - "$work/parse.json" "$work/regex.json" "$work/superbench.out" "$bytes" <<'PY' || status=1
import json, os, sys
ours = json.load(open(sys.argv[1]))
theirs = len(json.load(open(sys.argv[2]))) if os.path.getsize(sys.argv[2]) else None
print(f"\nrecords: dsbench {len(ours['rows'])} rows; regex peer {theirs} rows", end="")
if os.path.exists(sys.argv[3]) and os.path.getsize(sys.argv[3]):
    sb = json.loads(open(sys.argv[3]).read())
    print(f"; SuperBench accepted {sb['parsed']} of {sb['runs']} runs, {sb['values'] // 3} rows with size > 0", end="")
print()
PY
fi

files=()
for f in "$fixtures"/*.txt; do
    case "$(basename "$f")" in b_*|c_*|d_*|e_*|g_*|i_*|f_all_reduce_under_dmon.txt) files+=("$f") ;; esac
done
many=()
for _ in 1 2 3 4 5 6 7 8 9 10; do many+=("${files[@]}"); done
rm -f "$work/ingest.jsonl"
python3 "$time_py" --title "ingest nccl-tests of the ${#files[@]} real captures, one call, fresh database" --runs "$runs" \
    --ratio-to "dsbench ingest (${#files[@]} files)" --json "$work/ingest.jsonl" \
    --case "dsbench ingest (${#files[@]} files)" --fresh "$work/ds.db" -- "$dsbench" ingest --db "$work/ds.db" nccl-tests "${files[@]}" \
    --case "Python regex + sqlite3 (${#files[@]} files)" --fresh "$work/py.db" -- python3 "$peers" regex-ingest --db "$work/py.db" "${files[@]}" \
    --case "dsbench ingest (${#many[@]} files: the ${#files[@]} × 10)" --fresh "$work/ds160.db" -- "$dsbench" ingest --db "$work/ds160.db" nccl-tests "${many[@]}" \
    --case "dsbench ingest (1 file, $(basename "${files[0]}"))" --fresh "$work/ds1.db" -- "$dsbench" ingest --db "$work/ds1.db" nccl-tests "${files[0]}" \
    --case "dsbench ingest (BIG.txt)" --fresh "$work/dsbig.db" -- "$dsbench" ingest --db "$work/dsbig.db" nccl-tests "$big" \
    || status=1
# Left in place by the last run of each case: the small databases for `show` below.
"$dsbench" ingest --db "$work/ds.db" nccl-tests "${files[@]}" >/dev/null 2>&1 || true
if [ -f "$work/ingest.jsonl" ]; then
    python3 - "$work/ingest.jsonl" "$work/dsbig.db" <<'PY' || status=1
import json, sqlite3, statistics, sys
cases = {c["name"]: c for c in json.loads(open(sys.argv[1]).readlines()[-1])["cases"]}
med = {n: statistics.median(c["walls"]) for n, c in cases.items() if not c["failure"]}
one = [n for n in med if n.startswith("dsbench ingest (16 files")]
many = [n for n in med if n.startswith("dsbench ingest (160")]
if one and many:
    print(f"\nper file, amortised over one call: (160-file median − 16-file median) ÷ 144 = "
          f"{(med[many[0]] - med[one[0]]) / 144 * 1e3:.2f} ms")
big = [n for n in med if n.startswith("dsbench ingest (BIG")]
if big:
    rows = sqlite3.connect(sys.argv[2]).execute("SELECT count(*) FROM nccl_results").fetchone()[0]
    print(f"BIG.txt: {rows} rows stored, whole process (read, parse, compress, hash, store): "
          f"{rows / med[big[0]] / 1e3:.0f} k rows/s")
PY
fi

python3 "$time_py" --title "start-up" --runs $(( runs * 4 )) --warmup 3 --ratio-to "dsbench show (16-step run)" \
    --case "true (the harness's own floor)" -- /bin/true \
    --case "dsbench --version" -- "$dsbench" --version \
    --case "dsbench show (16-step run)" -- "$dsbench" show --db "$work/ds.db" \
    --case "Python sqlite3 query of the same run" -- python3 "$peers" show --db "$work/py.db" || status=1

if [ "$large_mib" -gt 0 ]; then
    build_log "$large_mib" "$work/LARGE.txt"
    python3 "$time_py" --title "large input, $(( $(stat -c %s "$work/LARGE.txt") / 1048576 )) MiB, once each" --runs 1 --warmup 0 \
        --case "dsbench parse (json)" -- "$dsbench" parse nccl-tests "$work/LARGE.txt" \
        --case "dsbench parse --format jsonl" -- "$dsbench" parse nccl-tests --format jsonl "$work/LARGE.txt" \
        --case "dsbench ingest" --fresh "$work/large.db" -- "$dsbench" ingest --db "$work/large.db" nccl-tests "$work/LARGE.txt" || status=1
fi

echo
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$status" -eq 0 ] || echo "FAILED: a compared command failed; its ratio is not printed (see above)"
exit "$status"
