import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing
import DSBenchAnalysisStore
@testable import DSBenchAnalyze

/// `NcclPlausibility` and everything that must not believe what it rejects, on the real 1×H200
/// captures: a broadcast whose in-place half is a no-op (`9e+06` GB/s) and a 1-rank all_reduce
/// (busbw 0 by definition).
@Suite struct PlausibilityTests {
    static let broadcast = "h200-x1/nccl_broadcast_1gpu.txt"
    static let allReduce = "h200-x1/nccl_all_reduce_1gpu.txt"

    private func step(_ capture: String) throws -> HealthNcclStep {
        HealthNcclStep(key: "\(capture)#0@vm", name: capture, node: "vm",
                       report: NcclTestsParser.parse(Array(try Fixtures.text(capture).utf8)))
    }

    private func ingest(_ capture: String, into captures: CaptureStore, node: String = "vm", run: Int64? = nil) throws -> Int64 {
        try captures.ingest(bytes: Array(try Fixtures.text(capture).utf8), name: "nccl.txt", node: node, into: run)
    }

    @Test func ceilingsPerGPUModel() {
        let cases: [(String?, Double)] = [
            ("NVIDIA H200", 4800), ("NVIDIA H100 80GB HBM3", 3350), ("NVIDIA H100 PCIe", 2000), ("NVIDIA H100 NVL", 3900),
            ("NVIDIA B200", 8000), ("NVIDIA A100-SXM4-80GB", 2039), ("NVIDIA A100 80GB PCIe", 1935),
            ("NVIDIA A100-PCIE-40GB", 1555), ("NVIDIA GH200 480GB", 4900), ("Tesla V100-SXM2-32GB", 900),
            ("NVIDIA L4", 300), ("NVIDIA L40S", 864), ("NVIDIA RTX 6000 Ada Generation", 10_000), (nil, 10_000),
        ]
        for (model, gbps) in cases {
            #expect(NcclPlausibility.ceiling(gpuModel: model).gbps == gbps, "\(model ?? "nil")")
        }
    }

