import DSBenchCore
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing
import DSBenchAnalysisStore
@testable import DSBenchAnalyze

/// Comparisons on the real 8×H200 captures: the two identical all_reduce repeats are the baseline.
@Suite struct CaptureComparisonTests {
    func baselineStore() throws -> (CaptureStore, [Int64]) {
        let captures = try CaptureStore()
        let r1 = try captures.ingest("b_all_reduce_8-8G_r1.txt")
        let r2 = try captures.ingest("b_all_reduce_8-8G_r2.txt")
        try captures.store.createBaseline(name: "h200-ref", runIDs: [r1, r2], note: "two repeats", createdBy: "test")
        return (captures, [r1, r2])
    }

    @Test func aThirdIdenticalRunIsNotARegression() throws {
        let (captures, baselineRuns) = try baselineStore()
        let run = try captures.ingest("b_all_reduce_8-8G_c1_n50.txt")
        let report = try RegressionCheck.compare(runID: run, baseline: "h200-ref", store: captures.store)
        #expect(report.baselineRunIDs == baselineRuns)
        #expect(!report.failed)
        let series = try #require(report.series.first)
        #expect(report.series.count == 1)
        #expect(series.key.collective == "all_reduce" && series.key.hardware == "8 × NVIDIA H200")
        #expect(series.sizes.count == 31)  // 8 B … 8 GiB
        #expect(series.bands.map(\.band) == [.latency, .mid, .bandwidth])
        #expect(series.bands.allSatisfy { $0.verdict == .ok || $0.verdict == .improvement })
        // 2 samples (oop, ip) against 4: the test can never reach α = 0.05, and the report says so.
        #expect(series.sizes.allSatisfy { $0.basis == .toleranceOnlyInsufficientSamples && $0.test == nil })
        // 8 GiB: c1_n50 366.90/366.88 against 366.77 366.97 366.46 367.01 → median 366.87.
        let largest = try #require(series.sizes.last)
        #expect(largest.size == 8_589_934_592 && largest.candidateMedian == 366.89 && largest.baselineMedian == 366.87)
        try RegressionCheck.record(report, store: captures.store)
        #expect(try captures.store.findings(runID: run, source: "compare").isEmpty)
    }

    @Test func p2pDisabledIsARegressionInEveryBandWithTheDropQuantified() throws {
        let (captures, _) = try baselineStore()
        let run = try captures.ingest("e_p2p_disable.txt")
        let report = try RegressionCheck.compare(runID: run, baseline: "h200-ref", store: captures.store)
        #expect(report.failed && report.hasRegression && !report.hasCritical)
        let series = try #require(report.series.first)
        #expect(series.bands.map(\.verdict) == [.regression, .regression, .regression])
        let bandwidth = try #require(series.bands.last)
        // ≥ 64 MiB: ~10.5 GB/s through shared memory against ~320–367 GB/s over NVLink.
        #expect(bandwidth.compared == 7 && bandwidth.regressed == 7)  // 64 MiB … 4 GiB (p2p sweep stops at 4 GiB)
        let worst = try #require(bandwidth.worstChange)
        #expect(worst < -0.96 && worst > -0.98)
        let at64MiB = try #require(series.sizes.first { $0.size == 67_108_864 })
        // (10.84, 10.54) against (321.16, 323.39, 322.23, 322.11): medians 10.69 vs 322.17.
        #expect(at64MiB.candidateMedian == 10.69 && abs((at64MiB.baselineMedian ?? 0) - 322.17) < 1e-9)
        #expect(abs((at64MiB.change ?? 0) - (10.69 / 322.17 - 1)) < 1e-12)
        #expect(series.unmatchedSizes == [8_589_934_592])

        try RegressionCheck.record(report, store: captures.store)
        let findings = try captures.store.findings(runID: run, source: "compare").map(\.finding)
        let regressions = findings.filter { $0.rule == "regression.busbw" }
        #expect(regressions.count == 3)
        let bandwidthFinding = try #require(regressions.first { $0.message.contains("bandwidth band") })
        #expect(bandwidthFinding.message.contains("tolerance only (insufficient samples)"))
        #expect(bandwidthFinding.message.contains("7 of 7 sizes"))
    }

