nvbandwidth -t host_to_device_memcpy_ce device_to_host_memcpy_ce -b 512 -i 3
start: 2026-12-02T08:02Z
exit: 0
wall_s: 3