    @Test func oneMeasurementAtATime() {
        let h200 = NcclPlausibility.ceiling(gpuModel: "NVIDIA H200")
        func verdict(_ size: Int64, _ time: Double?, _ algbw: Double?, _ busbw: Double?, ranks: Int? = 1) -> NcclPlausibility.Verdict {
            NcclPlausibility.classify(size: size, timeUs: time, algbw: algbw, busbw: busbw, ranks: ranks, ceiling: h200)
        }
        // Rows of the captures, as printed.
        #expect(verdict(8_589_934_592, 3998.03, 2148.5, 2148.5) == .plausible)  // broadcast out-of-place: a local copy
        #expect(verdict(8_589_934_592, 0.95, 9e6, 9e6) == .implausible(.busbwAboveCeiling(busbw: 9e6, ceiling: h200)))
        #expect(verdict(1_048_576, 0.85, 1232.7, 1232.7) == .implausible(.timeTooShort(timeUs: 0.85, size: 1_048_576)))
        #expect(verdict(524_288, 0.85, 616.53, 616.53) == .plausible)  // under 1 MiB a short time proves nothing
        #expect(verdict(17_179_869_184, 1.23, 1e7, 0.00) == .notMeasuredOneRank)  // 1-rank all_reduce in-place
        #expect(verdict(8_589_934_592, 4002.02, 2146.4, 0.00) == .notMeasuredOneRank)
        // The same zero on 8 ranks is a (terrible) measurement; an algbw alone can be implausible.
        #expect(verdict(8, 48.6, 0.00, 0.00, ranks: 8) == .plausible)
        #expect(verdict(1 << 30, 10, 5000, 4000, ranks: 2) == .implausible(.algbwAboveCeiling(algbw: 5000, ceiling: h200)))
        #expect(verdict(1 << 30, nil, nil, nil) == .plausible)
        #expect(NcclPlausibility.Reason.busbwAboveCeiling(busbw: 9e6, ceiling: h200).text
            == "busbw 9e+06 GB/s above the 4800 GB/s HBM bandwidth of NVIDIA H200")
    }

    @Test func theInPlaceBroadcastColumnIsFlaggedAndTheLocalCopyIsNot() throws {
        let findings = HealthCheck.run(HealthInput(ncclSteps: [try step(Self.broadcast)]))
        #expect(findings.map(\.rule) == ["nccl.busbw.implausible"])
        let finding = try #require(findings.first)
        #expect(finding.severity == .warning && finding.node == "vm")
        // 1 MiB … 8 GiB: 4 MiB and up are above 4800 GB/s, 1 and 2 MiB only too fast (0.85, 0.77 µs).
        #expect(finding.message == "\(Self.broadcast)#0@vm in-place: 14 of 31 sizes implausible (12 above the 4800 GB/s "
            + "HBM bandwidth of NVIDIA H200, 2 under 1 µs at ≥ 1 MiB); worst busbw 9e+06 GB/s at 8 GiB: busbw 9e+06 GB/s "
            + "above the 4800 GB/s HBM bandwidth of NVIDIA H200. Left out of max busbw, comparisons, baselines, fleet and trends")
        #expect(finding.evidence == "line 42: size 8589934592 B in-place time 0.95 µs algbw 9e+06 busbw 9e+06 GB/s")
        #expect(finding.observed == 9e6 && finding.expected == 4800)
        // A 1-rank all_reduce is "not measured", not implausible; a healthy 8-GPU run is neither.
        #expect(HealthCheck.run(HealthInput(ncclSteps: [try step(Self.allReduce)])).isEmpty)
    }

    @Test func showsFiguresLeaveImplausibleValuesOut() throws {
        let captures = try CaptureStore()
        let run = try ingest(Self.broadcast, into: captures)
        let detail = try #require(try captures.store.runDetail(id: run))
        let stepDetail = try #require(detail.steps.first { $0.nccl != nil })
        let summary = try #require(stepDetail.nccl)
        #expect(summary.avgBusbw == 306333 && summary.gpuModel == "NVIDIA H200")  // stored as printed
        let rows = try captures.store.ncclResults(stepID: stepDetail.id)
        #expect(rows.last?.inPlace?.busbw == 9e6)  // the raw row too
        let headline = NcclBusbwHeadline.of(rows, summary: summary)
        #expect(headline.maxBusbw == 2148.5)
        // 14 in-place no-ops; 8–32 B out-of-place print busbw 0.00 on one rank: no evidence either.
        #expect(headline.implausible == 14 && headline.notMeasuredOneRank == 3 && headline.measured == 45)
        #expect(!headline.isNotMeasuredOnOneRank)
        // The mean of the 45 plausible halves' busbw (23424.43 GB/s in all), not nccl-tests' 306333.
        #expect(abs((headline.avgBusbw ?? 0) - 23424.43 / 45) < 1e-9)

        let oneRank = try ingest(Self.allReduce, into: captures)
        let oneRankStep = try #require(try captures.store.runDetail(id: oneRank)?.steps.first { $0.nccl != nil })
        let flat = NcclBusbwHeadline.of(try captures.store.ncclResults(stepID: oneRankStep.id), summary: try #require(oneRankStep.nccl))
        #expect(flat.isNotMeasuredOnOneRank && flat.maxBusbw == nil && flat.avgBusbw == nil && flat.notMeasuredOneRank == 64)
    }

    @Test func aOneRankAllReduceMakesNoSeriesComparable() throws {
        let captures = try CaptureStore()
        let baseline = try ingest(Self.allReduce, into: captures)
        try captures.store.createBaseline(name: "one-gpu", runIDs: [baseline], note: nil, createdBy: nil)
        let run = try ingest(Self.allReduce, into: captures)
        let report = try RegressionCheck.compare(runID: run, baseline: "one-gpu", store: captures.store)
        #expect(report.series.isEmpty && report.unmatchedSeries.isEmpty)
        #expect(report.series.flatMap(\.bands).allSatisfy { $0.verdict == .notComparable })
        #expect(!report.hasRegression)
        let steps = try captures.store.ncclStepResults(runIDs: [run])
        #expect(BusbwSamples.table(steps, matchStepNames: false).isEmpty)
        #expect(IterationSamples.table(steps, matchStepNames: false).isEmpty)
    }

    @Test func comparisonsFleetAndTrendSeeOnlyTheLocalCopy() throws {
        let captures = try CaptureStore()
        let first = try ingest(Self.broadcast, into: captures)
        let second = try ingest(Self.broadcast, into: captures)
        let table = BusbwSamples.table(try captures.store.ncclStepResults(runIDs: [second]), matchStepNames: false)
        let sizes = try #require(table.values.first)
        #expect(table.count == 1 && sizes[8_589_934_592] == [2148.5])  // the out-of-place half alone
        #expect(sizes[1 << 20] == [117.96] && sizes[524_288] == [59.98, 616.53])
        #expect(sizes.values.flatMap { $0 }.allSatisfy { $0 <= 4800 })

        try captures.store.createBaseline(name: "bcast", runIDs: [first], note: nil, createdBy: nil)
        let report = try RegressionCheck.compare(runID: second, baseline: "bcast", store: captures.store)
        let series = try #require(report.series.first)
        #expect(series.sizes.last?.baselineMedian == 2148.5 && series.sizes.last?.candidateMedian == 2148.5)
        #expect(!report.hasRegression)

        let trend = try Trend.load(suite: "ingest", store: captures.store)
        #expect(trend.points.count == 2 && trend.points.allSatisfy { $0.value < 4800 })

        // The report's rows: the raw value stays stored, the admitted copy has no busbw to draw.
        let rows = try captures.store.busbwRows(runIDs: [second])
        // Out-of-place: the 1-rank zeros of 8–32 B are taken out, the copy from 64 B on stays.
        #expect(BusbwSamples.admitted(rows).map(\.busbw) == [nil, nil, nil] + rows.dropFirst(3).map(\.busbw))
        #expect(rows.prefix(3).allSatisfy { $0.busbw == 0 } && rows.dropFirst(3).allSatisfy { ($0.busbw ?? 0) > 0 })
        let flat = try captures.store.busbwRows(runIDs: [try ingest(Self.allReduce, into: captures)])
        #expect(flat.allSatisfy { $0.busbw == 0 } && BusbwSamples.admitted(flat).allSatisfy { $0.busbw == nil })
    }
}
