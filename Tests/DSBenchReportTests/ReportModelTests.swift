import DSBenchCore
import DSBenchEngine
import DSBenchTestSupport
@testable import DSBenchReport
import DSBenchStore
import Foundation
import DSBenchVerdict
import Testing

/// The report model built from the real captures: medians, baseline, band, Δ, fleet ratios.
/// Expected numbers are the busbw columns of the capture files (out-of-place).
@Suite struct ReportModelTests {
    @Test func busbwCurvesAreMediansOfTheNodesAgainstTheBaseline() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [fleet.baselineRunID])
        #expect(model.collectives.map(\.collective) == ["all_gather", "all_reduce", "alltoall", "broadcast", "reduce_scatter"])
        let allReduce = try #require(model.collectives.first { $0.collective == "all_reduce" }?.series.first)
        #expect(allReduce.key == "all_reduce.txt")
        #expect(allReduce.nodes == ["h200-a", "h200-b", "h200-c"])
        #expect(allReduce.baselineMatch == "same step")

        // 1 GiB: r1 360.41, -c1 -n50 359.42, P2P disabled 10.65 → 359.42; baseline (r2) 360.09.
        let gib = try #require(allReduce.points.first { $0.size == 1 << 30 })
        #expect(gib.busbw == 359.42)
        #expect(gib.samples == 3)
        #expect(gib.baseline == 360.09)
        #expect(abs((gib.deltaPercent ?? 0) - (359.42 - 360.09) / 360.09 * 100) < 1e-9)
        #expect(gib.tolerancePercent == 5)
        #expect(gib.status == .within)
        #expect(abs((gib.lower ?? 0) - 360.09 * 0.95) < 1e-9)

        // 8 GiB: the P2P-disabled capture stops at 4 GiB, so two rows: (366.77 + 366.90) / 2.
        let largest = try #require(allReduce.points.last)
        #expect(largest.size == 8 << 30)
        #expect(abs(largest.busbw - 366.835) < 1e-9)
        #expect(largest.samples == 2)

        // 1 MiB: median(24.30, 33.82, 3.70) = 24.30 against 20.78 is +16.9 %: inside the 60 % band.
        let mib = try #require(allReduce.points.first { $0.size == 1 << 20 })
        #expect(mib.busbw == 24.30)
        #expect(mib.tolerancePercent == 60)  // BandTolerances.defaults.latency
        #expect(mib.status == .within)
        #expect(allReduce.keyPointIndices.map { allReduce.points[$0].sizeLabel } == ["1 MiB", "32 MiB", "1 GiB", "8 GiB"])

        // The other collectives have no baseline step of their own kind.
        let gather = try #require(model.collectives.first { $0.collective == "all_gather" }?.series.first)
        #expect(gather.baselineMatch == nil)
        #expect(gather.points.allSatisfy { $0.status == .noBaseline })
    }

    @Test func fleetHeatmapFlagsTheNodeWithoutP2P() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store)
        #expect(model.heatmaps.count == 1)
        let map = try #require(model.heatmaps.first)
        #expect(map.nodes == ["h200-a", "h200-b", "h200-c"])
        #expect(map.failedNodes == ["h200-c"])  // the verdict's fleet check, not a rule of the heatmap's own
        let column = try #require(map.sizes.firstIndex(of: 1 << 30))
        let slow = try #require(map.cells[2][column])
        #expect(slow.fleetMedian == 359.42)
        #expect(abs(slow.ratio - 10.65 / 359.42) < 1e-12)
        #expect(map.cells[2][map.sizes.count - 1] == nil)  // no 8 GiB row on h200-c
        #expect(model.problems.contains { $0.rule == "fleet.outlier" && $0.node == "h200-c" && $0.outcome == .fail })
        #expect(model.verdict.status == .fail)
    }

    @Test func dmonChartsCoverTheCaptureWithItsStepShaded() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store)
        // f_dmon_pucvmet_during_allreduce: 8 GPUs, 2 header lines per page, sampled each second.
        #expect(model.dmon.map(\.metric) == ["SM utilisation", "memory utilisation", "power", "GPU temperature", "SM clock"])
        let sm = try #require(model.dmon.first)
        #expect(sm.node == "h200-a")
        #expect(sm.lines.map(\.gpu) == Array(0..<8))
        #expect(sm.steps.count == 1)
        #expect(sm.steps.first?.label == "dmon.txt#0@h200-a")
        #expect(sm.rawPoints == sm.plottedPoints)  // too short to downsample
        let first = try #require(model.dmonSummary.first { $0.metric == "pwr" && $0.gpu == 0 })
        #expect(first.min <= 126 && first.max >= 126)  // the first sample of GPU 0 draws 126 W
        // 09:48:45 to 09:49:16: the 09:49:17 round is cut short in the capture.
        #expect(sm.duration == 31)
        #expect(sm.steps.first?.start == 0)
        #expect(sm.steps.first?.end == 31)
    }

    @Test func inventoryCallsOutWhatDiffers() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store)
        #expect(model.inventory.gpus.count == 24)
        let names = try #require(model.inventory.summary.first { $0.name == "GPU model" })
        #expect(names.values.map(\.value) == ["NVIDIA H200"])
        #expect(names.values.first?.count == 24)
        #expect(!names.heterogeneous)
        #expect(model.topology.count == 1)
        #expect(model.topology.first?.devices.prefix(2) == ["GPU0", "GPU1"])
        #expect(model.topology.first?.rows.first?.cells[1] == "NV18")

        let mixed = InventorySummary.attribute("driver", ["580.159.04", "580.159.04", "570.86.15"], unit: "GPUs")
        #expect(mixed.heterogeneous)
        #expect(mixed.values.map(\.value) == ["580.159.04", "570.86.15"])
    }

    @Test func trendAppearsOnceTheSuiteHasHistory() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let model = try ReportData.judged(runID: fleet.runID, store: fleet.store)
        #expect(model.trend.map(\.seriesKey) == ["all_reduce.txt"])
        let points = try #require(model.trend.first?.points)
        #expect(points.map(\.runID) == [fleet.baselineRunID, fleet.runID])
        #expect(points.map(\.busbw) == [366.46, 366.835])
        #expect(points.map(\.isCurrent) == [false, true])
    }

    @Test func findingsFromTheStoreAreListedAndCount() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        try fleet.store.replaceFindings(runID: fleet.runID, source: "rules", [
            Finding(rule: "nccl.transport.shm", severity: .critical, node: "h200-c", step: "all_reduce.txt#0@h200-c",
                    message: "NCCL used shared memory instead of NVLink P2P", evidence: "NCCL_P2P_DISABLE=1"),
        ])
        // Judged read-only (as `show` does for a run never judged): the stored findings are the input.
        let judgement = try RunJudgement.current(runID: fleet.runID, store: fleet.store)
        let model = try ReportData.load(runID: fleet.runID, store: fleet.store, options: ReportOptions(judgement: judgement))
        #expect(model.findings.map(\.finding.rule) == ["nccl.transport.shm"])
        #expect(model.verdict.status == .fail)
        let shm = try #require(model.problems.first { $0.rule == "nccl.transport.shm" })
        #expect(shm.outcome == .fail && shm.ruleClass == .degraded && shm.node == "h200-c")
        #expect(shm.reason == "NCCL used shared memory instead of NVLink P2P")
    }

    @Test func dmonColumnsAreCheckedNotInterpolated() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        #expect(throws: StoreError.self) {
            try fleet.store.forEachDmonSample(runID: fleet.runID, columns: ["sm", "1); DROP TABLE runs; --"]) { _ in }
        }
        var rows = 0, gpus = Set<Int>()
        try fleet.store.forEachDmonSample(runID: fleet.runID, columns: ["pwr"]) { sample in
            rows += 1
            gpus.insert(sample.gpu)
            #expect(sample.node == "h200-a")
        }
        #expect(rows == 184)  // the capture's 185 sample lines, less the last one, cut short
        #expect(gpus == Set(0..<8))
    }

    @Test func unknownBaselineRunIsAnError() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        #expect(throws: (any Error).self) {
            _ = try ReportData.judged(runID: fleet.runID, store: fleet.store, baselines: [999])
        }
    }
}

