import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchSuite
import Foundation

/// After a run finishes, after an ingest and after a reparse: load what the health rules need
/// from the store, run them, and replace the run's `rules` findings.
public enum HealthPass {
    public static let source = "rules"

    @discardableResult
    public static func evaluate(runID: Int64, store: Store) throws -> [Finding] {
        let run = try store.runDetail(id: runID)?.run
        let settings = run.flatMap(settings(of:)) ?? HealthSettings()
        let baseline = try run.flatMap { try baselineRun(for: $0, store: store) }
        let input = try HealthInputLoader.load(runID: runID, store: store, settings: settings, baselineRunID: baseline)
        let findings = HealthCheck.run(input)
        try store.replaceFindings(runID: runID, source: source, findings)
        return findings
    }

    /// The `health:` block of the suite the run was made from; defaults for ingested runs or a
    /// suite text that no longer loads (a newer format, say).
    static func settings(of run: RunInfo) -> HealthSettings? {
        guard let text = run.suiteText, !text.isEmpty else { return nil }
        return (try? SuiteLoader.load(text: text, file: "run \(run.id) suite"))?.suite.health
    }

    /// The reference for "fewer channels than before": the latest earlier completed run of the same
    /// suite made the same way (run or ingest); steps are matched by name.
    static func baselineRun(for run: RunInfo, store: Store) throws -> Int64? {
        try store.runs(limit: 50, suite: run.suiteName)
            .first { $0.id < run.id && $0.status == .completed && $0.source == run.source }?.id
    }

    /// `step: message` lines of the critical findings, for the run summary and the exit code.
    public static func criticalLines(_ findings: [Finding]) -> [String] {
        findings.filter { $0.severity == .critical }.map { "\($0.step ?? $0.node ?? "run"): \($0.message)" }
    }
}
