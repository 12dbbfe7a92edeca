import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
@testable import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// A `placement: all` job shares its nodes with nothing: it starts when every earlier step of every
/// node has ended, later steps wait for it, and its dmon capture runs on each node of the job.
@Suite struct JobSchedulingTests {
    @Test func aJobWaitsForEveryNodeAndItsCapturesRunOnEachNode() async throws {
        let dir = try makeScratchDirectory("dsbench-job-barrier")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        // The job lasts until both nodes' dmon captures have printed a block of samples for it (at
        // most 5 s), not a fixed nap that a loaded machine can outrun.
        try standIns.write("job-until-dmon-printed", """
            #!/bin/sh
            \(standIns.requestDmonSamplesScript(seconds: 5))
            """)
        // Node b's first step is slow: without the barrier the job would start beside it.
        let yaml = """
            suite: barrier
            nodes: [a, b]
            defaults:
              env: {NAP: "0.1"}
            node_overrides:
              b: {env: {NAP: "0.8"}}
            captures:
              dmon: {metrics: pucvmet, interval: 1}
            steps:
              - name: before
                command: [sh, -c, "sleep $NAP"]
                captures: []
              - name: job
                command: [job-until-dmon-printed]
                placement: all
                launcher: {type: direct}
              - name: after
                command: [sh, -c, "sleep 0.1"]
                captures: []
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("barrier.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        #expect(plan.steps.map(\.key) == ["before#0@a", "before#0@b", "job#0@local", "after#0@a", "after#0@b"])
        #expect(plan.steps[2].jobNodes == ["a", "b"])
        #expect(plan.steps[2].captures.map(\.node) == ["a", "b"])
        #expect(PlanText.render(plan).contains(
            "    job on a,b: starts when every earlier step has ended; later steps wait for it\n"))
        #expect(PlanText.render(plan).contains("    capture dmon@b: nvidia-smi dmon -s pucvmet -d 1 -o DT\n"))
        #expect(Runner.segments(plan.steps.map { ($0, Int64($0.seq)) }).map { $0.map(\.0.key) }
                == [["before#0@a", "before#0@b"], ["job#0@local"], ["after#0@a", "after#0@b"]])

        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner.overStandIns(standIns, store: store)
        let outcome = try await runner.run(RunRequest(suiteName: "barrier", suiteText: loaded.text, suiteHash: loaded.sha256,
                                                      plan: plan))
        #expect(outcome.status == .completed, "\(outcome.stepErrors)")

        let rows = try store.queryRaw("SELECT name || '@' || node || '|' || started_at || '|' || ended_at FROM steps ORDER BY seq")
        let times = rows.compactMap { $0 }.map { $0.split(separator: "|").map(String.init) }
        func time(_ text: String) throws -> Date { try #require(TimeText.parse(text)) }
        let beforeEnds = try times[0...1].map { try time($0[2]) }
        let job = (try time(times[2][1]), try time(times[2][2]))
        let afterStarts = try times[3...4].map { try time($0[1]) }
        #expect(job.0 >= beforeEnds.max()!, "the job started before node b's first step ended: \(times)")
        #expect(afterStarts.allSatisfy { $0 >= job.1 }, "a later step started during the job: \(times)")

        // The job's dmon samples are the nodes' own, stored under each node's name.
        let dmonNodes = try store.queryRaw("""
            SELECT DISTINCT d.node FROM dmon_samples d JOIN steps s ON s.id = d.step_id WHERE s.name = 'job' ORDER BY d.node
            """)
        #expect(dmonNodes == ["a", "b"])
        let artifacts = try store.queryRaw("SELECT node || ':' || name FROM artifacts WHERE name LIKE 'dmon.%' ORDER BY node, name")
        #expect(artifacts == ["a:dmon.stderr", "a:dmon.stdout", "a:dmon.windows.json",
                              "b:dmon.stderr", "b:dmon.stdout", "b:dmon.windows.json"])
        #expect(try store.queryRaw("SELECT name FROM nodes ORDER BY name") == ["a", "b", "local"])
    }

    @Test func aJobsNodesAreNodesOfTheRunEvenWithoutStepsOfTheirOwn() async throws {
        let dir = try makeScratchDirectory("dsbench-job-only")
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaded = try SuiteLoader.load(text: """
            suite: job-only
            nodes: [gpu-1, gpu-2]
            steps:
              - name: job
                command: ["true"]
                placement: all
                launcher: {type: direct}
            """, file: dir.appendingPathComponent("job.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        #expect(plan.nodes == ["local", "gpu-1", "gpu-2"], "what doctor checks and the run records")
        #expect(PlanText.render(plan).hasPrefix("suite job-only: 1 planned steps on 3 nodes (local,gpu-[1-2])\n"))
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner(store: store, version: "test", executorFor: { LocalExecutor(nodeName: $0) })
        let outcome = try await runner.run(RunRequest(suiteName: "job-only", suiteText: loaded.text, suiteHash: loaded.sha256,
                                                      plan: plan))
        #expect(outcome.status == .completed)
        #expect(try store.queryRaw("SELECT name FROM nodes ORDER BY name") == ["gpu-1", "gpu-2", "local"])
    }
}
