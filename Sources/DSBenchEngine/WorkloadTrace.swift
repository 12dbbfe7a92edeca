import DSBenchCore
import DSBenchExec
import Foundation

/// The profiler trace a workload writes on its node. dsbench never deletes a file it did not make:
/// whatever is at the path before the job (a stale trace, or a file the path names by mistake) is
/// moved aside, and only the trace the job wrote is removed, once its bytes are stored.
struct WorkloadTrace: Sendable {
    let executor: any Executor

    /// Moves an existing file (or link) at `path` to `aside` without replacing anything there;
    /// returns where it went, nil when the path was free. A move that fails is reported too: the
    /// job then writes beside a file that is not its trace, and the step says so.
    func moveAside(_ path: String, to aside: String) async -> MoveAside? {
        let script = """
            [ -e "$1" ] || [ -L "$1" ] || exit 0
            [ -e "$2" ] && { echo "$2 exists" >&2; exit 3; }
            mv -- "$1" "$2" && echo moved
            """
        let result = await executor.run(PlannedCommand(label: "trace-aside", argv: ["sh", "-c", script, "dsbench-trace", path, aside],
                                                       timeoutSeconds: 30), output: nil)
        let said = String(decoding: result.stdout + result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if result.termination.isSuccess && said.isEmpty { return nil }
        return MoveAside(path: path, aside: aside, moved: result.termination.isSuccess, detail: said)
    }

    /// The trace's bytes as written (gzip stays gzip; the parser inflates), nil when there is none.
    func read(_ path: String) async -> [UInt8]? {
        let read = await executor.run(PlannedCommand(label: "trace-collect", argv: ["cat", path], timeoutSeconds: 300),
                                      output: nil)
        guard read.termination.isSuccess, !read.stdout.isEmpty else { return nil }
        return read.stdout
    }

    /// Removes the trace the job wrote, after its bytes are stored as an artifact.
    func remove(_ path: String) async {
        _ = await executor.run(PlannedCommand(label: "trace-remove", argv: ["rm", "-f", "--", path], timeoutSeconds: 30),
                               output: nil)
    }

    /// Artifact name that keeps the file's compression visible.
    static func artifactName(label: String, path: String) -> String {
        path.hasSuffix(".gz") ? "\(label).trace.json.gz" : "\(label).trace.json"
    }

    /// Where a file found at the trace path goes: beside it, named after the run and step.
    static func asidePath(_ path: String, runID: Int64, stepSeq: Int) -> String {
        "\(path).before-dsbench-run\(runID)-step\(stepSeq)"
    }
}

/// A file that was at the trace path before the job.
struct MoveAside: Sendable {
    var path: String
    var aside: String
    var moved: Bool
    var detail: String

    /// The note stored with the step (artifact `<label>.trace-aside.txt`).
    var note: String {
        moved ? "a file was already at the trace path \(path); dsbench never deletes a file it did not create and moved it to \(aside)"
            : "a file is already at the trace path \(path) and could not be moved aside (\(detail)); it was left as it was"
    }
}

extension WorkloadReport {
    /// Failures from stderr join those from stdout (torchrun prints its report to stderr).
    func adding(failuresOf other: WorkloadReport) -> WorkloadReport {
        var merged = self
        merged.failures += other.failures
        return merged
    }
}
