import DSBenchCore

extension StepJudge {
    /// A workload that exited 0 still fails when a declared metric never appeared (the job did not
    /// train, or its output format changed) or when its output shows a recognised failure.
    static func workloadFailure(_ outcome: CommandOutcome, program: String, node: String) -> String? {
        guard case .workload(let report)? = outcome.parsed else { return nil }
        if let summary = report.failureSummary, report.failures.contains(where: { $0.kind != .ncclError }) {
            return "\(program) on node \(node) exited 0 but its output shows a failure: \(summary)"
        }
        let missing = report.series.filter { $0.samples.isEmpty }.map(\.rule.name)
        if !missing.isEmpty {
            return "\(program) on node \(node) exited 0 but printed no samples of \(missing.joined(separator: ", "))"
        }
        return nil
    }

    /// `: <classified failure>` for a workload that failed, empty otherwise.
    static func workloadDetail(_ outcome: CommandOutcome) -> String {
        guard case .workload(let report)? = outcome.parsed, let summary = report.failureSummary else { return "" }
        return ": \(summary)"
    }
}
