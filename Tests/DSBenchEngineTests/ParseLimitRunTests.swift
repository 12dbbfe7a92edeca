import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// The limits on input inside a run: a capture over `max_artifact_bytes` (a decompression bomb)
/// and a parse that outlives its command's timeout are step errors with the reason, and the
/// run goes on to its next steps and ends (issue 12: the run was left `running`, later steps
/// never ran, and an inventory step with `timeout: 5s` ran 257 s).
@Suite struct ParseLimitRunTests {
    @Test func traceOverTheCapFailsItsStepAndTheRunGoesOn() async throws {
        let dir = try makeScratchDirectory("dsbench-bomb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        // 400 MiB of zeros in 1.8 MB of gzip, a hundred times the suite's cap.
        let bomb = dir.appendingPathComponent("bomb.json.gz")
        try Data(GzipBomb.make(byte: 0, count: 400 << 20)).write(to: bomb)
        try standIns.write("fake-train", """
            #!/bin/sh
            echo "step 0 step_ms 30.0"
            cp '\(bomb.path)' "$2"
            """)
        let tracePath = dir.appendingPathComponent("trace.json.gz").path
        let yaml = """
            suite: bomb
            nodes: [local]
            defaults: {max_artifact_bytes: 4M}
            steps:
              - name: train
                workload: [fake-train, --trace-file, \(tracePath)]
                metrics:
                  - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}
                trace: \(tracePath)
              - name: after
                command: [sh, -c, 'echo still running']
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("suite.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        #expect(plan.limits.maxArtifactBytes == 4 << 20)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Runner.overStandIns(standIns, store: store).run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256, plan: plan))

        let steps = try #require(try store.runDetail(id: outcome.runID)).steps
        #expect(steps.map(\.status) == [.failed, .completed])
        #expect(steps[0].error == "main.trace.json.gz: not parsed: the artifact inflates to more than 4 MiB, the most an "
            + "artifact may be (max_artifact_bytes; raise it in the suite's defaults, or with --max-artifact-bytes)")
        #expect(outcome.status == .failed)
        let artifacts = try store.artifacts(runID: outcome.runID)
        #expect(artifacts.first { $0.name == "main.trace.json.gz" }?.bytes.count == (try Data(contentsOf: bomb)).count,
                "the raw trace is stored")
        // The step's stdout was within the cap and is kept.
        #expect(try store.metrics(runID: outcome.runID).contains { $0.metric.name == "step_ms" })
        #expect(try !store.metrics(runID: outcome.runID).contains { $0.metric.name.hasPrefix("trace.") })
    }

    /// The command returns at once (a scripted executor), but parsing its 8 MB of query-gpu output
    /// takes far longer than the 50 ms timeout: the parse is stopped and the step timed out.
    @Test func parseOutlivingTheCommandTimeoutTimesTheStepOut() async throws {
        let dir = try makeScratchDirectory("dsbench-parse-timeout")
        defer { try? FileManager.default.removeItem(at: dir) }
        let capture = try Fixtures.text("h200-x8/a_query-gpu_csv.txt")
        let lines = capture.split(separator: "\n")
        let rows = lines.dropFirst().joined(separator: "\n")
        let big = String(lines[0]) + "\n" + Array(repeating: rows, count: 8_000_000 / max(rows.utf8.count, 1) + 1)
            .joined(separator: "\n") + "\n"
        let yaml = """
            suite: slowparse
            nodes: [local]
            steps:
              - name: gpus
                command: [nvidia-smi, --query-gpu=index,name, --format=csv]
                parser: query-gpu
                timeout: 0.05
              - name: after
                command: [true]
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("suite.yaml").path)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner(store: store, version: "test", executorFor: { node in
            FakeExecutor(nodeName: node, respond: { command in
                FakeExecutor.result(stdout: command.parser == .queryGPU ? big : "")
            })
        })
        let outcome = try await runner.run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
            plan: try Planner.plan(loaded.suite)))
        let steps = try #require(try store.runDetail(id: outcome.runID)).steps
        #expect(steps.map(\.status) == [.timedOut, .completed])
        #expect(steps[0].error == "main.stdout: parsing did not finish within the command's timeout and was stopped (0.05 s); "
            + "the raw output is stored and `dsbench reparse` parses it again")
        #expect(try store.inventoryGPUs(runID: outcome.runID).isEmpty, "a partial parse is not stored")
        #expect(try store.artifacts(runID: outcome.runID).contains { $0.name == "main.stdout" && $0.bytes.count == big.utf8.count })
    }
}
