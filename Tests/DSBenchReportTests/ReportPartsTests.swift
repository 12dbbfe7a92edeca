import DSBenchAnalyze
import DSBenchCore
@testable import DSBenchReport
@testable import DSBenchStore
import Foundation
import DSBenchVerdict
import Testing

@Suite struct ReportPartsTests {
    /// A check that judges a series names its step in show, compare and the report's problems, as
    /// the findings table does; a subject that already names it is left alone.
    @Test func checkSubjectsNameTheirStep() {
        let fleet = VerdictCheck(rule: "fleet.outlier", ruleClass: .degraded, subject: "all_reduce float/sum on * (8 × NVIDIA H200)",
                                 node: "gpu-3", step: "all_reduce", outcome: .fail, severity: .warning, reason: "slow")
        #expect(VerdictWords.line(fleet)
                == "FAIL fleet.outlier [degraded] all_reduce float/sum on * (8 × NVIDIA H200) · step all_reduce: slow")
        let rule = VerdictCheck(rule: "nccl.transport.shm", ruleClass: .degraded, subject: "vm · e_p2p#0@vm", node: "vm",
                                step: "e_p2p#0@vm", outcome: .fail, severity: .warning, reason: "SHM")
        #expect(VerdictWords.subject(rule) == "vm · e_p2p#0@vm")
    }

    @Test func toleranceBandsAreTheRegressionModulesBands() {
        let bands = ToleranceBands.default
        #expect(bands == ToleranceBands(BandTolerances.defaults))
        #expect(bands.band(for: 8).tolerance == 0.60)
        #expect(bands.band(for: 4 << 20).tolerance == 0.60)
        #expect(bands.band(for: (4 << 20) + 1).tolerance == 0.25)
        #expect(bands.band(for: (64 << 20) - 1).tolerance == 0.25)
        #expect(bands.band(for: 64 << 20).tolerance == 0.05)
        #expect(bands.band(for: 8 << 30).tolerance == 0.05)
        // Every size falls in the band `SizeBand` (what compare and check use) puts it in.
        for size: Int64 in [1, 4 << 20, (4 << 20) + 1, 32 << 20, (64 << 20) - 1, 64 << 20, 8 << 30] {
            #expect(bands.band(for: size).tolerance == BandTolerances.defaults[SizeBand.of(size: size)])
        }
    }

    @Test func theSuitesRegressionOverridesReachTheReportPerStep() throws {
        let policy = RegressionPolicy(tolerances: ToleranceOverrides(bandwidth: 0.07),
                                      stepTolerances: ["allreduce": ToleranceOverrides(mid: 0.30)])
        let verdict = Verdict(runID: 1, suite: "s", status: .pass, reason: "-", baseline: nil, checks: [])
        let options = ReportOptions(judgement: Judgement(verdict: verdict), policy: policy)
        #expect(options.tolerances.bands.map(\.tolerance) == [0.60, 0.25, 0.07])
        let row = { (step: String, size: Int64, busbw: Double) in
            BusbwRow(runID: 1, stepID: 1, node: "a", stepName: step, variant: nil, collective: "all_reduce",
                     ranks: 8, type: "float", redop: "sum", size: size, busbw: busbw, wrong: false)
        }
        let current = [row("allreduce", 32 << 20, 70), row("allreduce", 1 << 30, 92)]
        let baseline = [row("allreduce", 32 << 20, 100), row("allreduce", 1 << 30, 100)]
        let series = try #require(BusbwCurves.collectives(current: current, baseline: baseline, policy: policy).first?.series.first)
        // 32 MiB: -30 % is inside the step's own 30 % mid band (the default 25 % would flag it).
        #expect(zip(series.points.map(\.tolerancePercent), [30.0, 7.0]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(series.points.map(\.status) == [.within, .below])
    }

    @Test func sizeLabels() {
        #expect(SizeLabel.text(8) == "8 B")
        #expect(SizeLabel.text(1024) == "1 KiB")
        #expect(SizeLabel.text(1536) == "1.5 KiB")
        #expect(SizeLabel.text(32 << 20) == "32 MiB")
        #expect(SizeLabel.text(8 << 30) == "8 GiB")
    }

    @Test func bucketsKeepASingleSpikeInTheirExtremes() throws {
        var points = (0..<3600).map { TimePoint(t: Double($0), value: 50 + Double($0 % 7)) }
        points[1234].value = 999
        points[2345].value = -5
        let buckets = Downsample.buckets(points, from: 0, to: 3600, count: 100)
        #expect(buckets.count == 100)
        #expect(buckets.map(\.count).reduce(0, +) == 3600)
        let spike = try #require(buckets.first { $0.max == 999 })
        #expect(spike.t == 1242)  // bucket 34 of 36 s each: 1224…1260
        #expect(buckets.contains { $0.min == -5 })
        let firstBucket: [Double] = (0..<36).map { 50 + Double($0 % 7) }
        #expect(buckets[0].mean == firstBucket.reduce(0, +) / 36)
        #expect(Downsample.buckets([], from: 0, to: 1, count: 10).isEmpty)
    }

    @Test func timeTicksAreRoundMinutes() {
        #expect(HTMLChartSpecs.timeTicks(3600) == [0, 600, 1200, 1800, 2400, 3000, 3600])
        #expect(HTMLChartSpecs.timeTicks(31) == [0, 5, 10, 15, 20, 25, 30])
        #expect(HTMLChartSpecs.clock(3600) == "1:00:00")
        #expect(HTMLChartSpecs.clock(600) == "10:00")
        #expect(HTMLChartSpecs.clock(30) == "30 s")
    }

    @Test func dmonTimestamps() {
        #expect(SampleTime.seconds(Array("2026-11-22 09:48:45".utf8)) == 1_795_340_925)  // 2026-11-22T09:48:45Z
        #expect(SampleTime.seconds(Array("09:48:45".utf8)) == 946_720_125)  // 2000-01-01T09:48:45Z
        #expect(SampleTime.seconds(Array("2026-13-22 09:48:45".utf8)) == nil)
        #expect(SampleTime.seconds(Array("2026-11-22 25:00:00".utf8)) == nil)
        #expect(SampleTime.seconds(Array("garbage".utf8)) == nil)
        #expect(SampleTime.seconds(Array("99999999999-01-01 00:00:00".utf8)) == nil)
    }

    @Test func svgNumbersAndTicks() {
        #expect(SVGText.coordinate(12.34) == "12.3")
        #expect(SVGText.coordinate(-0.04) == "0")
        #expect(SVGText.coordinate(7) == "7")
        #expect(SVGText.coordinate(.nan) == "0")
        #expect(SVGText.value(366.835) == "367")
        #expect(SVGText.value(24.3) == "24.3")
        #expect(SVGText.value(3.7) == "3.70")
        #expect(SVGText.niceTicks(low: 0, high: 366.9) == [0, 100, 200, 300, 400])
        #expect(SVGText.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }

    @Test func formatListsAndDefaultFolder() {
        #expect(ReportFormat.parseList("html,md").formats == [.html, .md])
        #expect(ReportFormat.parseList("markdown, json,json").formats == [.md, .json])
        #expect(ReportFormat.parseList("html,pdf").unknown == "pdf")
        #expect(ReportWriter.defaultDirectory(suite: "nightly", runID: 7) == "reports/nightly-7")
        #expect(ReportWriter.defaultDirectory(suite: "a b/c", runID: 2) == "reports/a-b-c-2")
    }
}
