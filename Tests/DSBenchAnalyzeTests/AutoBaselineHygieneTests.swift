import DSBenchCore
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing
import DSBenchAnalysisStore
@testable import DSBenchAnalyze

/// `--baseline auto` passes over runs that cannot be a reference and says which and why; the
/// correctness finding of a run with wrong elements is stored once.
@Suite struct AutoBaselineHygieneTests {
    /// The real r1 capture with 12 wrong elements at 8 MiB (out-of-place).
    static func wrongElements() throws -> [UInt8] {
        let row = "     8388608       2097152     float     sum      -1    79.57  105.43  184.50       0    79.31"
        let text = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        guard text.contains(row) else { throw CocoaError(.fileReadCorruptFile) }
        return Array(text.replacingOccurrences(
            of: row, with: "     8388608       2097152     float     sum      -1    79.57  105.43  184.50      12    79.31").utf8)
    }

    @Test func autoSkipsFailedCriticalAndRegressedRunsButNotMetricWarnings() throws {
        let captures = try CaptureStore()
        let suite = "nightly"
        let good1 = try captures.ingest("b_all_reduce_8-8G_r1.txt", suite: suite)
        let good2 = try captures.ingest("b_all_reduce_8-8G_r2.txt", suite: suite)
        // Only a warning about a workload metric: still a reference.
        let warned = try captures.ingest("b_all_reduce_8-8G_c1_n50.txt", suite: suite)
        try captures.store.replaceFindings(runID: warned, source: RegressionCheck.fleetSource, [
            Finding(rule: "fleet.metric_outlier", severity: .warning, node: "local", message: "step_ms 25 % above peers"),
        ])
        // A completed run one of whose steps failed (a log with nothing parseable added to it).
        let failedStep = try captures.ingest("b_all_reduce_8-8G_r1.txt", suite: suite)
        try captures.ingest(bytes: Array("not an nccl-tests log\n".utf8), name: "garbage.txt", into: failedStep)
        #expect(try captures.store.analysisRun(id: failedStep)?.status == .completed)
        // Wrong elements: the health pass of ingest stores a critical nccl.correctness finding.
        let critical = try captures.ingest(bytes: try Self.wrongElements(), name: "wrong.txt", suite: suite)
        // P2P disabled, compared (and recorded) against the first run: a regression verdict.
        let regressed = try captures.ingest("e_p2p_disable.txt", suite: suite)
        try RegressionCheck.record(try RegressionCheck.compare(runID: regressed, baseline: String(good1),
                                                               store: captures.store), store: captures.store)
        let candidate = try captures.ingest("b_all_reduce_8-8G_c1_n50.txt", suite: suite)

        let resolved = try BaselineResolver.resolve("auto", candidateRunID: candidate, autoRuns: 5, store: captures.store)
        #expect(resolved.runIDs == [good1, good2, warned])
        #expect(resolved.skipped.map(\.runID) == [regressed, critical, failedStep])
        #expect(resolved.skipped.map(\.reason) == ["regression", "critical finding", "failed step"])
        #expect(resolved.label == "auto (last 3 runs: \(good1), \(good2), \(warned); skipped \(regressed) (regression), "
            + "\(critical) (critical finding), \(failedStep) (failed step))")

        // With K = 1 the walk stops at the first usable run: only the newer bad ones are named.
        let one = try BaselineResolver.resolve("auto", candidateRunID: candidate, autoRuns: 1, store: captures.store)
        #expect(one.runIDs == [warned] && one.skipped.count == 3)
        // And the comparison against it goes through.
        let report = try RegressionCheck.compare(runID: candidate, baseline: "auto", store: captures.store)
        #expect(report.baselineRunIDs == [good1, good2, warned] && !report.failed)
        #expect(report.baselineLabel.contains("skipped \(regressed) (regression)"))
    }

    @Test func nothingUsableSaysWhatWasSkipped() throws {
        let captures = try CaptureStore()
        let critical = try captures.ingest(bytes: try Self.wrongElements(), name: "wrong.txt", suite: "nightly")
        let candidate = try captures.ingest("b_all_reduce_8-8G_r2.txt", suite: "nightly")
        #expect(throws: BaselineResolver.Failure.self) {
            try BaselineResolver.resolve("auto", candidateRunID: candidate, store: captures.store)
        }
        do {
            _ = try BaselineResolver.resolve("auto", candidateRunID: candidate, store: captures.store)
        } catch let failure as BaselineResolver.Failure {
            #expect(failure.description.contains("(skipped \(critical) (critical finding))"))
        }
    }

    @Test func aCorrectnessFindingIsStoredOnceWhateverTheSourceThatFoundIt() throws {
        let captures = try CaptureStore()
        let r1 = try captures.ingest("b_all_reduce_8-8G_r1.txt")
        let run = try captures.ingest(bytes: try Self.wrongElements(), name: "wrong.txt")
        let report = try RegressionCheck.compare(runID: run, baseline: String(r1), store: captures.store)
        #expect(report.hasCritical && report.failed)   // the verdict still counts it
        try RegressionCheck.record(report, store: captures.store)
        let all = try captures.store.findings(runID: run)
        let correctness = all.filter { $0.finding.rule == "nccl.correctness" }
        #expect(correctness.count == 1 && correctness.first?.source == "rules")
        #expect(correctness.first?.finding.message.contains("wrong elements") == true)
        // Without the health pass's record, compare keeps its own.
        try captures.store.replaceFindings(runID: run, source: RegressionCheck.rulesSource, [])
        try RegressionCheck.record(report, store: captures.store)
        #expect(try captures.store.findings(runID: run).filter { $0.finding.rule == "nccl.correctness" }.map(\.source)
                == ["compare"])
    }
}
