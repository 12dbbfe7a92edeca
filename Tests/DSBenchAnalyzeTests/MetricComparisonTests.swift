import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// Workload metrics of the real 8×H200 torchrun DDP capture (25 kept steps of ~31.5 ms) as the
/// metrics table holds them, judged against a baseline by `MetricComparison`.
enum WorkloadMetricRows {
    static let spec = WorkloadSpec(metrics: [
        MetricRule(name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#), unit: "ms",
                   direction: .lower, warmup: 5),
        MetricRule(name: "samples_per_s", source: .regex(#"^step \d+ .*samples_per_s (?<samples_per_s>[0-9.]+)"#),
                   unit: "samples/s", direction: .higher, warmup: 5),
    ])

    /// The rows `dsbench run` stores for one step that printed `bytes` (samples and summaries).
    static func rows(_ bytes: [UInt8], runID: Int64, step: String = "ddp", node: String = "n1",
                     source: RunSource = .run) -> [StepMetricRow] {
        WorkloadParser.parse(bytes, spec: spec).metricValues.map {
            StepMetricRow(runID: runID, runSource: source, step: step, node: node, metric: $0)
        }
    }

    /// The real capture, step_ms × `factor` and samples/s ÷ `factor`.
    static func ddp(runID: Int64, factor: Double = 1, steps: Int = 30) throws -> [StepMetricRow] {
        rows(try MetricFleetCheckTests.capture(steps: steps, factor: factor), runID: runID)
    }

    /// The kept step_ms samples of the real capture, in step order (steps 5…29).
    static func keptStepTimes() throws -> [Double] {
        let parsed = WorkloadParser.parse(try MetricFleetCheckTests.capture(), spec: spec)
        return Array(try #require(parsed.series.first { $0.rule.name == "step_ms" }).kept)
    }

    static func sampleRows(_ values: [Double], runID: Int64, name: String = "step_ms") -> [StepMetricRow] {
        values.enumerated().map { index, value in
            StepMetricRow(runID: runID, runSource: .run, step: "ddp", node: "n1", metric: MetricValue(
                name: name, value: value, unit: "ms", direction: .lower, labels: ["sample": String(index)]))
        }
    }

    /// A parsed profiler trace's rows, as the workload step that collected it stores them.
    static func trace(_ fixture: String, runID: Int64, step: String = "ddp") throws -> [StepMetricRow] {
        TorchTraceParser.parse(Array(try Fixtures.data(fixture))).metricValues.map {
            StepMetricRow(runID: runID, runSource: .run, step: step, node: "n1", metric: $0)
        }
    }
}

@Suite struct MetricComparisonTests {
    typealias W = WorkloadMetricRows

    func compare(_ candidate: [StepMetricRow], _ baseline: [StepMetricRow], policy: RegressionPolicy = RegressionPolicy(),
                 matchStepNames: Bool = true) -> MetricComparisonReport {
        MetricComparison.compare(candidate: candidate, baseline: baseline, candidateRunID: 2, baselineRunIDs: [1],
                                 baselineLabel: "run 1", matchStepNames: matchStepNames, policy: policy)
    }

    @Test func aThirtyPercentSlowerStepIsARegressionOnTheTest() throws {
        let report = compare(try W.ddp(runID: 2, factor: 1.3), try W.ddp(runID: 1))
        // One series per declared metric: the per-step samples; the stat rows summarise the same steps.
        #expect(report.series.map(\.key.description) == ["ddp on n1: samples_per_s", "ddp on n1: step_ms"])
        let step = try #require(report.series.last)
        #expect(step.direction == .lower && step.unit == "ms" && step.samples == .perStep)
        #expect(step.outcome.verdict == .regression && step.outcome.basis == .toleranceAndTest)
        #expect(step.outcome.candidateSamples == 25 && step.outcome.baselineSamples == 25)
        #expect(step.outcome.baselineMedian == 31.5)
        #expect(abs((step.outcome.change ?? 0) - 0.30) < 1e-9)
        #expect((step.outcome.test?.p ?? 1) < 1e-6)
        // Throughput fell by 1 − 1/1.3 = 23 %, in its own (higher-is-better) direction.
        let throughput = try #require(report.series.first)
        #expect(throughput.outcome.verdict == .regression && abs((throughput.outcome.change ?? 0) + 0.2308) < 1e-3)
        #expect(report.hasRegression && report.unmatchedSeries.isEmpty)

        let findings = MetricComparisonFindings.of(report)
        #expect(findings.map(\.rule) == ["regression.metric", "regression.metric"])
        let finding = try #require(findings.last)
        #expect(finding.node == "n1" && finding.step == "ddp" && finding.severity == .warning)
        #expect(finding.message.hasPrefix("ddp on n1: step_ms regressed: median 40.95 ms against 31.50 ms (+30.0 %, lower is better), "
                                         + "past the +15.0 % tolerance [tolerance+mann-whitney (per-step, n=25 vs 25)] against run 1"),
                "\(finding.message)")
        #expect(abs((finding.observed ?? 0) - 40.95) < 1e-9 && finding.expected == 31.5)
    }

