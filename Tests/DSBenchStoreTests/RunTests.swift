import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct RunTests {
    @Test func runsAreListedNewestFirstWithStepCountsAndNodes() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        #expect(try store.latestRunID() == nil)
        #expect(try store.runs().isEmpty)

        let first = try store.createRun(Sample.newRun(suite: "nightly"))
        let second = try store.createRun(Sample.newRun(suite: "quarterly"))
        let third = try store.createRun(Sample.newRun(suite: "nightly"))
        let steps = try store.insertPlannedSteps(runID: third, steps: [
            Sample.ncclStep(seq: 0, node: "gpu-001"), Sample.ncclStep(seq: 1, node: "gpu-002"),
            Sample.ncclStep(seq: 2, node: "gpu-001", repeatIndex: 1), Sample.inventoryStep(seq: 3, node: "gpu-003"),
        ])
        try store.markStepRunning(id: steps[0], startedAt: Sample.start)
        try store.finishStep(StepCompletion(stepID: steps[0], status: .completed, exitCode: 0, endedAt: Sample.start))
        try store.markStepRunning(id: steps[1], startedAt: Sample.start)
        try store.finishStep(StepCompletion(stepID: steps[1], status: .timedOut, signal: 9, endedAt: Sample.start,
                                            error: "timed out after 600 s"))
        try store.recordNode(runID: third, name: "gpu-004", status: .unreachable, error: "connection refused")
        try store.finishRun(id: third, status: .failed, endedAt: Sample.start.addingTimeInterval(700))

        #expect(try store.latestRunID() == third)
        let all = try store.runs()
        #expect(all.map(\.id) == [third, second, first])
        #expect(try store.runs(limit: 2).map(\.id) == [third, second])
        #expect(try store.runs(suite: "nightly").map(\.id) == [third, first])
        let summary = all[0]
        #expect(summary.suiteName == "nightly" && summary.status == .failed && summary.source == .run)
        #expect(summary.stepCounts == [.completed: 1, .timedOut: 1, .pending: 2])
        #expect(summary.nodeCount == 4)
        #expect(summary.labels == ["ticket": "HW-42", "rack": "r7"])
        #expect(sameTime(summary.startedAt, Sample.start))
        #expect(sameTime(summary.endedAt, Sample.start.addingTimeInterval(700)))
        #expect(all[1].stepCounts.isEmpty && all[1].nodeCount == 0 && all[1].status == .running)
        #expect(try store.queryRaw("SELECT started_at FROM runs WHERE id = \(first)") == ["2026-11-22T09:45:50.319Z"])
    }

    @Test func runDetailCarriesRunStepsAndNodes() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        let runID = try store.createRun(Sample.newRun(pid: 4242))
        let ids = try store.insertPlannedSteps(runID: runID, steps: [Sample.ncclStep(seq: 0), Sample.inventoryStep(seq: 1)])
        try store.recordNode(runID: runID, name: "gpu-001", hostname: "gpu-001.cluster")
        try store.recordNode(runID: runID, name: "gpu-001", status: .failed, error: "lost")   // upsert keeps hostname

        let detail = try #require(try store.runDetail(id: runID))
        #expect(try store.runDetail(id: runID + 1) == nil)
        let run = detail.run
        #expect(run.id == runID && run.suiteName == "nightly" && run.suiteHash == String(repeating: "ab", count: 32))
        #expect(run.suiteText == "name: nightly\n" && run.dsbenchVersion == "0.1.0" && run.user == "ops")
        #expect(run.host == "head-01" && run.pid == 4242 && run.status == .running && run.endedAt == nil)
        #expect(detail.steps.map(\.id) == ids)
        let step = detail.steps[0]
        #expect(step.key == "allreduce[NCCL_ALGO=Ring]#0@gpu-001")
        #expect(step.seq == 0 && step.kind == "nccl" && step.variant == "NCCL_ALGO=Ring" && step.status == .pending)
        #expect(step.argv == ["all_reduce_perf", "-b", "8", "-e", "8G", "-f", "2", "-g", "8"])   // the main command
        #expect(step.env == ["NCCL_ALGO": "Ring", "NCCL_DEBUG": "WARN"])
        #expect(step.nccl == nil && step.dmonSampleCount == 0)
        #expect(detail.steps[1].argv == ["nvidia-smi", "--query-gpu=index,name"])   // first command
        #expect(detail.steps[1].env == [:])
        #expect(try store.queryRaw("SELECT env || ' ' || variant_env FROM steps WHERE id = \(ids[0])")
                == ["{\"NCCL_ALGO\":\"Ring\",\"NCCL_DEBUG\":\"WARN\"} {\"NCCL_ALGO\":\"Ring\"}"])
        #expect(detail.nodes == [NodeDetail(name: "gpu-001", hostname: "gpu-001.cluster", status: "failed", error: "lost",
                                            gpuNames: [], driverVersions: [], cudaVersions: [], ncclVersions: [])])
    }

    @Test func stepOperationsOnMissingIdsAreNotFound() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        #expect(throws: StoreError.self) { try store.insertPlannedSteps(runID: 5, steps: [Sample.ncclStep(seq: 0)]) }
        #expect(throws: StoreError.self) { try store.markStepRunning(id: 5, startedAt: Sample.start) }
        #expect(throws: StoreError.self) { try store.finishRun(id: 5, status: .completed, endedAt: Sample.start) }
        #expect(throws: StoreError.self) { try store.recordNode(runID: 5, name: "n") }
        #expect(throws: StoreError.self) { try store.deleteRun(id: 5) }
        let runID = try store.createRun(Sample.newRun())
        _ = try store.insertPlannedSteps(runID: runID, steps: [Sample.ncclStep(seq: 0)])
        // Two steps with the same plan position violate UNIQUE (run_id, seq).
        do {
            _ = try store.insertPlannedSteps(runID: runID, steps: [Sample.ncclStep(seq: 0)])
            Issue.record("duplicate seq accepted")
        } catch {
            #expect(error.kind == .database && error.message.contains("UNIQUE"))
        }
    }

    @Test func abandonedRunsAreMarkedInterruptedLiveOnesAreNot() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        let dead = try store.createRun(Sample.newRun(host: "head-01", pid: 1111))
        let live = try store.createRun(Sample.newRun(host: "head-01", pid: 2222))
        let elsewhere = try store.createRun(Sample.newRun(host: "head-02", pid: 1111))
        let noPid = try store.createRun(Sample.newRun(host: "head-01", pid: nil))
        let done = try store.createRun(Sample.newRun(host: "head-01", pid: 1111))
        try store.finishRun(id: done, status: .completed, endedAt: Sample.start)
        let deadSteps = try store.insertPlannedSteps(runID: dead, steps: [Sample.ncclStep(seq: 0), Sample.ncclStep(seq: 1)])
        try store.markStepRunning(id: deadSteps[0], startedAt: Sample.start)
        let liveSteps = try store.insertPlannedSteps(runID: live, steps: [Sample.ncclStep(seq: 0)])
        try store.markStepRunning(id: liveSteps[0], startedAt: Sample.start)

        let marked = try store.markInterruptedRuns(currentHost: "head-01", endedAt: Sample.start.addingTimeInterval(5),
                                                   isAlive: { $0 == 2222 })
        #expect(marked == [dead, noPid])
        let status = { (id: Int64) throws -> RunStatus? in try store.runDetail(id: id)?.run.status }
        #expect(try status(dead) == .interrupted)
        #expect(try status(noPid) == .interrupted)
        #expect(try status(live) == .running)
        #expect(try status(elsewhere) == .running)
        #expect(try status(done) == .completed)
        let steps = try #require(try store.runDetail(id: dead)?.steps)
        #expect(steps.map(\.status) == [.interrupted, .pending])
        #expect(steps[0].error == "dsbench stopped while the step was running")
        #expect(sameTime(steps[0].endedAt, Sample.start.addingTimeInterval(5)))
        #expect(try store.runDetail(id: live)?.steps.first?.status == .running)
        // Nothing left to mark.
        #expect(try store.markInterruptedRuns(currentHost: "head-01", isAlive: { $0 == 2222 }).isEmpty)
    }

    @Test func processLivenessSeesRealProcesses() throws {
        #expect(ProcessLiveness.isAlive(getpid()))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        #expect(!ProcessLiveness.isAlive(child.processIdentifier))
        #expect(!ProcessLiveness.isAlive(0) && !ProcessLiveness.isAlive(-1))
    }

    @Test func deletingARunCascadesToEverythingOfIt() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let store = f.scratch.store
        try store.finishStep(try f.ncclCompletion())
        try store.finishStep(f.inventoryCompletion())
        try store.recordNode(runID: f.runID, name: "gpu-001", hostname: "gpu-001")
        let keep = try store.createRun(Sample.newRun(suite: "keep"))
        let keepStep = try store.insertPlannedSteps(runID: keep, steps: [Sample.ncclStep(seq: 0)])[0]
        let keepArtifact = try store.storeArtifacts(runID: keep, stepID: keepStep, node: "gpu-001",
                                                    [ArtifactInput(name: "main.stdout", bytes: [1])])[0]
        try store.finishStep(StepCompletion(stepID: keepStep, status: .completed, endedAt: Sample.start,
                                            parsed: [(keepArtifact, .dmon(Sample.dmonCapture()))]))
        let tables = ["steps", "nodes", "artifacts", "diagnostics", "inventory_gpus", "inventory_facts",
                      "nccl_summaries", "nccl_results", "dmon_samples"]
        for table in tables { #expect(try f.scratch.count(table, where: "run_id = \(f.runID)") > 0, "\(table) empty before") }

        try store.deleteRun(id: f.runID)
        for table in tables { #expect(try f.scratch.count(table, where: "run_id = \(f.runID)") == 0, "\(table) kept rows") }
        #expect(try store.runDetail(id: f.runID) == nil)
        #expect(try store.runs().map(\.id) == [keep])
        #expect(try store.dmonSamples(stepID: keepStep).count == 24)
        #expect(try f.scratch.count("artifacts") == 1)
    }
}
