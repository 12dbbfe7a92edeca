import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// The fleet check over workload metrics: six nodes ran the same DDP step. Four replay the real
/// torchrun capture (cut after 30, 26, 22, 18 steps: real run-to-run spread), one is 25 % slower
/// (step_ms × 1.25, samples/s ÷ 1.25), one 25 % faster. Only the slow node is an outlier, for both
/// metrics: the fast one is on the good side of each metric's declared direction.
@Suite struct MetricFleetCheckTests {
    static let spec = WorkloadSpec(metrics: [
        MetricRule(name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#), unit: "ms",
                   direction: .lower, warmup: 5, summaries: [.mean]),
        MetricRule(name: "samples_per_s", source: .regex(#"^step \d+ .*samples_per_s (?<samples_per_s>[0-9.]+)"#),
                   unit: "samples/s", direction: .higher, warmup: 5, summaries: [.mean]),
    ])

    /// The capture's step lines, the first `steps` of them, with step_ms × `factor` and samples/s ÷ `factor`.
    static func capture(steps: Int = 30, factor: Double = 1) throws -> [UInt8] {
        let text = String(decoding: try Fixtures.data("h200-x8/h_ddp_step_torchrun.txt"), as: UTF8.self)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("step ") }.prefix(steps).map { line -> String in
            var words = line.split(separator: " ").map(String.init)
            for i in words.indices.dropLast() {
                if words[i] == "step_ms", let v = Double(words[i + 1]) { words[i + 1] = String(v * factor) }
                if words[i] == "samples_per_s", let v = Double(words[i + 1]) { words[i + 1] = String(v / factor) }
            }
            return words.joined(separator: " ")
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test func theSlowNodeIsAnOutlierInEachMetricsDirectionAndIsRecordedAsAFleetFinding() throws {
        let directory = try makeScratchDirectory("dsbench-metric-fleet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("f.db").path)
        let runID = try store.createRun(NewRun(suiteName: "ddp", suiteHash: "", startedAt: Date(timeIntervalSince1970: 1_795_341_600),
                                               dsbenchVersion: "test"))
        let nodes: [(String, [UInt8])] = [
            ("n1", try Self.capture(steps: 30)), ("n2", try Self.capture(steps: 26)), ("n3", try Self.capture(steps: 22)),
            ("n4", try Self.capture(steps: 18)), ("slow", try Self.capture(factor: 1.25)), ("fast", try Self.capture(factor: 0.8)),
        ]
        let planned = nodes.enumerated().map { index, node in
            PlannedStep(seq: index, name: "ddp", kind: .workload, node: node.0, commands: [
                PlannedCommand(label: "main", argv: ["torchrun", "ddp_step.py"], timeoutSeconds: 60, parser: .workload,
                               workload: Self.spec),
            ])
        }
        let stepIDs = try store.insertPlannedSteps(runID: runID, steps: planned)
        for (stepID, node) in zip(stepIDs, nodes) {
            let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: node.0,
                                               [ArtifactInput(name: "main.stdout", parser: .workload, bytes: node.1)])
            try store.finishStep(StepCompletion(stepID: stepID, status: .completed, endedAt: Date(timeIntervalSince1970: 1_795_341_700),
                                                parsed: [(ids[0], .workload(WorkloadParser.parse(node.1, spec: Self.spec)))]))
        }

        let outliers = MetricFleetCheck.outliers(try MetricFleetCheck.inputs(runID: runID, store: store))
        #expect(outliers.map(\.node) == ["slow", "slow"])
        #expect(outliers.map(\.metric).sorted() == ["samples_per_s{stat=mean}", "step_ms{stat=mean}"])
        let stepTime = try #require(outliers.first { $0.metric == "step_ms{stat=mean}" })
        // Mean step_ms of steps 5…29 of the capture is 31.672 ms; the slow node's is 1.25 × that.
        #expect(abs(stepTime.value - 31.672 * 1.25) < 1e-9)
        #expect(stepTime.direction == .lower && stepTime.robustZ > 3.5 && stepTime.change > 0.2)
        let throughput = try #require(outliers.first { $0.metric == "samples_per_s{stat=mean}" })
        #expect(throughput.direction == .higher && throughput.robustZ < -3.5 && throughput.change < -0.15)

        // A suite that tolerates 30 % for its workload metrics lets a 25 % gap pass; the busbw
        // bands' tolerances are not workload tolerances.
        let lenient = RegressionPolicy(metricTolerance: 0.30)
        #expect(MetricFleetCheck.outliers(try MetricFleetCheck.inputs(runID: runID, store: store),
                                          policy: RegressionPolicy(tolerances: ToleranceOverrides(bandwidth: 0.30))).count == 2)
        #expect(MetricFleetCheck.outliers(try MetricFleetCheck.inputs(runID: runID, store: store), policy: lenient).isEmpty)

        // `compare`/`check` record them with the busbw outliers as the run's fleet findings.
        _ = try RegressionCheck.fleet(runID: runID, store: store)
        let findings = try store.findings(runID: runID, source: RegressionCheck.fleetSource).map(\.finding)
        #expect(findings.map(\.rule) == ["fleet.metric_outlier", "fleet.metric_outlier"])
        #expect(findings.allSatisfy { $0.node == "slow" && $0.step == "ddp" && $0.severity == .warning })
        #expect(findings.contains { $0.message.contains("step_ms{stat=mean} 39.59 ms") }, "\(findings.map(\.message))")
    }
}