/// A run whose all_reduce went over shared memory (NCCL_P2P_DISABLE=1) against the NVLink
/// baseline: the large sizes fall out of their band and the report says so first.
@Suite struct RegressionTests {
    @Test func sharedMemoryRunIsBelowTheNVLinkBaseline() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        let bytes = Array(try Fixtures.data("h200-x8/e_p2p_disable.txt"))
        let run = try Ingestor(store: fleet.store, version: "0.1.0-test", clock: SampleFleet.clock)
            .ingest([Ingestor.File(kind: .ncclTests, path: "all_reduce.txt", bytes: bytes)], node: "h200-a",
                    runID: nil, suiteName: SampleFleet.suite).runID  // the baseline's node: its series is this node's
        let model = try ReportData.judged(runID: run, store: fleet.store, baselines: [fleet.baselineRunID])
        let series = try #require(model.collectives.first?.series.first)
        let gib = try #require(series.points.first { $0.size == 1 << 30 })
        #expect(gib.busbw == 10.65)
        #expect(gib.status == .below)
        #expect(abs((gib.deltaPercent ?? 0) - (10.65 - 360.09) / 360.09 * 100) < 1e-9)
        #expect(model.verdict.status == .fail)
        let first = try #require(model.problems.first)
        #expect(first.outcome == .fail && first.rule == "regression.busbw")
        #expect(first.reason.hasPrefix("busbw regressed: "), "\(first.reason)")
        let markdown = MarkdownReport().render(model)
        #expect(markdown.contains("| all_reduce.txt | 1 | 1 GiB | 10.7 | 360 | -97.0 % | ±5 % | BELOW |"))
        let html = HTMLReport().render(model)
        #expect(html.contains("stroke=\"#d62728\""))  // regressions ringed in red on the chart
    }
}

/// #wrong > 0 is critical in the report exactly as in `dsbench show`.
@Suite struct WrongElementsTests {
    @Test func wrongElementsAreCriticalInBothViews() throws {
        let fleet = try SampleFleet.make()
        defer { fleet.remove() }
        // The r1 capture with the out-of-place #wrong of the 1 MiB row set to 3.
        let original = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        let row = "     1048576        262144     float     sum      -1    75.50   13.89   24.30       0    58.27"
        #expect(original.contains(row))
        let corrupted = original.replacingOccurrences(
            of: row, with: "     1048576        262144     float     sum      -1    75.50   13.89   24.30       3    58.27")
        let run = try Ingestor(store: fleet.store, version: "0.1.0-test", clock: SampleFleet.clock)
            .ingest([Ingestor.File(kind: .ncclTests, path: "all_reduce.txt", bytes: Array(corrupted.utf8))],
                    node: "h200-a", runID: nil, suiteName: "wrong").runID
        let model = try ReportData.judged(runID: run, store: fleet.store)
        let first = try #require(model.problems.first)
        #expect(first.rule == "nccl.correctness" && first.outcome == .fail && first.severity == .critical)
        #expect(model.verdict.status == .fail)
        let show = RunText.render(try ShowData.judged(runID: run, store: fleet.store))
        #expect(show.contains("FAIL nccl.correctness [correctness]"), "\(show)")
    }
}
