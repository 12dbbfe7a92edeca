import DSBenchCore

/// An nvbandwidth step on a node without the program is skipped, never failed (the rest of a
/// quarterly review still runs) and never silently passed: its reason says what to install.
enum NvbandwidthAbsence {
    static let install = "build it from NVIDIA's sources (https://github.com/NVIDIA/nvbandwidth: CUDA toolkit, "
        + "cmake and libboost-program-options-dev; `cmake . && make`) and put it on PATH or name its directory "
        + "in defaults.nvbandwidth_path"

    /// The skip for a program that was not found; nil for any other failure to start.
    static func skip(kind: StepKind, why: String) -> StepVerdict? {
        guard kind == .nvbandwidth, why.contains(" not found on node ") else { return nil }
        return StepVerdict(.skipped, "\(why); \(install)")
    }

    /// nvbandwidth exits 0 after a run-level error in its JSON (no CUDA device, say), and after
    /// printing nothing; only the output says so.
    static func failure(_ outcome: CommandOutcome, program: String, node: String) -> String? {
        guard case .nvbandwidth(let report)? = outcome.parsed else { return nil }
        if let error = report.error { return "\(program) on node \(node) reported: \(error)" }
        if report.testcases.isEmpty { return "\(program) on node \(node) exited 0 but printed no testcase" }
        if let failed = report.testcases.first(where: { $0.status == .error }) {
            return "\(program) on node \(node): testcase \(failed.name ?? "?") failed" + (failed.message.map { ": \($0)" } ?? "")
        }
        return nil
    }
}
