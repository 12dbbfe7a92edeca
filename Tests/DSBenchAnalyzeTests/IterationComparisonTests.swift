import DSBenchCore
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing
import DSBenchAnalysisStore
@testable import DSBenchAnalyze

/// Per-iteration busbw samples (nccl-tests `-I 1` JSON) in comparisons, on the real 2× H200
/// captures: three identical runs, one with NCCL_P2P_DISABLE=1.
@Suite struct IterationComparisonTests {
    /// r1 + r2 as the baseline `ref`, each from its `.json` (or `.txt`).
    func baseline(_ ext: String) throws -> CaptureStore {
        let captures = try CaptureStore()
        let r1 = try IterationCaptures.ingest("j_all_reduce_I_r1." + ext, into: captures)
        let r2 = try IterationCaptures.ingest("j_all_reduce_I_r2." + ext, into: captures)
        try captures.store.createBaseline(name: "ref", runIDs: [r1, r2], note: nil, createdBy: "test")
        return captures
    }

    @Test func aThirdIdenticalRunHasEnoughSamplesInEverySizeAndIsNoRegression() throws {
        // The run means: 2 values (oop, ip) against 4 in every size, never enough for the test.
        let text = try baseline("txt")
        let oldRun = try IterationCaptures.ingest("j_all_reduce_I_r3.txt", into: text)
        let old = try #require(try RegressionCheck.compare(runID: oldRun, baseline: "ref", store: text.store).series.first)
        #expect(old.sizes.count == 14)
        #expect(old.sizes.allSatisfy { $0.basis == .toleranceOnlyInsufficientSamples && $0.samples == .runMeans })

        let json = try baseline("json")
        let run = try IterationCaptures.ingest("j_all_reduce_I_r3.json", into: json)
        let report = try RegressionCheck.compare(runID: run, baseline: "ref", store: json.store)
        #expect(!report.failed)
        let series = try #require(report.series.first)
        #expect(report.series.count == 1 && series.sizes.map(\.size) == old.sizes.map(\.size))
        // The same hardware class as the text logs: 2 ranks, though the JSON lists one device.
        #expect(series.key.hardware == "2 × NVIDIA H200" && series.key.hardware == old.key.hardware)
        // Every size the old path called insufficient now rests on the test: 20 iterations × 2
        // halves = 40 against 80.
        #expect(series.sizes.allSatisfy {
            $0.samples == .perIteration && $0.basis == .toleranceAndTest && $0.test != nil
                && $0.candidateSamples == 40 && $0.baselineSamples == 80
        })
        #expect(series.bands.allSatisfy { $0.verdict != .regression && $0.samples == .perIteration })
        #expect(series.bands.first?.basisDetail == "tolerance+mann-whitney (per-iteration, n=40 vs 80)")
        // The medians are those of the files' own times.
        let r3 = try IterationCaptures.times("j_all_reduce_I_r3.json")
        let base = try IterationCaptures.times("j_all_reduce_I_r1.json").merging(
            try IterationCaptures.times("j_all_reduce_I_r2.json"), uniquingKeysWith: +)
        for size in series.sizes {
            let c = IterationCaptures.median(IterationCaptures.busbw(size: size.size, times: r3[size.size] ?? []))
            let b = IterationCaptures.median(IterationCaptures.busbw(size: size.size, times: base[size.size] ?? []))
            #expect(abs((size.candidateMedian ?? 0) - c) < 1e-9 && abs((size.baselineMedian ?? 0) - b) < 1e-9)
        }
        try RegressionCheck.record(report, store: json.store)
        #expect(try json.store.findings(runID: run, source: "compare").isEmpty)
    }

    @Test func p2pDisabledIsABandwidthRegressionWithTheDropQuantified() throws {
        let captures = try baseline("json")
        let run = try IterationCaptures.ingest("j_all_reduce_I_p2p_disable.json", into: captures)
        let report = try RegressionCheck.compare(runID: run, baseline: "ref", store: captures.store)
        #expect(report.failed && report.hasRegression)
        let series = try #require(report.series.first)
        let bandwidth = try #require(series.bands.first { $0.band == .bandwidth })
        #expect(bandwidth.verdict == .regression && bandwidth.compared == 2 && bandwidth.regressed == 2)  // 128, 512 MiB
        #expect(bandwidth.samples == .perIteration)
        // Expected from the files: per size, median per-iteration busbw of p2p_disable against r1+r2.
        let candidate = try IterationCaptures.times("j_all_reduce_I_p2p_disable.json")
        let base = try IterationCaptures.times("j_all_reduce_I_r1.json").merging(
            try IterationCaptures.times("j_all_reduce_I_r2.json"), uniquingKeysWith: +)
        let changes = [134_217_728, 536_870_912].map { (size: Int64) -> Double in
            IterationCaptures.median(IterationCaptures.busbw(size: size, times: candidate[size] ?? []))
                / IterationCaptures.median(IterationCaptures.busbw(size: size, times: base[size] ?? [])) - 1
        }
        let expected = IterationCaptures.median(changes)
        #expect(abs((bandwidth.medianChange ?? 0) - expected) < 1e-12)
        #expect(expected < -0.85)   // shared memory moves about a tenth of NVLink's bandwidth
        for size in series.sizes where size.band == .bandwidth {
            #expect(try #require(size.test).p < 1e-6)
        }
        try RegressionCheck.record(report, store: captures.store)
        let finding = try #require(try captures.store.findings(runID: run, source: "compare").map(\.finding)
            .first { $0.rule == "regression.busbw" && $0.message.contains("bandwidth band") })
        #expect(finding.message.contains("[tolerance+mann-whitney (per-iteration, n=40 vs 80)]"))
    }

    @Test func aSizeWithoutTimesOnOneSideFallsBackToTheRunMeans() throws {
        let captures = try CaptureStore()
        let r1 = try IterationCaptures.ingest("j_all_reduce_I_r1.json", into: captures)
        let r2 = try IterationCaptures.ingest("j_all_reduce_I_r2.json", into: captures,
                                              bytes: try IterationCaptures.withoutIterations("j_all_reduce_I_r2.json", size: 8))
        try captures.store.createBaseline(name: "ref", runIDs: [r1, r2], note: nil, createdBy: "test")
        let run = try IterationCaptures.ingest("j_all_reduce_I_r3.json", into: captures)
        let series = try #require(try RegressionCheck.compare(runID: run, baseline: "ref", store: captures.store).series.first)
        let eight = try #require(series.sizes.first)
        #expect(eight.size == 8 && eight.samples == .runMeans && eight.candidateSamples == 2 && eight.baselineSamples == 4)
        #expect(eight.basis == .toleranceOnlyInsufficientSamples)
        #expect(series.sizes.dropFirst().allSatisfy { $0.samples == .perIteration })
        #expect(series.bands.first?.samples == .mixed)
        #expect(series.bands.first?.basisDetail == "tolerance only (insufficient samples) (mixed, n=2–40 vs 4–80)")
    }
}
