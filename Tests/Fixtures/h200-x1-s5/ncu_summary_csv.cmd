ncu --csv --print-summary per-kernel --section SpeedOfLight --launch-skip 2 --launch-count 2 /opt/torch/.venv/bin/python /tmp/gemm.py
start: 2026-12-02T08:00:29Z
exit: 0
