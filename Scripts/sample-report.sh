#!/usr/bin/env bash
# Builds reports/sample/ from the bundled real 8×H200 captures (Tests/Fixtures/h200-x8/):
#   bash Scripts/sample-report.sh
#
# The captures come from one host; to show the fleet parts of a report they are laid out as
# three logical nodes of suite `sample-h200` (the same layout as the report tests' SampleFleet):
#   run 1 (the baseline): h200-a all_reduce = the r2 repeat
#   run 2: h200-a all_reduce = r1, the other four collectives, inventory and nvidia-smi dmon;
#          h200-b all_reduce = the -c 1 -n 50 capture;
#          h200-c all_reduce = the NCCL_P2P_DISABLE=1 capture (shared memory instead of NVLink)
# and run 2 is reported against run 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no
export PATH="/opt/swift/usr/bin:$PATH"

captures=Tests/Fixtures/h200-x8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --product dsbench >/dev/null
dsbench="$(swift build --show-bin-path)/dsbench"
db="$work/sample.db"

stage() {  # stage NODE NAME CAPTURE: the capture under the step name it gets in the report
    mkdir -p "$work/$1"
    cp "$captures/$3" "$work/$1/$2"
    echo "$work/$1/$2"
}
ingest() {  # ingest KIND NODE RUN FILE…: prints the run id
    local kind=$1 node=$2 run=$3
    shift 3
    if [ "$run" = new ]; then
        "$dsbench" ingest "$kind" "$@" --node "$node" --suite sample-h200 --db "$db" | tail -n 1
    else
        "$dsbench" ingest "$kind" "$@" --node "$node" --run "$run" --db "$db" | tail -n 1
    fi
}

baseline=$(ingest nccl-tests h200-a new "$(stage base all_reduce.txt b_all_reduce_8-8G_r2.txt)")
run=$(ingest nccl-tests h200-a new \
    "$(stage h200-a all_reduce.txt b_all_reduce_8-8G_r1.txt)" \
    "$(stage h200-a all_gather.txt c_all_gather_8-1G.txt)" \
    "$(stage h200-a reduce_scatter.txt c_reduce_scatter_8-1G.txt)" \
    "$(stage h200-a alltoall.txt c_alltoall_8-1G.txt)" \
    "$(stage h200-a broadcast.txt c_broadcast_8-1G.txt)")
for node in h200-a h200-b h200-c; do
    ingest query-gpu "$node" "$run" "$(stage "$node" query-gpu.txt a_query-gpu_csv.txt)" >/dev/null
done
ingest topo h200-a "$run" "$(stage h200-a topo.txt a_topo-m.txt)" >/dev/null
ingest smi-summary h200-a "$run" "$(stage h200-a nvidia-smi.txt a_nvidia-smi.txt)" >/dev/null
ingest uname h200-a "$run" "$(stage h200-a uname.txt a_uname.txt)" >/dev/null
ingest os-release h200-a "$run" "$(stage h200-a os-release.txt a_os-release.txt)" >/dev/null
ingest dmon h200-a "$run" "$(stage h200-a dmon.txt f_dmon_pucvmet_during_allreduce.txt)" >/dev/null
ingest nccl-tests h200-b "$run" "$(stage h200-b all_reduce.txt b_all_reduce_8-8G_c1_n50.txt)" >/dev/null
ingest nccl-tests h200-c "$run" "$(stage h200-c all_reduce.txt e_p2p_disable.txt)" >/dev/null

rm -rf reports/sample
"$dsbench" report "$run" --baseline "$baseline" --format html,md,json -o reports/sample --db "$db"