    @Test func aFasterStepIsAnImprovementAndTheSameCaptureIsOK() throws {
        let faster = compare(try W.ddp(runID: 2, factor: 0.7), try W.ddp(runID: 1))
        #expect(faster.series.map(\.outcome.verdict) == [.improvement, .improvement])
        #expect(!faster.hasRegression && MetricComparisonFindings.of(faster).isEmpty)
        // Cut after 26 steps (real run-to-run spread of where a job stops): within the noise.
        let same = compare(try W.ddp(runID: 2, steps: 26), try W.ddp(runID: 1))
        #expect(same.series.map(\.outcome.verdict) == [.ok, .ok])
    }

    /// Half the steps on a slow path: the median is 14 % worse, but the ranks barely moved.
    @Test func aWorseMedianTheTestCannotTellFromNoiseIsNotSignificant() throws {
        let kept = try W.keptStepTimes()
        let baseline = Array(kept[4..<8])
        var candidate = Array(kept[0..<4])
        candidate[0] *= 1.3; candidate[1] *= 1.3
        let report = compare(W.sampleRows(candidate, runID: 2), W.sampleRows(baseline, runID: 1),
                             policy: RegressionPolicy(metricTolerance: 0.10))
        let series = try #require(report.series.first)
        #expect(series.outcome.basis == .toleranceAndTest)
        #expect((series.outcome.change ?? 0) > 0.10)
        #expect(series.outcome.verdict == .notSignificant && (series.outcome.test?.p ?? 0) >= 0.05, "\(series)")
        #expect(!report.hasRegression)
    }

    @Test func tooFewStepsRestOnTheToleranceAndSayWhy() throws {
        let kept = try W.keptStepTimes()
        // 2 against 3 values: no arrangement reaches p < 0.05 (the smallest is 1/C(5,2) = 0.1).
        let report = compare(W.sampleRows(kept[0..<2].map { $0 * 1.3 }, runID: 2), W.sampleRows(Array(kept[2..<5]), runID: 1))
        let series = try #require(report.series.first)
        #expect(series.outcome.verdict == .regression && series.outcome.test == nil)
        #expect(series.basisDetail == "tolerance only (insufficient samples) (per-step, n=2 vs 3)")
        let evidence = try #require(MetricComparisonFindings.of(report).first?.evidence)
        #expect(evidence.contains("insufficient samples for Mann–Whitney (smallest attainable p 0.1)"), "\(evidence)")
    }

    /// The real traces: the 8×H200 DDP step hides 83.9 % of its NCCL time, the tiny 2×H200 MLP
    /// 5.6 %. One value per run: the tolerance decides. Only overlap and exposed communication
    /// are judged; NCCL and compute time and kernel counts describe the traced window.
    @Test func traceOverlapAndExposedCommunicationAreJudgedPerRun() throws {
        let baseline = try W.trace("h200-x8/ddp_trace_rank0_steps20-24.json.gz", runID: 1)
        let candidate = try W.trace("h200-x2-workload/tiny_ddp_trace_rank0_steps10-14.json.gz", runID: 2)
        let report = compare(candidate, baseline)
        #expect(report.series.map(\.key.metricWithLabels) == ["trace.exposed_comm_us{device=0}", "trace.overlap_pct{device=0}"])
        #expect(report.series.allSatisfy { $0.samples == .perRun && $0.outcome.basis == .toleranceOnlyInsufficientSamples })
        let overlap = try #require(report.series.last)
        #expect(overlap.direction == .higher && overlap.outcome.verdict == .regression)
        #expect(abs((overlap.outcome.baselineMedian ?? 0) - 83.8789) < 1e-3)
        // A suite's own tolerance for the metric decides instead of the default.
        let lenient = compare(candidate, baseline, policy: RegressionPolicy(metricTolerances: ["trace.overlap_pct": 0.95]))
        #expect(lenient.series.last?.outcome.verdict == .ok, "\(lenient.series.map(\.outcome))")
        #expect(lenient.series.last?.outcome.tolerance == 0.95 && lenient.series.first?.outcome.tolerance == 0.15)
    }

    @Test func seriesOnOneSideOnlyAreListedAndIngestedStepNamesAreNotMatched() throws {
        let candidate = try W.ddp(runID: 2) + W.trace("h200-x8/ddp_trace_rank0_steps20-24.json.gz", runID: 2)
        let report = compare(candidate, try W.ddp(runID: 1))
        #expect(report.series.count == 2)
        #expect(report.unmatchedSeries.map(\.description) == ["ddp on n1: trace.exposed_comm_us{device=0}",
                                                              "ddp on n1: trace.overlap_pct{device=0}"])
        // Two ingested traces are named after their files: without step names they still match.
        let a = try W.trace("h200-x8/ddp_trace_rank0_steps20-24.json.gz", runID: 2, step: "a.json.gz")
        let b = try W.trace("h200-x8/ddp_trace_rank0_steps20-24.json.gz", runID: 1, step: "b.json.gz")
        #expect(compare(a, b).series.isEmpty)
        let unnamed = compare(a, b, matchStepNames: false)
        #expect(unnamed.series.map(\.key.description) == ["on n1: trace.exposed_comm_us{device=0}", "on n1: trace.overlap_pct{device=0}"])
        #expect(unnamed.series.allSatisfy { $0.outcome.verdict == .ok })
    }
}
