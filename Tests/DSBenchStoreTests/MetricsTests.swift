import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct MetricsTests {
    static let rule = MetricRule(name: "step_ms", source: .regex("step_ms (?<step_ms>[0-9.]+)"), unit: "ms",
                                 direction: .lower, warmup: 1, summaries: [.median, .last])

    static func workload() -> WorkloadReport {
        WorkloadReport(series: [MetricSeries(rule: rule, samples: [90, 31.5, 32.5], lines: [1, 2, 3], dropped: 1,
                                             summaryValues: [.init(stat: .median, value: 32), .init(stat: .last, value: 32.5)])],
                       failures: [WorkloadFailure(kind: .ncclError, line: 4, message: "NCCL WARN x")],
                       diagnostics: [])
    }

    @Test func finishStepWritesWorkloadAndTraceMetricsInItsTransaction() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        let runID = try store.createRun(Sample.newRun())
        let step = PlannedStep(seq: 0, name: "ddp", kind: .workload, node: "gpu-001", commands: [
            PlannedCommand(label: "main", argv: ["torchrun", "train.py"], timeoutSeconds: 60, parser: .workload,
                           workload: WorkloadSpec(metrics: [Self.rule], tracePath: "/tmp/t.json.gz")),
        ])
        let stepID = try store.insertPlannedSteps(runID: runID, steps: [step])[0]
        try store.setWorkloadSpec(stepID: stepID, try #require(step.commands[0].workload))
        #expect(try store.workloadSpecs(runID: runID) == [stepID: try #require(step.commands[0].workload)])

        let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: "gpu-001", [
            ArtifactInput(name: "main.stdout", parser: .workload, bytes: Array("x".utf8)),
            ArtifactInput(name: "main.trace.json.gz", parser: .torchTrace, bytes: [0x1F, 0x8B]),
        ])
        let trace = TorchTraceReport(devices: [TorchTraceDevice(
            device: 3, ncclMicroseconds: 20, computeMicroseconds: 20, overlapMicroseconds: 10, overlapPercent: 50,
            exposedCommMicroseconds: 10, collectives: ["AllReduce": CollectiveStats(count: 2, microseconds: 20)])],
            kernelEvents: 4)
        try store.finishStep(StepCompletion(stepID: stepID, status: .completed, endedAt: Sample.start, parsed: [
            (ids[0], .workload(Self.workload())), (ids[1], .torchTrace(trace)),
        ]))

        let metrics = try store.metrics(runID: runID)
        #expect(metrics.count == 2 + 2 + 5 + 2)
        #expect(metrics.allSatisfy { $0.stepID == stepID && $0.node == "gpu-001" })
        #expect(metrics.prefix(4).map { "\($0.metric.name) \($0.metric.value) \($0.metric.labels)" } == [
            "step_ms 31.5 [\"sample\": \"1\"]", "step_ms 32.5 [\"sample\": \"2\"]",
            "step_ms 32.0 [\"stat\": \"median\"]", "step_ms 32.5 [\"stat\": \"last\"]",
        ])
        #expect(metrics[0].metric.direction == .lower && metrics[0].metric.unit == "ms")
        let overlap = try store.metrics(runID: runID, name: "trace.overlap_pct")
        #expect(overlap.map(\.metric.value) == [50])
        #expect(overlap.first?.metric.labels == ["device": "3"])

        // Reparse replaces metrics (no duplicates) along with every other parsed table.
        try store.replaceParsedRecords(runID: runID, parsed: [
            (stepID: stepID, node: "gpu-001", artifactID: ids[1], records: .torchTrace(trace)),
        ])
        #expect(try store.metrics(runID: runID).count == 7)
        #expect(try store.metrics(runID: runID, stepID: stepID, name: "step_ms").isEmpty)
    }

    @Test func workloadSpecOfAMissingStepIsNotFound() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        #expect(throws: StoreError.self) { try scratch.store.setWorkloadSpec(stepID: 999, WorkloadSpec()) }
    }
}
