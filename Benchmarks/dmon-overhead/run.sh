#!/usr/bin/env bash
# What dsbench costs per step on a GPU node, with and without its dmon capture, as the difference
# to the same nccl-tests commands run by hand (issue 13: a dmon per step cost 0.87 s a step).
#
#   Benchmarks/dmon-overhead/run.sh --dsbench PATH --nccl-tests DIR [--steps 10] [--rounds 2] [--gpus 1]
#
# Each round runs, interleaved: the N commands by hand (a shell loop over the argv that
# `dsbench plan --json` prints), `dsbench run` of the suite without captures, and with dmon.
# Prints each wall time, then per mode the median overhead per step: (dsbench − by hand) ÷ N.
# Exits non-zero, printing no overhead, when any command failed: a failed run is not a time.
set -euo pipefail

dsbench="" nccl="" steps=10 rounds=2 gpus=1
while [ $# -gt 0 ]; do
    case "$1" in
        --dsbench) dsbench="$2"; shift 2 ;;
        --nccl-tests) nccl="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --gpus) gpus="$2"; shift 2 ;;
        *) echo "run.sh: unknown argument '$1' (see the header of $0)" >&2; exit 64 ;;
    esac
done
if [ -z "$dsbench" ] || [ -z "$nccl" ]; then
    echo "run.sh: --dsbench PATH and --nccl-tests DIR are required (DIR holds all_reduce_perf)" >&2; exit 64
fi
[ -x "$nccl/all_reduce_perf" ] || { echo "run.sh: no executable $nccl/all_reduce_perf" >&2; exit 66; }

work="$(mktemp -d /tmp/dmon-overhead.XXXXXX)"
trap 'rm -rf "$work"' EXIT
suite() {  # $1: captures line
    cat <<YAML
suite: dmon-overhead
nodes: [local]
defaults:
  env: {NCCL_NVLS_ENABLE: "0"}
  nccl_tests_path: ["$nccl"]
$1
steps:
  - name: all_reduce
    nccl: all_reduce
    sizes: {min: 8, max: 128M, factor: 2}
    gpus: $gpus
    iters: 20
    warmup: 5
    repeat: $steps
YAML
}
suite "" > "$work/plain.yaml"
suite "captures: {dmon: {metrics: pucvmet, interval: 1}}" > "$work/dmon.yaml"

# The by-hand argv is the one dsbench plans (and, with --no-nccl-json, runs unchanged).
mapfile -t argv < <("$dsbench" plan --json "$work/plain.yaml" | python3 -c '
import json, sys
for arg in json.load(sys.stdin)["steps"][0]["commands"][0]["argv"]: print(arg)')
argv[0]="$nccl/${argv[0]}"

now() { date +%s.%N; }
failed=0
by_hand() {
    local i
    for ((i = 0; i < steps; i++)); do NCCL_NVLS_ENABLE=0 "${argv[@]}" > /dev/null || failed=1; done
}
dsbench_run() {  # $1: suite file. Exit 2 is the verdict on one GPU (nothing to compare); a step that did not complete is a failure.
    "$dsbench" run --no-nccl-json --db "$work/runs.db" "$1" > "$work/last.out" 2> "$work/last.err" || true
    "$dsbench" show latest --json --db "$work/runs.db" | python3 -c '
import json, sys
steps = json.load(sys.stdin)["steps"]
sys.exit(0 if len(steps) == int(sys.argv[1]) and all(s["status"] == "completed" for s in steps) else 1)' "$steps" || failed=1
}

declare -a hand plain dmon
for ((r = 1; r <= rounds; r++)); do
    t0=$(now); by_hand; t1=$(now)
    dsbench_run "$work/plain.yaml"; t2=$(now)
    dsbench_run "$work/dmon.yaml"; t3=$(now)
    hand+=("$(echo "$t1 - $t0" | awk '{print $1 - $3}')")
    plain+=("$(echo "$t2 - $t1" | awk '{print $1 - $3}')")
    dmon+=("$(echo "$t3 - $t2" | awk '{print $1 - $3}')")
    printf 'round %d: by hand %.3f s, dsbench %.3f s, dsbench + dmon %.3f s\n' "$r" "${hand[-1]}" "${plain[-1]}" "${dmon[-1]}"
done
if [ "$failed" -ne 0 ]; then
    echo "a command failed (see $work/last.err): no overhead is printed" >&2
    trap - EXIT; exit 1
fi
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mh=$(median "${hand[@]}"); mp=$(median "${plain[@]}"); md=$(median "${dmon[@]}")
awk -v h="$mh" -v p="$mp" -v d="$md" -v n="$steps" 'BEGIN {
    printf "median of %s: by hand %.3f s, dsbench %.3f s (%.2fx), dsbench + dmon %.3f s (%.2fx)\n", n " steps", h, p, p / h, d, d / h
    printf "overhead per step: dsbench %.1f ms, dsbench + dmon %.1f ms\n", (p - h) * 1000 / n, (d - h) * 1000 / n
}'
