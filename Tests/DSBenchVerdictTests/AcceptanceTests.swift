import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchTestSupport
import DSBenchVerdict
import Testing

/// Issue 11's cases on real captures, judged as `compare` judges them.
@Suite struct AcceptanceTests {
    func judge(_ world: VerdictWorld, _ runID: Int64, baseline: String? = nil) throws -> Verdict {
        try RunJudgement.judge(runID: runID, baseline: baseline, baselineRequired: false, judgedBy: "compare",
                               record: true, store: world.store).verdict
    }

    @Test func aHealthyRunAgainstHealthyRunsPasses() throws {
        let world = try VerdictWorld()
        try world.ingest(Scenario.healthy)
        let verdict = try judge(world, try world.ingest(Scenario.healthy2))
        #expect(verdict.status == .pass, "\(verdict.headline)")
        #expect(verdict.reason.contains("within tolerance of auto"), "\(verdict.reason)")
    }

    @Test func p2pOffAgainstAHealthyBaselineFails() throws {
        let world = try VerdictWorld()
        try world.ingest(Scenario.healthy)
        let verdict = try judge(world, try world.ingest(Scenario.p2pOff))
        #expect(verdict.status == .fail && verdict.exitCode == 1)
        #expect(verdict.checks(.fail).contains { $0.rule == "regression.busbw" && $0.subject.contains("bandwidth band") })
    }

    @Test func oneGPUAgainstOneGPUIsNoVerdict() throws {
        let world = try VerdictWorld()
        let baseline = try world.ingest("h200-x1/nccl_all_reduce_1gpu.txt", suite: "one-gpu")
        let verdict = try judge(world, try world.ingest("h200-x1/nccl_all_reduce_1gpu.txt", suite: "one-gpu"),
                                baseline: String(baseline))
        #expect(verdict.status == .noVerdict && verdict.exitCode == 2, "\(verdict.headline)")
        #expect(verdict.checks.allSatisfy { $0.outcome != .fail })
        #expect(!verdict.checks.contains { $0.ruleClass == .regression && $0.outcome == .pass })
    }

    @Test func theStoredVerdictIsWhatAReadOnlyCommandShows() throws {
        let world = try VerdictWorld()
        try world.ingest(Scenario.healthy)
        let run = try world.ingest(Scenario.p2pOff)
        // Before any judgement the run is judged now, nothing written.
        let fresh = try RunJudgement.current(runID: run, store: world.store)
        #expect(!fresh.stored)
        #expect(try world.store.verdict(runID: run) == nil)
        let made = try judge(world, run)
        let stored = try RunJudgement.current(runID: run, store: world.store)
        #expect(stored.stored && stored.verdict == made && stored.judgedBy == "compare")
    }

    @Test func aFailedRunIsNotPartOfTheNextAutoBaseline() throws {
        let world = try VerdictWorld()
        try world.ingest(Scenario.healthy)
        let bad = try world.ingest(Scenario.p2pOff)
        #expect(try judge(world, bad).status == .fail)
        let next = try judge(world, try world.ingest(Scenario.healthy2))
        #expect(next.status == .pass)
        #expect(next.baseline?.runIDs == [1], "\(String(describing: next.baseline))")
    }
}

/// The hardware cases that need no baseline: what the rules see in one run decides.
@Suite struct DegradedHardwareAcceptanceTests {
    func judge(_ world: VerdictWorld, _ runID: Int64) throws -> Verdict {
        try RunJudgement.judge(runID: runID, baseline: nil, baselineRequired: false, judgedBy: "compare",
                               record: true, store: world.store).verdict
    }

    @Test func socketsBetweenTheGPUsOfOneNodeFailTheRun() throws {
        let world = try VerdictWorld()
        let verdict = try judge(world, try world.ingest("issue-11/socket_inside_node_INFO_lines.txt"))
        #expect(verdict.status == .fail, "\(verdict.headline)")
        #expect(verdict.checks(.fail).contains { $0.rule == "nccl.transport.net_in_node" && $0.ruleClass == .degraded },
                "\(verdict.checks(.fail).map(\.rule))")
    }

    @Test func theOneGPUBroadcastIsImplausibleAndNeverBelieved() throws {
        let world = try VerdictWorld()
        let first = try world.ingest("h200-x1/nccl_broadcast_1gpu.txt", suite: "bcast")
        let verdict = try judge(world, first)
        #expect(verdict.status == .fail)
        let implausible = try #require(verdict.checks(.fail).first { $0.rule == "nccl.busbw.implausible" })
        #expect(implausible.reason.contains("9e+06") || implausible.evidence.contains("9e+06"), "\(implausible)")
        // A second night compares against the first without the in-place column's numbers.
        let second = try world.ingest("h200-x1/nccl_broadcast_1gpu.txt", suite: "bcast")
        let steps = try world.store.ncclStepResults(runIDs: [first])
        let samples = BusbwSamples.table(steps, matchStepNames: false).values.flatMap { $0.values.flatMap { $0 } }
        #expect(!samples.isEmpty && samples.allSatisfy { $0 < 4800 }, "\(samples.max() ?? 0)")
        _ = try judge(world, second)
    }
}
