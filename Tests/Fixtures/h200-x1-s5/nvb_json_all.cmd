nvbandwidth -j   (all testcases, v0.8-66746a3 built from NVIDIA sources on the lent machine)
start: 2026-12-02T08:02Z
exit: 0
wall_s: 23
