import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
import DSBenchParse
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// Findings written after a run, after an ingest and after a reparse (source `rules`).
@Suite struct HealthPassTests {
    /// A suite run through the local executor; `all_reduce_perf` replays the P2P-disabled captures
    /// (with the INFO log when NCCL_DEBUG=INFO, i.e. for the diagnose step).
    private func run(health: String = "", capture: String = "e_p2p_disable.txt") async throws -> (Store, RunOutcome) {
        let dir = try makeScratchDirectory("dsbench-health")
        let standIns = try StandIns(in: dir)
        let fixtures = Fixtures.url("h200-x8").path
        try standIns.write("all_reduce_perf", """
            #!/bin/sh
            if [ "$NCCL_DEBUG" = INFO ]; then cat '\(fixtures)/e_p2p_disable_INFO.txt'; else cat '\(capture)'; fi
            """)
        let yaml = """
            suite: health
            defaults: {nccl_tests_path: [\(standIns.bin.path)]}
            \(health)
            steps:
              - name: inventory
                inventory: {}
              - name: all_reduce
                nccl: all_reduce
                sizes: {min: 8, max: 4G, factor: 2}
                gpus: 8
                diagnose: true
            """
        let loaded = try SuiteLoader.load(text: yaml, file: dir.appendingPathComponent("suite.yaml").path)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner.overStandIns(standIns, store: store)
        let outcome = try await runner.run(RunRequest(suiteName: loaded.suite.name, suiteText: loaded.text,
                                                      suiteHash: loaded.sha256, plan: try Planner.plan(loaded.suite),
                                                      requestNcclJSON: false))
        return (store, outcome)
    }

    @Test func aRunIsDiagnosedWhenItFinishes() async throws {
        let (store, outcome) = try await run(capture: Fixtures.url("h200-x8/e_p2p_disable.txt").path)
        #expect(outcome.status == .completed)
        #expect(outcome.critical.isEmpty)
        // The diagnose step's INFO log shows the shared-memory transport; both nccl steps are far below 366.8 GB/s.
        #expect(outcome.findings.map(\.rule) == ["nccl.transport.shm", "busbw.below_expected", "busbw.below_expected"])
        #expect(outcome.findings[0].step == "all_reduce.diagnose#0@local")
        #expect(outcome.findings[0].evidence.hasPrefix("line 183: Channel 00 : 3[3] -> 4[4] via SHM/direct/direct"))
        #expect(outcome.findings[1].step == "all_reduce#0@local" && outcome.findings[1].observed == 10.75)
        let stored = try store.findings(runID: outcome.runID)
        #expect(stored.map(\.source) == ["rules", "rules", "rules"])
        #expect(stored.map(\.finding) == outcome.findings)
    }

    @Test func theSuitesHealthBlockApplies() async throws {
        let (_, outcome) = try await run(health: "health: {disabled_rules: [busbw.below_expected]}",
                                         capture: Fixtures.url("h200-x8/e_p2p_disable.txt").path)
        #expect(outcome.findings.map(\.rule) == ["nccl.transport.shm"])
    }

    @Test func wrongElementsAreCriticalThroughTheCorrectnessRule() async throws {
        let dir = try makeScratchDirectory("dsbench-health-wrong")
        var text = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        text = text.replacingOccurrences(
            of: "     8388608       2097152     float     sum      -1    79.57  105.43  184.50       0    79.31  105.77  185.10       0",
            with: "     8388608       2097152     float     sum      -1    79.57  105.43  184.50      12    79.31  105.77  185.10       0")
        let capture = dir.appendingPathComponent("wrong.txt")
        try Data(text.utf8).write(to: capture)
        let (store, outcome) = try await run(capture: capture.path)
        #expect(outcome.critical == ["all_reduce#0@local: 1 sizes with wrong elements (first at 8388608 B)"])
        let finding = try #require(try store.findings(runID: outcome.runID).first?.finding)
        #expect(finding.rule == "nccl.correctness" && finding.severity == .critical)
        #expect(finding.evidence == "size 8388608 B, #wrong out-of-place 12, in-place 0; 12 wrong elements in all")
    }

