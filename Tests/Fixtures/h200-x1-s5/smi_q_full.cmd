nvidia-smi -q
start: 2026-12-02T08:00:21Z
exit: 0
