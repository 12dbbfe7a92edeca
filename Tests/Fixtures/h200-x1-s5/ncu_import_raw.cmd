ncu --import /tmp/prof.ncu-rep --csv --page raw
start: 2026-12-02T08:00:43Z
exit: 0
