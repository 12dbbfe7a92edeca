import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct HealthCheckTests {
    typealias F = HealthFixtures

    @Test func everyRuleHasAnIdSeverityHintAndUniqueId() {
        let ids = HealthRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.count == 33)  // + metric.below_expected (issue 14), nccl.transport.net_in_node, nccl.busbw.implausible, workload.overlap_low (issue 11), inventory.changed (issue 13), 8 GPU health rules, pcie.bandwidth_low and pcie.bandwidth_outlier (issue 14), pairs.bad_node, pairs.bad_gpu, pairs.bad_link (issue 16)
        for rule in HealthRules.all {
            #expect(!rule.summary.isEmpty && !rule.hint.isEmpty, "\(rule.id)")
        }
        // Every threshold a rule reads is one a suite can set.
        let used = Set(HealthRules.all.flatMap(\.thresholds).map(\.key))
        #expect(used == Set(HealthThreshold.all.map(\.key)))
    }

    @Test func aHealthyRunOfTheCaptureMachineHasNoFinding() throws {
        let input = try F.input(nccl: try ["b_all_reduce_8-8G_r1.txt", "b_all_reduce_8-8G_r2.txt",
                                           "d_all_reduce_1M-256M_INFO.txt", "c_all_gather_8-1G.txt",
                                           "c_alltoall_8-1G.txt", "g_mpirun_all_reduce_np8.txt"].map { try F.step($0) },
                                dmon: [try F.realDmon()])
        #expect(HealthCheck.run(input) == [])
    }

    @Test func extremeThresholdsNeverTrap() throws {
        let steps = try ["e_p2p_disable_INFO.txt", "b_all_reduce_8-8G_r1.txt"].map { try F.step($0) }
        for value in [0, 1e300, Double.greatestFiniteMagnitude] {
            let settings = HealthSettings(thresholds: Dictionary(uniqueKeysWithValues: HealthThreshold.all.map { ($0.key, value) }))
            _ = HealthCheck.run(try F.input(nccl: steps, dmon: [try F.realDmon(expectBusy: true)], settings: settings))
        }
        // A huge bandwidth-bound floor leaves no size to judge.
        let huge = HealthSettings(thresholds: ["busbw.min_bytes": 1e300])
        #expect(F.findings(try F.input(nccl: steps, settings: huge), rule: "busbw.below_expected") == [])
        // Empty input: nothing to say.
        #expect(HealthCheck.run(HealthInput()) == [])
    }

    @Test func suiteCanSwitchRulesOff() throws {
        let steps = [try F.step("e_p2p_disable_INFO.txt")]
        #expect(Set(HealthCheck.run(try F.input(nccl: steps)).map(\.rule)) == ["nccl.transport.shm", "busbw.below_expected"])
        let off = HealthSettings(disabledRules: ["nccl.transport.shm"])
        #expect(HealthCheck.run(try F.input(nccl: steps, settings: off)).map(\.rule) == ["busbw.below_expected"])
    }

    /// The same findings when the input is read back from SQLite as when it comes straight from the parsers.
    @Test func loaderReadsTheStoreLikeTheParsers() throws {
        let store = try Store.openInMemory()
        let run = try store.createRun(NewRun(suiteName: "health", suiteHash: "", startedAt: Date(), dsbenchVersion: "test"))
        let files: [(String, ParserKind, StepKind, [String])] = [
            ("a_query-gpu_csv.txt", .queryGPU, .inventory, []), ("a_topo-m.txt", .topo, .inventory, []),
            ("e_p2p_disable_INFO.txt", .ncclTests, .nccl, ["all_reduce_perf"]),
            ("f_dmon_pucvmet_during_allreduce.txt", .dmon, .command, ["python", "train.py"]),
        ]
        let steps = files.enumerated().map { index, file in
            PlannedStep(seq: index, name: file.0, kind: file.2, node: "vm",
                        commands: [PlannedCommand(label: "main", argv: file.3, timeoutSeconds: 1, parser: file.1)])
        }
        let ids = try store.insertPlannedSteps(runID: run, steps: steps)
        for (file, id) in zip(files, ids) {
            let bytes = Array(try Fixtures.h200(file.0).utf8)
            let artifact = try store.storeArtifacts(runID: run, stepID: id, node: "vm",
                                                    [ArtifactInput(name: "main.stdout", parser: file.1, bytes: bytes)])
            try store.finishStep(StepCompletion(stepID: id, status: .completed, endedAt: Date(),
                                                parsed: [(artifactID: artifact[0], records: Parsers.parse(file.1, bytes))]))
        }
        let input = try HealthInputLoader.load(runID: run, store: store)
        #expect(input.gpus.count == 8 && input.gpus[0].clocksMaxSMMHz == 1980 && input.gpus[0].memoryTotalMiB == 143771)
        #expect(input.topologies["vm"]?.link(from: "GPU0", to: "GPU7") == "NV18")
        let stored = try #require(input.ncclSteps.first)
        let parsed = try F.step("e_p2p_disable_INFO.txt")
        #expect(stored.transport == parsed.transport)
        #expect(stored.rows.map(\.outOfPlace) == parsed.rows.map(\.outOfPlace))
        #expect(input.dmonSteps.map(\.expectBusy) == [true])
        #expect(input.dmonSteps.first?.samples.count == 184)

        let rules = Set(HealthCheck.run(input).map(\.rule))
        #expect(rules == ["nccl.transport.shm", "busbw.below_expected", "gpu.low_util"])
        // A suite that says which steps must be busy overrides the default.
        let settings = HealthSettings(busySteps: ["some-other-step"])
        #expect(!HealthCheck.run(try HealthInputLoader.load(runID: run, store: store, settings: settings))
                    .contains { $0.rule == "gpu.low_util" })
    }
}
