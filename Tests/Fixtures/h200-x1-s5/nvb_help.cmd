nvbandwidth --help   (prints the version lines first; `--version` is not an option and exits non-zero)
start: 2026-12-02T08:02Z
exit: 0
