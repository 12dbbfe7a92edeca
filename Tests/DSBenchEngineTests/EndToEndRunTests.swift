import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// A whole suite through the real local executor, with stand-in `nvidia-smi` / `all_reduce_perf`
/// scripts replaying the real 8×H200 captures, checked row by row in SQLite.
@Suite struct EndToEndRunTests {
    struct Setup {
        let dir: URL
        let standIns: StandIns
        let store: Store
        let outcome: RunOutcome
    }

    static func runSuite(_ yaml: (StandIns) -> String, requestJSON: Bool = true) async throws -> Setup {
        let dir = try makeScratchDirectory("dsbench-e2e")
        let standIns = try StandIns(in: dir)
        try standIns.syncWithDmon()
        let loaded = try SuiteLoader.load(text: yaml(standIns), file: dir.appendingPathComponent("suite.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner.overStandIns(standIns, store: store)
        let outcome = try await runner.run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256, plan: plan,
            requestNcclJSON: requestJSON))
        return Setup(dir: dir, standIns: standIns, store: store, outcome: outcome)
    }

    static func smokeLike(_ s: StandIns) -> String {
        """
        suite: e2e
        nodes: [local]
        defaults:
          env: {NCCL_NVLS_ENABLE: "0", ODD: "a b; rm -rf /"}
          nccl_tests_path: [\(s.bin.path)]
        captures:
          dmon: {metrics: pucvmet, interval: 1}
        steps:
          - name: inventory
            inventory: {}
          - name: all_reduce
            nccl: all_reduce
            sizes: {min: 8, max: 8G, factor: 2}
            gpus: auto
            repeat: 2
          - name: broadcast
            nccl: broadcast
            sizes: {min: 8, max: 1G, factor: 4}
            gpus: 8
        """
    }

    @Test func wholeSuiteLandsInSQLite() async throws {
        let setup = try await Self.runSuite(Self.smokeLike)
        defer { try? FileManager.default.removeItem(at: setup.dir) }
        let outcome = setup.outcome
        #expect(outcome.status == .failed, "the missing broadcast binary fails its step only")
        #expect(outcome.stepCounts["completed"] == 3)
        #expect(outcome.stepCounts["failed"] == 1)
        #expect(outcome.critical.isEmpty)

        let detail = try #require(try setup.store.runDetail(id: outcome.runID))
        #expect(detail.run.status == .failed)
        let steps = detail.steps
        #expect(steps.map(\.key) == ["inventory#0@local", "all_reduce#0@local", "all_reduce#1@local", "broadcast#0@local"])
        #expect(steps.map(\.status) == [.completed, .completed, .completed, .failed])

        // Inventory: 8 GPUs from the query, versions from nvidia-smi and nccl-tests.
        let gpus = try setup.store.inventoryGPUs(runID: outcome.runID)
        #expect(gpus.count == 8)
        #expect(Set(gpus.compactMap(\.name)) == ["NVIDIA H200"])
        let facts = try setup.store.facts(runID: outcome.runID)
        #expect(facts.contains { $0.key == "cuda_version" && $0.value == "13.0" })
        #expect(facts.contains { $0.key == "nccl_version" && $0.value == "2.28.9" })

        // Both repeats: 31 rows each, the real numbers.
        for step in steps where step.name == "all_reduce" {
            let rows = try setup.store.ncclResults(stepID: step.id)
            #expect(rows.count == 31)
            #expect(rows.first?.size == 8)
            #expect(rows.last?.size == 8_589_934_592)
            #expect(rows.last?.outOfPlace.busbw == 366.77)
            #expect(rows.last?.inPlace?.busbw == 366.97)
            #expect(step.nccl?.avgBusbw == 121.667)
            #expect(step.nccl?.complete == true)
            // dmon ran beside the step: 3 rounds × 8 GPUs replayed by the stand-in.
            #expect(try setup.store.dmonSamples(stepID: step.id).count == 24)
        }

        // The JSON beside the text is kept raw, not parsed twice into the same step.
        let messages = try setup.store.diagnostics(runID: outcome.runID).map(\.diagnostic.message)
        #expect(messages == [])

        // The missing binary: a clear message that lists where it looked.
        let broadcast = try #require(steps.last)
        #expect(broadcast.error?.contains("broadcast_perf not found on node local (looked in \(setup.standIns.bin.path)") == true)

        // argv arrived as separate elements, gpus: auto resolved from `nvidia-smi -L`, -J requested.
        let calls = try setup.standIns.invocations().filter { $0.program == "all_reduce_perf" && !$0.args.contains("-h") }
        #expect(calls.count == 2)
        let args = try #require(calls.first?.args)
        #expect(Array(args.prefix(8)) == ["-b", "8", "-e", "8589934592", "-f", "2", "-g", "8"])
        #expect(args.contains("-J"))
    }

    @Test func rawOutputsAreStoredAndSecretsAreNot() async throws {
        let setup = try await Self.runSuite(Self.smokeLike)
        defer { try? FileManager.default.removeItem(at: setup.dir) }
        let artifacts = try setup.store.artifacts(runID: setup.outcome.runID)
        let names = Set(artifacts.map(\.name))
        #expect(names.isSuperset(of: ["main.stdout", "main.stderr", "main.json", "dmon.stdout", "query-gpu.stdout",
                                      "topo.stdout", "nvlink.stdout", "smi.stdout", "uname.stdout", "os-release.stdout"]))
        let raw = try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt")
        #expect(artifacts.contains { $0.name == "main.stdout" && String(decoding: $0.bytes, as: UTF8.self).hasSuffix(String(decoding: raw, as: UTF8.self)) })
        for json in artifacts where json.name == "main.json" {
            let text = String(decoding: json.bytes, as: UTF8.self)
            #expect(!text.contains("SECRET_TOKEN"))
            #expect(text.contains("\"env\": []"))
        }
        // The step's recorded env is what the suite set, literally.
        let detail = try #require(try setup.store.runDetail(id: setup.outcome.runID))
        let allReduce = try #require(detail.steps.first { $0.name == "all_reduce" })
        #expect(allReduce.env["ODD"] == "a b; rm -rf /")
    }

    @Test func reparseRebuildsTheSameRows() async throws {
        let setup = try await Self.runSuite(Self.smokeLike, requestJSON: false)
        defer { try? FileManager.default.removeItem(at: setup.dir) }
        let detail = try #require(try setup.store.runDetail(id: setup.outcome.runID))
        let stepIDs = detail.steps.filter { $0.name == "all_reduce" }.map(\.id)
        let before = try stepIDs.map { try setup.store.ncclResults(stepID: $0) }
        let outcome = try Reparser.reparse(runID: setup.outcome.runID, store: setup.store)
        #expect(outcome.artifacts > 0)
        let after = try stepIDs.map { try setup.store.ncclResults(stepID: $0) }
        #expect(before == after)
        #expect(try setup.store.inventoryGPUs(runID: setup.outcome.runID).count == 8)
    }
}
