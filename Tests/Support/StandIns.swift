import Foundation

/// Tiny shell scripts that stand in for `nvidia-smi` and nccl-tests binaries on machines without
/// GPUs: they replay real captures from Tests/Fixtures/h200-x8 (the real programs are exercised on a
/// GPU machine; see docs/validation.md). Each records its argv, one argument per line, so tests can
/// check that arguments arrive as separate elements. A record goes out in one `printf` (one write
/// to the O_APPEND log): dmon's `nvidia-smi` runs beside the nccl stand-ins, and records written
/// line by line interleaved and lost a call (seen once in ten runs).
public struct StandIns {
    public let bin: URL
    public let argvLog: URL
    /// When this file exists, each nccl stand-in run asks every dmon stand-in for one block of
    /// samples and waits (at most 3 s) until they have printed it: a real step lasts seconds and
    /// dmon samples every second, but a replayed step ends in milliseconds, so without the request
    /// its window of the run-long capture would hold no sample, or a racy number of them.
    public var dmonSyncMarker: URL { bin.deletingLastPathComponent().appendingPathComponent("sync-with-dmon") }
    /// One line per block of samples a dmon stand-in has printed (its first block, at start, included).
    public var dmonPrinted: URL { bin.deletingLastPathComponent().appendingPathComponent("dmon.printed") }
    /// The pid of each dmon stand-in (written before `dmon.printed`; it then becomes `sleep`).
    public var dmonPIDs: [pid_t] {
        let text = (try? String(contentsOf: bin.deletingLastPathComponent().appendingPathComponent("dmon.pids"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { pid_t($0) }
    }

    /// Writes the scripts into `dir/bin`. `ncclCaptures` maps a binary name (`all_reduce_perf`) to the
    /// capture it prints.
    public init(in dir: URL, ncclCaptures: [String: String] = ["all_reduce_perf": "b_all_reduce_8-8G_r1.txt"],
                dmonLines: Int = 26) throws {
        bin = dir.appendingPathComponent("bin")
        argvLog = dir.appendingPathComponent("argv.log")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fixtures = Fixtures.url("h200-x8").path
        // dmon's rows go out in one write(2) (`cat` of a small file; the pipe holds 64 KiB): `head`
        // may write them as 4096 bytes and the rest, and a TERM in between left a cut row.
        // The first block (headers and samples) is printed at start, for the run's wait for a
        // first sample; each later block (the same samples) answers one request on the stand-in's FIFO.
        let dmonRows = dir.appendingPathComponent("dmon.rows")
        let dmonBlock = dir.appendingPathComponent("dmon.block")
        let capture = try Fixtures.h200("f_dmon_pucvmet_during_allreduce.txt")
        let rows = capture.split(separator: "\n").prefix(dmonLines)
        try Data(rows.map { $0 + "\n" }.joined().utf8).write(to: dmonRows)
        try Data(rows.filter { !$0.hasPrefix("#") }.map { $0 + "\n" }.joined().utf8).write(to: dmonBlock)
        try write("nvidia-smi", """
            #!/bin/sh
            F='\(fixtures)'
            printf '%s\\n' nvidia-smi "$@" -- >> '\(argvLog.path)'
            case "$1" in
              -L) cat "$F/a_nvidia-smi-L.txt" ;;
              topo) cat "$F/a_topo-m.txt" ;;
              nvlink) cat "$F/a_nvlink-s.txt" ;;
              --query-gpu=*) cat "$F/a_query-gpu_csv.txt" ;;
              dmon)
                fifo='\(dir.path)'/dmon.$$.fifo
                mkfifo "$fifo"; exec 3<>"$fifo"
                cat '\(dmonRows.path)'; echo $$ >> '\(dir.path)/dmon.pids'; echo x >> '\(dmonPrinted.path)'
                while read request <&3; do cat '\(dmonBlock.path)'; echo x >> '\(dmonPrinted.path)'; done ;;
              "") cat "$F/a_nvidia-smi.txt" ;;
              *) echo "stand-in nvidia-smi: unknown arguments $*" >&2; exit 2 ;;
            esac
            """)
        for (binary, capture) in ncclCaptures {
            try write(binary, """
                #!/bin/sh
                F='\(fixtures)'
                printf '%s\\n' '\(binary)' "$@" -- >> '\(argvLog.path)'
                prev=""
                for a in "$@"; do
                  if [ "$a" = "-h" ]; then cat "$F/00_all_reduce_perf_help.txt"; exit 0; fi
                  if [ "$prev" = "-J" ]; then
                    printf '{"version": 3, "env": ["PATH=/usr/bin", "SECRET_TOKEN=hunter2"], "results": []}' > "$a"
                    echo "# Writing JSON output to $a"
                  fi
                  prev="$a"
                done
                if [ -e '\(dir.path)/sync-with-dmon' ]; then
                  \(requestDmonSamples(seconds: 3))
                fi
                cat "$F/\(capture)"
                """)
        }
    }

    /// Every nccl run of this suite has dmon beside it: make the replay wait for dmon's output.
    public func syncWithDmon() throws {
        try Data().write(to: dmonSyncMarker)
    }

    /// Shell lines that ask every running dmon stand-in for one more block of samples and wait (at
    /// most `seconds`) until they have printed it, for stand-in workloads that must not end before
    /// the run-long capture beside them has written samples into their window. A wait that runs
    /// out just goes on: the test's own expectations then say what was missing.
    public func requestDmonSamplesScript(seconds: Int = 3) -> String {
        requestDmonSamples(seconds: seconds)
    }

    /// A FIFO whose stand-in was killed has no reader: `timeout` keeps the request from blocking.
    private func requestDmonSamples(seconds: Int) -> String {
        let dir = bin.deletingLastPathComponent().path
        return """
        before=$(cat '\(dmonPrinted.path)' 2>/dev/null | wc -l); asked=0
        for f in '\(dir)'/dmon.*.fifo; do
          [ -p "$f" ] && timeout 1 sh -c 'echo x > "$1"' _ "$f" && asked=$((asked+1))
        done
        i=0; while [ "$(cat '\(dmonPrinted.path)' 2>/dev/null | wc -l)" -lt $((before+asked)) ] && [ $i -lt \(seconds * 100) ]; do sleep 0.01; i=$((i+1)); done
        """
    }

    /// Adds another executable script to the stand-in bin folder.
    public func write(_ name: String, _ body: String) throws {
        let url = bin.appendingPathComponent(name)
        try Data((body + "\n").utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    /// Every recorded invocation: program name and its argv (without argv[0]).
    public func invocations() throws -> [(program: String, args: [String])] {
        guard let text = try? String(contentsOf: argvLog, encoding: .utf8) else { return [] }
        var out: [(String, [String])] = []
        var current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "--" {
                if let program = current.first { out.append((program, Array(current.dropFirst()))) }
                current = []
            } else {
                current.append(line)
            }
        }
        return out
    }

    /// `PATH` with the stand-ins first.
    public func path(prepending to: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") -> String {
        bin.path + ":" + to
    }
}
