#!/usr/bin/env python3
"""Times whole commands interleaved (A B A B ...), so that a change in the shared machine's load
falls on both sides alike, and prints min / median / max wall time and peak memory of each.

  interleave.py --title T --runs N [--ratio-to NAME] [--warmup N] [--json FILE] \
      --case NAME [--fresh PATH] [--stdout FILE] -- ARGV... \
      --case NAME ... -- ARGV...

Options come before the first `--case`: after it, everything up to the next `--case` is argv.
`--fresh PATH` removes PATH (and its -wal, -shm) before each run of that case, untimed.
`--stdout FILE` keeps the case's last stdout in FILE (else it goes to /dev/null).
Each case's argv runs as given (no shell). Wall time: spawn to reap. Peak memory: one more,
untimed run under GNU `/usr/bin/time -f %M` (a child of this Python script would inherit the
script's own high-water mark through vfork and exec, about 15 MiB). A run that exits non-zero fails the comparison: no ratio is printed for it,
the output says which command failed and how, and the exit status is 1.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def parse(argv):
    options = {"title": "", "runs": 5, "ratio_to": None, "warmup": 1, "json": None}
    cases = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--case":
            case = {"name": argv[i + 1], "fresh": None, "stdout": None}
            i += 2
            while argv[i] != "--":
                key = argv[i][2:].replace("-", "_")
                case[key] = argv[i + 1]
                i += 2
            end = i + 1
            while end < len(argv) and argv[end] != "--case":
                end += 1
            case["argv"] = argv[i + 1:end]
            cases.append(case)
            i = end
        elif a in ("--title", "--runs", "--ratio-to", "--warmup", "--json"):
            options[a[2:].replace("-", "_")] = argv[i + 1]
            i += 2
        else:
            sys.exit(f"interleave.py: unknown argument {a!r}\n{__doc__}")
    if not cases:
        sys.exit(__doc__)
    return options, cases


def peak_rss(case):
    """Bytes, from one untimed run under GNU time (its own footprint is about 1 MiB)."""
    report = case["stderr_file"] + ".rss"
    once(dict(case, argv=["/usr/bin/time", "-o", report, "-f", "%M"] + case["argv"]))
    with open(report) as f:
        kib = int(f.read().split()[-1])
    os.remove(report)
    return kib * 1024


def once(case):
    if case["fresh"]:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(case["fresh"] + suffix)
            except FileNotFoundError:
                pass
    out = open(case["stdout"] or os.devnull, "wb")
    err = open(case["stderr_file"], "wb")
    start = time.perf_counter()
    child = subprocess.Popen(case["argv"], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    child.wait()
    wall = time.perf_counter() - start
    out.close()
    err.close()
    return wall, child.returncode


def main():
    options, cases = parse(sys.argv[1:])
    runs, warmup = int(options["runs"]), int(options["warmup"])
    for n, case in enumerate(cases):
        case["stderr_file"] = f"{case['stdout'] or '/tmp/interleave'}.{os.getpid()}.{n}.stderr"
        case["walls"], case["peaks"], case["failure"] = [], [], None
    for round_ in range(warmup + runs):
        for case in cases:
            if case["failure"]:
                continue
            wall, rc = once(case)
            if rc != 0:
                with open(case["stderr_file"], errors="replace") as f:
                    tail = f.read()[-600:]
                case["failure"] = f"exit status {rc} (run {round_ + 1}); stderr ends: {tail.strip()!r}"
            elif round_ >= warmup:
                case["walls"].append(wall)
    for case in cases:
        if not case["failure"]:
            case["peaks"].append(peak_rss(case))
    print(f"\n### {options['title']}  ({runs} runs each, interleaved, after {warmup} warm-up)\n")
    print("| command | min ms | median ms | max ms | peak RSS MiB |")
    print("|---|---|---|---|---|")
    failed = [c for c in cases if c["failure"]]
    for c in cases:
        if c["failure"]:
            print(f"| {c['name']} | FAILED: {c['failure']} | | | |")
            continue
        w = c["walls"]
        print(f"| {c['name']} | {min(w) * 1e3:.1f} | {statistics.median(w) * 1e3:.1f} | {max(w) * 1e3:.1f} "
              f"| {max(c['peaks']) / 2**20:.1f} |")
    base = next((c for c in cases if c["name"] == options["ratio_to"]), None)
    if base is not None:
        print()
        if failed:
            print("no ratio: " + ", ".join(c["name"] for c in failed) + " failed (see above)")
        else:
            b = statistics.median(base["walls"])
            for c in cases:
                if c is base:
                    continue
                m = statistics.median(c["walls"])
                print(f"- {c['name']} median ÷ {base['name']} median: {m / b:.2f}× "
                      f"(range of per-round ratios {min(x / y for x, y in zip(c['walls'], base['walls'])):.2f}–"
                      f"{max(x / y for x, y in zip(c['walls'], base['walls'])):.2f})")
    if options["json"]:
        with open(options["json"], "a") as f:
            f.write(json.dumps({"title": options["title"], "cases": [
                {k: c[k] for k in ("name", "argv", "walls", "peaks", "failure")} for c in cases]}) + "\n")
    for c in cases:
        try:
            os.remove(c["stderr_file"])
        except FileNotFoundError:
            pass
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
