import DSBenchCore
import DSBenchReport
@testable import DSBenchEngine
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// The quarterly suite's gpu_micro step through the real local executor, with a stand-in that
/// replays the real H200 output (and an edit of it): a GEMM far below the catalogue's figure for
/// the inventoried GPU model fails the run's one verdict.
@Suite struct ExpectedMetricRunTests {
    static func run(bf16: String) async throws -> (Store, RunOutcome, URL) {
        let dir = try makeScratchDirectory("dsbench-expected-metric")
        let standIns = try StandIns(in: dir)
        let capture = try Fixtures.text("h200-x1-s6/gpu_micro.txt")
            .replacingOccurrences(of: #""gemm_tflops": 666.2, "gpu": 0"#, with: #""gemm_tflops": \#(bf16), "gpu": 0"#)
        let replay = dir.appendingPathComponent("gpu_micro.txt")
        try Data(capture.utf8).write(to: replay)
        try standIns.write("fake-gpu-micro", "#!/bin/sh\ncat '\(replay.path)'\n")
        let yaml = """
            suite: micro
            nodes: [local]
            steps:
              - name: inventory
                inventory: {}
              - name: gpu_micro
                workload: [fake-gpu-micro, --seconds, 2]
                metrics:
                  - {name: gemm_tflops, json: gemm_tflops, labels: [gpu, dtype, mode], unit: TFLOP/s, direction: higher, summary: [last]}
                  - {name: copy_gbps, json: copy_gbps, labels: [gpu, mode], unit: GB/s, direction: higher, summary: [last]}
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("suite.yaml").path)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Runner.overStandIns(standIns, store: store).run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
            plan: try Planner.plan(loaded.suite), requestNcclJSON: false))
        return (store, outcome, dir)
    }

    @Test func theRealOutputPassesAndASlowGEMMFailsTheVerdict() async throws {
        let (_, healthy, healthyDir) = try await Self.run(bf16: "666.2")
        defer { try? FileManager.default.removeItem(at: healthyDir) }
        #expect(healthy.findings.filter { $0.rule == "metric.below_expected" } == [])
        #expect(healthy.judgement?.verdict.status == .pass, "\(String(describing: healthy.judgement?.verdict.checks.map(\.reason)))")

        let (store, slow, slowDir) = try await Self.run(bf16: "399.7")
        defer { try? FileManager.default.removeItem(at: slowDir) }
        // The stand-in nvidia-smi inventories the 8×H200 node; the replay is GPU 0's numbers.
        let finding = try #require(slow.findings.first { $0.rule == "metric.below_expected" })
        #expect(finding.message == "GPU 0 on local: gemm_tflops{dtype=bf16,mode=alone} 399.7 TFLOP/s is 60 % of the "
                + "666.2 TFLOP/s expected for NVIDIA H200 during gpu_micro#0@local")
        let verdict = try #require(slow.judgement?.verdict)
        #expect(verdict.status == .fail)
        #expect(verdict.checks.contains { $0.rule == "metric.below_expected" && $0.outcome == .fail && $0.ruleClass == .degraded })
        #expect(try store.findings(runID: slow.runID).map(\.finding.rule).contains("metric.below_expected"))

        // show's per-GPU table: each mode's value, the worst against the figure, the failing check.
        let view = try ShowData.load(runID: slow.runID, judgement: try RunJudgement.current(runID: slow.runID, store: store),
                                     store: store)
        let text = RunText.render(view)
        #expect(text.contains("micro-benchmarks per GPU (each mode measured, alone / all GPUs at once; "), "\(text)")
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("  local  0  ") }.map(String.init), "\(text)")
        #expect(row.contains("399.7 / 665.6 (60.0 %)"), "\(row)")
        #expect(row.hasSuffix("FAIL metric.below_expected"), "\(row)")
        #expect(text.contains("copy_gbps GB/s"))
    }
}
