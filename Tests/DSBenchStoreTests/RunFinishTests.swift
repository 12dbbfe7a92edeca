import DSBenchCore
@testable import DSBenchStore
import Foundation
import Testing

/// A run that dsbench finishes together with its verdict is no auto baseline until it has one;
/// runs from before that rule (and ingested ones) are judged by their findings alone.
@Suite struct RunFinishTests {
    func verdict(_ runID: Int64, _ status: String) -> StoredVerdict {
        StoredVerdict(runID: runID, status: status, exitCode: status == "pass" ? 0 : 1, baseline: nil,
                      judgedBy: "test", json: "{}")
    }

    @Test func aRunThatNeedsAVerdictIsNoAutoBaselineWithoutOne() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        var judged = Sample.newRun(); judged.verdictRequired = true
        var neverJudged = Sample.newRun(); neverJudged.verdictRequired = true
        let legacy = try store.createRun(Sample.newRun())
        try store.finishRun(id: legacy, status: .completed, endedAt: Sample.start)
        let passed = try store.createRun(judged)
        try store.saveVerdictFinishingRun(verdict(passed, "pass"), status: .completed, endedAt: Sample.start)
        let bare = try store.createRun(neverJudged)
        // What dsbench before migration 0030 did, and a kill between "completed" and "judged" left.
        try store.finishRun(id: bare, status: .completed, endedAt: Sample.start)

        let candidates = try store.autoBaselineCandidates(suite: "nightly", limit: 10)
        #expect(candidates == [
            AutoBaselineCandidate(runID: bare, problem: "never judged"),
            AutoBaselineCandidate(runID: passed, problem: nil),
            AutoBaselineCandidate(runID: legacy, problem: nil),
        ])
    }

    /// The verdict and the run's end are one transaction: if the verdict cannot be stored, the run
    /// stays `running` (then `interrupted`), never `completed` without it.
    @Test func theVerdictAndTheRunsEndCommitTogether() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let store = scratch.store
        var new = Sample.newRun(pid: 1111); new.verdictRequired = true
        let run = try store.createRun(new)
        try store.executeRaw("""
            CREATE TRIGGER refuse_verdict BEFORE INSERT ON verdicts
            BEGIN SELECT RAISE(ABORT, 'killed before the verdict was stored'); END
            """)
        #expect(throws: StoreError.self) {
            try store.saveVerdictFinishingRun(verdict(run, "pass"), status: .completed, endedAt: Sample.start)
        }
        #expect(try store.runDetail(id: run)?.run.status == .running)
        #expect(try store.verdict(runID: run) == nil)
        #expect(try store.markInterruptedRuns(currentHost: "head-01", isAlive: { _ in false }) == [run])
        #expect(try store.autoBaselineCandidates(suite: "nightly", limit: 10).isEmpty)

        try store.executeRaw("DROP TRIGGER refuse_verdict")
        let second = try store.createRun(new)
        try store.saveVerdictFinishingRun(verdict(second, "fail"), status: .failed, endedAt: Sample.start)
        #expect(try store.runDetail(id: second)?.run.status == .failed)
        #expect(try store.verdict(runID: second)?.status == "fail")
    }
}
