import DSBenchCore
import DSBenchExec

/// The profiler trace a workload writes on its node: removed before the run (so that a stale file
/// from an earlier run is never taken for this one's), read back and removed after it.
struct WorkloadTrace: Sendable {
    let executor: any Executor

    func clear(_ path: String) async {
        _ = await executor.run(PlannedCommand(label: "trace-clear", argv: ["rm", "-f", path], timeoutSeconds: 30), output: nil)
    }

    /// The trace's bytes as written (gzip stays gzip; the parser inflates), nil when there is none.
    func collect(_ path: String) async -> [UInt8]? {
        let read = await executor.run(PlannedCommand(label: "trace-collect", argv: ["cat", path], timeoutSeconds: 300),
                                      output: nil)
        await clear(path)
        guard read.termination.isSuccess, !read.stdout.isEmpty else { return nil }
        return read.stdout
    }

    /// Artifact name that keeps the file's compression visible.
    static func artifactName(label: String, path: String) -> String {
        path.hasSuffix(".gz") ? "\(label).trace.json.gz" : "\(label).trace.json"
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
