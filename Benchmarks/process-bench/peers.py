#!/usr/bin/env python3
"""What a user would otherwise run, for process-bench/run.sh to time against dsbench.

  peers.py superbench-parse --superbench DIR LOG   SuperBench's own nccl-tests result parser
  peers.py regex-parse LOG                         a regex parser printing compact JSON
  peers.py regex-ingest --db DB FILE...            regex + sqlite3 executemany, one transaction
  peers.py show --db DB                            a sqlite3 query of the latest run

Each exits 1 (and says why on stderr) when it found nothing: a peer that failed must not pass
for a fast one. Nothing here is imported from dsbench.
"""
import importlib.util
import json
import os
import re
import sqlite3
import sys
import types

# A data row: size count type redop root, then time algbw busbw #wrong twice (in-place may be
# N/A); the redop column is empty for the non-reductions of some versions.
ROW = re.compile(
    r"^[ \t]*(\d+)[ \t]+(\d+)[ \t]+([A-Za-z]\w*)[ \t]+(\w*)[ \t]+(-?\d+)"
    r"[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+))?")


def number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def rows(text):
    # Line by line: a multi-line finditer tries the pattern at every character.
    for line in text.splitlines():
        m = ROW.match(line)
        if m is None:
            continue
        g = m.groups()
        yield (int(g[0]), int(g[1]), g[2], g[3], int(g[4]),
               number(g[5]), number(g[6]), number(g[7]), number(g[8]),
               number(g[9]), number(g[10]), number(g[11]), number(g[12]))


def regex_parse(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        found = list(rows(f.read()))
    if not found:
        sys.exit(f"peers.py: {path}: no rows")
    keys = ("size", "count", "type", "redop", "root", "time_us", "algbw", "busbw", "wrong",
            "ip_time_us", "ip_algbw", "ip_busbw", "ip_wrong")
    # dumps, not dump: dump streams through the pure-Python encoder, 5× slower.
    sys.stdout.write(json.dumps([dict(zip(keys, r)) for r in found], separators=(",", ":")))
    sys.stdout.write("\n")


def load_superbench(root):
    """SuperBench's module with stubs for the three imports it makes (logger, registry, base class):
    the package itself pulls in torch and the rest of SuperBench."""
    path = os.path.join(root, "superbench/benchmarks/micro_benchmarks/cuda_nccl_bw_performance.py")
    if not os.path.isfile(path):
        sys.exit(f"peers.py: {path} not found: pass --superbench DIR, a checkout of microsoft/superbenchmark")
    errors = []
    utils = types.ModuleType("superbench.common.utils")
    utils.logger = types.SimpleNamespace(error=lambda message: errors.append(len(message)), info=lambda *_: None)
    benchmarks = types.ModuleType("superbench.benchmarks")

    class Registry:
        @staticmethod
        def register_benchmark(*args, **kwargs):
            pass

    benchmarks.BenchmarkRegistry = Registry
    benchmarks.Platform = types.SimpleNamespace(CUDA="CUDA", ROCM="ROCM")
    benchmarks.ReturnCode = types.SimpleNamespace()
    micro = types.ModuleType("superbench.benchmarks.micro_benchmarks")
    micro.MicroBenchmarkWithInvoke = type("MicroBenchmarkWithInvoke", (), {})
    for name, module in [("superbench", types.ModuleType("superbench")),
                         ("superbench.common", types.ModuleType("superbench.common")),
                         ("superbench.common.utils", utils), ("superbench.benchmarks", benchmarks),
                         ("superbench.benchmarks.micro_benchmarks", micro)]:
        sys.modules[name] = module
    spec = importlib.util.spec_from_file_location("cuda_nccl_bw_performance", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CudaNcclBwBenchmark, errors


class Result:
    """What SuperBench's BenchmarkResult keeps: raw outputs and result lists by metric."""

    def __init__(self):
        self.raw, self.results = {}, {}

    def add_raw_data(self, metric, value, log_raw_data):
        self.raw.setdefault(metric, []).append(value)

    def add_result(self, metric, value):
        self.results.setdefault(metric, []).append(value)


def superbench_parse(root, path):
    cls, errors = load_superbench(root)
    bench = cls.__new__(cls)
    bench._args = types.SimpleNamespace(operation="allreduce", in_place=False, log_raw_data=False)
    bench._result, bench._curr_run_index, bench._name = Result(), 0, "nccl-bw"
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # The parser reads one nccl-tests run (it keeps the last table of its input): the log is cut
    # before each parameters banner, as each capture would have been handed to it.
    runs = re.split(r"\n(?=# nThread )", text)
    parsed = sum(1 for run in runs if bench._process_raw_result(0, run))
    values = sum(len(v) for v in bench._result.results.values())
    print(json.dumps({"runs": len(runs), "parsed": parsed, "rejected": len(errors), "values": values}))
    if parsed == 0:
        sys.exit(f"peers.py: SuperBench's parser accepted none of the {len(runs)} runs in {path}")


def regex_ingest(db, paths):
    con = sqlite3.connect(db)
    con.executescript("""
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started REAL);
        CREATE TABLE IF NOT EXISTS steps(id INTEGER PRIMARY KEY, run_id INTEGER, name TEXT);
        CREATE TABLE IF NOT EXISTS rows(step_id INTEGER, size INTEGER, count INTEGER, type TEXT,
            redop TEXT, root INTEGER, time_us REAL, algbw REAL, busbw REAL, wrong INTEGER,
            ip_time_us REAL, ip_algbw REAL, ip_busbw REAL, ip_wrong INTEGER);""")
    total = 0
    with con:
        run = con.execute("INSERT INTO runs(started) VALUES (julianday('now'))").lastrowid
        for path in paths:
            with open(path, encoding="utf-8", errors="replace") as f:
                found = list(rows(f.read()))
            step = con.execute("INSERT INTO steps(run_id, name) VALUES (?, ?)",
                               (run, os.path.basename(path))).lastrowid
            con.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            [(step,) + r for r in found])
            total += len(found)
    con.close()
    if total == 0:
        sys.exit("peers.py: no rows in any file")
    print(run)


def show(db):
    if not os.path.exists(db):
        sys.exit(f"peers.py: {db} does not exist")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    run = con.execute("SELECT max(id) FROM runs").fetchone()[0]
    if run is None:
        sys.exit(f"peers.py: no runs in {db}")
    print(f"run {run}")
    for name, n, busbw in con.execute(
            "SELECT s.name, count(r.step_id), max(r.busbw) FROM steps s LEFT JOIN rows r ON r.step_id = s.id "
            "WHERE s.run_id = ? GROUP BY s.id ORDER BY s.id", (run,)):
        print(f"  {name:50} {n:4} rows  max busbw {busbw}")


def main(argv):
    if len(argv) >= 2 and argv[0] == "regex-parse":
        return regex_parse(argv[1])
    if len(argv) >= 4 and argv[0] == "superbench-parse" and argv[1] == "--superbench":
        return superbench_parse(argv[2], argv[3])
    if len(argv) >= 4 and argv[0] == "regex-ingest" and argv[1] == "--db":
        return regex_ingest(argv[2], argv[3:])
    if len(argv) == 3 and argv[0] == "show" and argv[1] == "--db":
        return show(argv[2])
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
