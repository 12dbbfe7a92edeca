import DSBenchCore
@testable import DSBenchEngine
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// dsbench never deletes a file at a `trace:` path that it did not create: what is there before
/// the job is moved aside (and the step says so), and a file it cannot move keeps the job from
/// starting, since the job would overwrite it.
@Suite struct WorkloadTraceSafetyTests {
    func run(_ dir: URL, tracePath: String) async throws -> (Store, Int64) {
        let standIns = try StandIns(in: dir)
        try standIns.write("fake-torchrun", """
            #!/bin/sh
            touch '\(dir.path)/job.started'
            echo "step 0 step_ms 31.5"
            cp '\(Fixtures.url("h200-x8/ddp_trace_rank0_steps20-24.json.gz").path)' "$1"
            """)
        let loaded = try SuiteLoader.load(text: """
            suite: trace-safety
            nodes: [local]
            steps:
              - name: ddp
                workload: [fake-torchrun, \(tracePath)]
                metrics:
                  - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}
                trace: \(tracePath)
            """, file: dir.appendingPathComponent("suite.yaml").path)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Runner.overStandIns(standIns, store: store).run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
            plan: try Planner.plan(loaded.suite), requestNcclJSON: false))
        return (store, outcome.runID)
    }

    @Test func aFileAtTheTracePathIsMovedAsideNotDeleted() async throws {
        let dir = try makeScratchDirectory("dsbench-trace-aside")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tracePath = dir.appendingPathComponent("weights.json.gz").path
        try Data("precious bytes".utf8).write(to: URL(fileURLWithPath: tracePath))
        let (store, runID) = try await run(dir, tracePath: tracePath)

        let aside = tracePath + ".before-dsbench-run\(runID)-step0"
        #expect(try String(contentsOfFile: aside, encoding: .utf8) == "precious bytes")
        let steps = try #require(try store.runDetail(id: runID)).steps
        #expect(steps.map(\.status) == [.completed], "\(steps.map(\.error))")
        let artifacts = try store.artifacts(runID: runID)
        let note = try #require(artifacts.first { $0.name == "main.trace-aside.txt" })
        #expect(String(decoding: note.bytes, as: UTF8.self).contains("dsbench never deletes a file it did not create and moved it to \(aside)"))
        #expect(artifacts.first { $0.name == "main.trace.json.gz" }?.bytes
                == Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz")))
        #expect(!FileManager.default.fileExists(atPath: tracePath), "the job's own trace is removed once stored")
    }

    @Test func aFileThatCannotBeMovedAsideKeepsTheJobFromStarting() async throws {
        let dir = try makeScratchDirectory("dsbench-trace-stuck")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tracePath = dir.appendingPathComponent("t.json").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: tracePath))
        // Run 1's aside name is taken already: nothing is replaced, so nothing can move.
        try Data("older".utf8).write(to: URL(fileURLWithPath: tracePath + ".before-dsbench-run1-step0"))
        let (store, runID) = try await run(dir, tracePath: tracePath)
        #expect(runID == 1)

        let step = try #require(try store.runDetail(id: runID)?.steps.first)
        #expect(step.status == .failed)
        #expect(step.error?.contains("could not be moved aside") == true, "\(step.error ?? "")")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("job.started").path))
        #expect(try String(contentsOfFile: tracePath, encoding: .utf8) == "precious")
        #expect(try String(contentsOfFile: tracePath + ".before-dsbench-run1-step0", encoding: .utf8) == "older")
    }
}
