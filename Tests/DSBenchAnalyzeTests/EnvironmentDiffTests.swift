import DSBenchCore
import DSBenchStore
import Foundation
import Testing
import DSBenchAnalysisStore
@testable import DSBenchAnalyze

@Suite struct EnvironmentDiffTests {
    @Test func listsOnlyWhatDiffersWithBothSidesValues() {
        var before = RunEnvironment()
        before.add("driver_version on gpu-001", "580.159.04")
        before.add("env NCCL_P2P_DISABLE on gpu-001", nil)
        before.add("nodes", "gpu-001")
        var other = RunEnvironment()
        other.add("driver_version on gpu-001", "575.57.08")
        other.add("nodes", "gpu-001")
        var after = RunEnvironment()
        after.add("driver_version on gpu-001", "580.159.04")
        after.add("env NCCL_P2P_DISABLE on gpu-001", "1")
        after.add("nodes", "gpu-001")
        after.add("nodes", "gpu-002")
        let changes = EnvironmentDiff.diff(baseline: RunEnvironment.merged([before, other]), candidate: after)
        #expect(changes == [
            EnvironmentChange(what: "driver_version on gpu-001", baseline: ["575.57.08", "580.159.04"], candidate: ["580.159.04"]),
            EnvironmentChange(what: "env NCCL_P2P_DISABLE on gpu-001", baseline: [], candidate: ["1"]),
            EnvironmentChange(what: "nodes", baseline: ["gpu-001"], candidate: ["gpu-001", "gpu-002"]),
        ])
        #expect(EnvironmentDiff.diff(baseline: after, candidate: after).isEmpty)
    }

    @Test func aRunsStepEnvAndNcclVersionsAreRead() throws {
        let captures = try CaptureStore()
        let store = captures.store
        let runID = try store.createRun(NewRun(suiteName: "s", suiteHash: "h", startedAt: Date(), dsbenchVersion: "t"))
        _ = try store.insertPlannedSteps(runID: runID, steps: [PlannedStep(
            seq: 0, name: "ar", kind: .nccl, node: "gpu-001",
            commands: [PlannedCommand(label: "main", argv: ["all_reduce_perf"], env: [EnvVar("NCCL_P2P_DISABLE", "1")],
                                      timeoutSeconds: 10, parser: .ncclTests)])])
        try captures.ingest("e_p2p_disable.txt", node: "gpu-001", into: runID)
        let env = try RunEnvironment.load(runID: runID, store: store)
        #expect(env.values["env NCCL_P2P_DISABLE on gpu-001"] == ["1"])
        #expect(env.values["nccl_version on gpu-001"] == ["2.28.9"])
        #expect(env.values["nccl_tests_version on gpu-001"] == ["2.19.6"])
        #expect(env.values["nodes"] == ["gpu-001"])
        #expect(env.values["nccl-tests devices on gpu-001"] == ["8 × NVIDIA H200"])
    }
}
