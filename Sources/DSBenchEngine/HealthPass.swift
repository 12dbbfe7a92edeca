import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchSuite
import Foundation

/// After a run finishes, after an ingest and after a reparse: load what the health rules need
/// from the store, run them, and replace the run's `rules` findings.
public enum HealthPass {
    public static let source = "rules"

    /// - Parameter baselineRunID: the reference for rules that compare with an earlier run (fewer
    ///   channels); by default the suite's named baseline, else the previous completed run.
    @discardableResult
    public static func evaluate(runID: Int64, store: Store, baselineRunID: Int64? = nil) throws -> [Finding] {
        // The pass's reads in one read transaction (`Store.snapshot`): the rules judge one state.
        let input = try store.snapshot { () throws -> HealthInput in
            guard let detail = try store.runDetail(id: runID) else {
                throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
            }
            let suite = suite(of: detail.run)
            let settings = suite?.health ?? HealthSettings()
            let baseline = try baselineRunID ?? baselineRun(for: detail.run, named: suite?.regressionPolicy.baseline, store: store)
            // The run's detail is read once here and handed on (read three times, it was a third of
            // the health pass after an ingest of the 16 captures).
            return try HealthInputLoader.load(detail: detail, store: store, settings: settings, baselineRunID: baseline)
        }
        let findings = HealthCheck.run(input)
        // What the pairs.* findings were judged on, for `show` and the report to draw.
        let matrices = try PairAnalysis.matrices(input).map { matrix in
            (series: matrix.series, json: try PairMatrixJSON.encode(matrix))
        }
        // Rules that saw only part of a large step's rows judged something else: nothing is stored.
        if let failure = input.rowReadFailure {
            throw StoreError(.database, "the health rules of run \(runID) were not stored: \(failure)")
        }
        try store.replaceFindings(runID: runID, source: source, findings)
        try store.replacePairMatrices(runID: runID, matrices)
        return findings
    }

    /// The suite the run was made from (its `health:` block and regression policy); nil for
    /// ingested runs or a suite text that no longer loads (a newer format, say).
    static func suite(of run: RunInfo) -> Suite? {
        guard let text = run.suiteText, !text.isEmpty else { return nil }
        return (try? SuiteLoader.load(text: text, file: "run \(run.id) suite"))?.suite
    }

    /// The reference for "fewer channels than before": the newest run of the baseline the suite
    /// names (`regression.baseline`: a stored baseline or a run id), else the latest earlier
    /// completed run of the same suite made the same way (run or ingest); steps are matched by name.
    static func baselineRun(for run: RunInfo, named reference: String?, store: Store) throws -> Int64? {
        if let reference, reference != "auto" {
            if let named = try store.baseline(named: reference), let newest = named.runIDs.filter({ $0 != run.id }).max() {
                return newest
            }
            if let id = Int64(reference), id != run.id, try store.runDetail(id: id) != nil { return id }
        }
        return try store.previousCompletedRunID(before: run.id, suite: run.suiteName, source: run.source)
    }

    /// `step: message` lines of the critical findings, for the run summary and the exit code.
    public static func criticalLines(_ findings: [Finding]) -> [String] {
        findings.filter { $0.severity == .critical }.map { "\($0.step ?? $0.node ?? "run"): \($0.message)" }
    }
}
