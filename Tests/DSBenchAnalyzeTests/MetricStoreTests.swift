import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// Workload runs stored as `dsbench run` stores them (the step's stdout parsed with its rules,
/// its trace with the torch-trace parser), then compared, recorded, trended and diagnosed.
@Suite struct MetricStoreTests {
    typealias W = WorkloadMetricRows

    /// A completed run of suite `ddp` whose step `ddp` on `n1` printed `stdout` (and wrote `trace`).
    @discardableResult
    static func addRun(_ store: Store, stdout: [UInt8], trace: [UInt8]? = nil, day: Int = 0) throws -> Int64 {
        let start = Date(timeIntervalSince1970: 1_795_341_600 + Double(day) * 86_400)
        let runID = try store.createRun(NewRun(suiteName: "ddp", suiteHash: "", startedAt: start, dsbenchVersion: "test"))
        let planned = PlannedStep(seq: 0, name: "ddp", kind: .workload, node: "n1", commands: [
            PlannedCommand(label: "main", argv: ["torchrun", "ddp_step.py"], timeoutSeconds: 60, parser: .workload,
                           workload: W.spec),
        ])
        let stepID = try #require(try store.insertPlannedSteps(runID: runID, steps: [planned]).first)
        var inputs = [ArtifactInput(name: "main.stdout", parser: .workload, bytes: stdout)]
        if let trace { inputs.append(ArtifactInput(name: "main.trace.json.gz", parser: .torchTrace, bytes: trace)) }
        let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: "n1", inputs)
        var parsed: [(artifactID: Int64, records: ParsedRecords)] = [(ids[0], .workload(WorkloadParser.parse(stdout, spec: W.spec)))]
        if let trace { parsed.append((ids[1], .torchTrace(TorchTraceParser.parse(trace)))) }
        try store.finishStep(StepCompletion(stepID: stepID, status: .completed, startedAt: start,
                                            endedAt: start.addingTimeInterval(30), parsed: parsed))
        try store.finishRun(id: runID, status: .completed, endedAt: start.addingTimeInterval(60))
        return runID
    }

    @Test func aSlowerNightIsRecordedAsAMetricRegressionAndTheTrendMarksIt() throws {
        let store = try Store.openInMemory()
        // Four nights replay the real capture, cut where real jobs stop; then four 30 % slower.
        var runs: [Int64] = []
        for (day, steps) in [30, 26, 28, 24].enumerated() {
            runs.append(try Self.addRun(store, stdout: try MetricFleetCheckTests.capture(steps: steps), day: day))
        }
        for day in 4..<8 {
            runs.append(try Self.addRun(store, stdout: try MetricFleetCheckTests.capture(factor: 1.3), day: day))
        }
        let report = try RegressionCheck.compareMetrics(runID: runs[4], baselineRunIDs: Array(runs[0..<4]),
                                                        baselineLabel: "auto", store: store)
        #expect(report.baselineRunIDs == Array(runs[0..<4]))
        let step = try #require(report.series.first { $0.key.metric == "step_ms" })
        #expect(step.key.step == "ddp" && step.key.node == "n1")
        #expect(step.outcome.verdict == .regression && step.outcome.baselineSamples == 25 + 21 + 23 + 19)

        // Recorded with the compare findings; "nothing was compared" is not said when metrics were.
        let busbw = try RegressionCheck.compare(runID: runs[4], baseline: "auto", store: store)
        #expect(busbw.series.isEmpty && busbw.baselineRunIDs == Array(runs[0..<4]))
        try RegressionCheck.record(busbw, metrics: report, store: store)
        let stored = try store.findings(runID: runs[4], source: RegressionCheck.compareSource).map(\.finding)
        #expect(stored.map(\.rule) == ["regression.metric", "regression.metric"], "\(stored)")
        #expect(ComparisonFindings.of(busbw).map(\.rule) == ["compare.no-match"])
        // A night with a recorded regression is no reference for `auto`.
        let next = try BaselineResolver.resolve("auto", candidateRunID: runs[5], store: store)
        #expect(next.runIDs == Array(runs[0..<4]) && next.skipped.map(\.reason) == ["regression"])

        let trend = try Trend.loadMetric(suite: "ddp", selection: .init(metric: "step_ms"), store: store)
        #expect(trend.points.map(\.runID) == runs)
        #expect(trend.points.first?.value == 31.5 && trend.unit == "ms" && trend.direction == .lowerIsBetter)
        #expect(trend.changePoints.map(\.index) == [4])
        #expect(try Trend.loadMetric(suite: "ddp", selection: .init(metric: "step_ms", node: "n2"), store: store).points.isEmpty)
        #expect(try Trend.loadMetric(suite: "ddp", selection: .init(metric: "step_ms", step: "ddp"), store: store)
            .points.count == 8)
    }

    /// The overlap rule reads the trace metrics back from the store: the tiny 2×H200 MLP's trace
    /// is below 60 %, the 8×H200 DDP step's is not.
    @Test func theOverlapRuleSeesTheStoredTraceOfTheWorkloadStep() throws {
        let store = try Store.openInMemory()
        let stdout = try MetricFleetCheckTests.capture()
        let low = try Self.addRun(store, stdout: stdout,
                                  trace: Array(try Fixtures.data("h200-x2-workload/tiny_ddp_trace_rank0_steps10-14.json.gz")))
        let high = try Self.addRun(store, stdout: stdout,
                                   trace: Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz")), day: 1)
        let lowInput = try HealthInputLoader.load(runID: low, store: store)
        #expect(lowInput.traces.count == 1 && lowInput.traces.first?.stepKey == "ddp#0@n1")
        let findings = HealthCheck.run(lowInput).filter { $0.rule == "workload.overlap_low" }
        #expect(findings.count == 1 && findings.first?.severity == .info && findings.first?.gpu == 0)
        #expect(HealthCheck.run(try HealthInputLoader.load(runID: high, store: store)).filter { $0.rule == "workload.overlap_low" }
            .isEmpty)
        // The trace's metrics are the step's, compared like the others.
        let report = try RegressionCheck.compareMetrics(runID: low, baselineRunIDs: [high], baselineLabel: "run \(high)",
                                                        store: store)
        #expect(report.series.filter { $0.key.metric.hasPrefix("trace.") }.map(\.key.description)
                == ["ddp on n1: trace.exposed_comm_us{device=0}", "ddp on n1: trace.overlap_pct{device=0}"])
    }
}