    @Test func ingestDiagnosesLogsAndReparseRecomputes() throws {
        let dir = try makeScratchDirectory("dsbench-health-ingest")
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let ingestor = Ingestor(store: store, version: "test")
        func file(_ kind: ParserKind, _ relative: String) throws -> Ingestor.File {
            Ingestor.File(kind: kind, path: relative, bytes: Array(try Fixtures.text(relative).utf8))
        }
        let first = try ingestor.ingest([try file(.topo, "h200-x8/a_topo-m.txt"),
                                         try file(.ncclTests, "h200-x8/e_p2p_disable_INFO.txt"),
                                         try file(.ncclTests, "h200-x8/d_all_reduce_1M-256M_INFO.txt")],
                                        node: "vm", runID: nil)
        #expect(first.findings.map(\.rule) == ["nccl.transport.shm", "busbw.below_expected"])
        #expect(first.findings.allSatisfy { $0.step == "e_p2p_disable_INFO.txt#0@vm" })

        // A standalone NCCL_DEBUG log (no nccl-tests rows) ingested into the same run.
        let second = try ingestor.ingest([try file(.ncclTests, "spec/nccl_socket_2node_INFO.txt")], node: "gpu-001",
                                         runID: first.runID)
        #expect(second.unparseable.isEmpty)
        // NCCL 2.21.5 on gpu-001 against 2.28.9 on vm is a mixed-software finding too.
        #expect(Set(second.findings.map(\.rule)) == ["nccl.transport.shm", "busbw.below_expected",
                                                     "nccl.transport.socket", "nccl.warn", "inventory.mixed_software"])
        #expect(second.findings.first { $0.rule == "inventory.mixed_software" }?.message
                == "NCCL differs within the run: 2.21.5 on gpu-001, 2.28.9 on vm")

        try store.replaceFindings(runID: first.runID, source: "rules", [])
        let reparsed = try Reparser.reparse(runID: first.runID, store: store)
        #expect(reparsed.findings == second.findings)
        #expect(try store.findings(runID: first.runID).map(\.finding) == second.findings)
    }

    @Test func fewerChannelsThanThePreviousRunOfTheSuite() throws {
        let dir = try makeScratchDirectory("dsbench-health-channels")
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let ingestor = Ingestor(store: store, version: "test")
        func log(_ capture: String) throws -> Ingestor.File {
            Ingestor.File(kind: .ncclTests, path: "logs/all_reduce.log", bytes: Array(try Fixtures.h200(capture).utf8))
        }
        let before = try ingestor.ingest([try log("d_all_reduce_1M-256M_INFO.txt")], node: "vm", runID: nil, suiteName: "nightly")
        #expect(before.findings == [])
        let after = try ingestor.ingest([try log("e_p2p_disable_INFO.txt")], node: "vm", runID: nil, suiteName: "nightly")
        let channels = after.findings.filter { $0.rule == "nccl.channels.fewer" }
        #expect(channels.map(\.message) == ["all_reduce.log#0@vm used 4 coll channels where the baseline used 24"])
        // Another suite has no baseline yet.
        let other = try ingestor.ingest([try log("e_p2p_disable_INFO.txt")], node: "vm", runID: nil, suiteName: "weekly")
        #expect(!other.findings.contains { $0.rule == "nccl.channels.fewer" })
    }
    @Test func fewerChannelsAgainstTheNamedBaselineNotJustThePreviousRun() throws {
        let dir = try makeScratchDirectory("dsbench-health-channels-baseline")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let ingestor = Ingestor(store: store, version: "test")
        func log(_ capture: String) throws -> Ingestor.File {
            Ingestor.File(kind: .ncclTests, path: "logs/all_reduce.log", bytes: Array(try Fixtures.h200(capture).utf8))
        }
        // 24 channels, then two nights on 4 (P2P off): the second bad night looks normal next to the first.
        let good = try ingestor.ingest([try log("d_all_reduce_1M-256M_INFO.txt")], node: "vm", runID: nil, suiteName: "nightly")
        _ = try ingestor.ingest([try log("e_p2p_disable_INFO.txt")], node: "vm", runID: nil, suiteName: "nightly")
        let third = try ingestor.ingest([try log("e_p2p_disable_INFO.txt")], node: "vm", runID: nil, suiteName: "nightly")
        #expect(!third.findings.contains { $0.rule == "nccl.channels.fewer" })
        try store.createBaseline(name: "good", runIDs: [good.runID], note: nil, createdBy: "test")

        let run = try #require(try store.runDetail(id: third.runID)?.run)
        #expect(try HealthPass.baselineRun(for: run, named: "good", store: store) == good.runID)
        #expect(try HealthPass.baselineRun(for: run, named: String(good.runID), store: store) == good.runID)
        #expect(try HealthPass.baselineRun(for: run, named: nil, store: store) == third.runID - 1)
        #expect(try HealthPass.baselineRun(for: run, named: "auto", store: store) == third.runID - 1)
        #expect(try HealthPass.baselineRun(for: run, named: "no-such-baseline", store: store) == third.runID - 1)

        // What `check --baseline good` does after its comparison.
        let judged = try HealthPass.evaluate(runID: third.runID, store: store, baselineRunID: good.runID)
        #expect(judged.filter { $0.rule == "nccl.channels.fewer" }.map(\.message)
                == ["all_reduce.log#0@vm used 4 coll channels where the baseline used 24"])
        #expect(try store.findings(runID: third.runID, source: "rules").contains { $0.finding.rule == "nccl.channels.fewer" })
    }
}