    @Test func withThreeBaselineRunsTheTestDecidesAndConfirmsP2P() throws {
        let captures = try CaptureStore()
        var baselineRuns: [Int64] = []
        for capture in ["b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt", "b_all_reduce_8-8G_c1_n50.txt"] {
            baselineRuns.append(try captures.ingest(capture))
        }
        try captures.store.createBaseline(name: "three", runIDs: baselineRuns, note: nil, createdBy: nil)
        let run = try captures.ingest("e_p2p_disable.txt")
        let report = try RegressionCheck.compare(runID: run, baseline: "three", store: captures.store)
        let series = try #require(report.series.first)
        // 2 values against 6: the smallest attainable one-sided p is 1/C(8,2) = 1/28 < 0.05.
        #expect(series.sizes.allSatisfy { $0.basis == .toleranceAndTest })
        let at1GiB = try #require(series.sizes.first { $0.size == 1 << 30 })
        let test = try #require(at1GiB.test)
        #expect(test.method == .exact && test.u == 0 && abs(test.p - 1.0 / 28) < 1e-12)
        #expect(series.bands.map(\.verdict) == [.regression, .regression, .regression])
        #expect(series.bands.allSatisfy { $0.basis == .toleranceAndTest })
    }

    @Test func aFleetNodeScaledDownIsAnOutlier() throws {
        let captures = try CaptureStore()
        let text = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        var runID: Int64?
        for node in ["gpu-001", "gpu-002", "gpu-003", "gpu-004", "gpu-005"] {
            runID = try captures.ingest(bytes: Array(text.utf8), name: "all_reduce.txt", node: node, into: runID)
        }
        let slow = slowedDown(text, by: 1.25)  // 20 % less busbw on every size
        let run = try captures.ingest(bytes: Array(slow.utf8), name: "all_reduce.txt", node: "gpu-006", into: runID)
        let outliers = try RegressionCheck.fleet(runID: run, store: captures.store)
        #expect(outliers.map(\.node) == ["gpu-006"])
        let outlier = try #require(outliers.first)
        #expect(outlier.band == .bandwidth)
        #expect(abs(outlier.change - (1 / 1.25 - 1)) < 0.005)
        #expect(outlier.robustZ < -3.5)
        let stored = try captures.store.findings(runID: run, source: "fleet").map(\.finding)
        #expect(stored.map(\.node) == ["gpu-006"] && stored.first?.rule == "fleet.outlier")
    }

    @Test func identicalNodesHaveNoOutlier() throws {
        let captures = try CaptureStore()
        var runID: Int64?
        for (node, capture) in [("a", "b_all_reduce_8-8G_r1.txt"), ("b", "b_all_reduce_8-8G_r2.txt"),
                                ("c", "b_all_reduce_8-8G_c1_n50.txt")] {
            let bytes = Array(try Fixtures.h200(capture).utf8)
            runID = try captures.ingest(bytes: bytes, name: "all_reduce.txt", node: node, into: runID)
        }
        #expect(try RegressionCheck.fleet(runID: try #require(runID), store: captures.store).isEmpty)
    }

    @Test func anEmptyBaselineOrAnUnknownNameIsAnError() throws {
        let (captures, _) = try baselineStore()
        let run = try captures.ingest("b_all_reduce_8-8G_c1_n50.txt")
        #expect(throws: BaselineResolver.Failure.self) {
            try RegressionCheck.compare(runID: run, baseline: "nope", store: captures.store)
        }
        #expect(throws: StoreError.self) {
            try captures.store.createBaseline(name: "empty", runIDs: [], note: nil, createdBy: nil)
        }
    }

    @Test func autoBaselineTakesTheEarlierCompletedRunsOfTheSuite() throws {
        let captures = try CaptureStore()
        let r1 = try captures.ingest("b_all_reduce_8-8G_r1.txt", suite: "nightly")
        let r2 = try captures.ingest("b_all_reduce_8-8G_r2.txt", suite: "nightly")
        _ = try captures.ingest("b_all_reduce_8-8G_r2.txt", suite: "other")
        let run = try captures.ingest("e_p2p_disable.txt", suite: "nightly")
        let report = try RegressionCheck.compare(runID: run, baseline: "auto", store: captures.store)
        #expect(report.baselineRunIDs == [r1, r2])
        #expect(report.hasRegression)
    }
}
