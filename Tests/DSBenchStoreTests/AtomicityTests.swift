import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// finishStep and replaceParsedRecords are one transaction each: after a failure nothing of
/// them is visible.
@Suite struct AtomicityTests {
    static let parsedTables = ["nccl_results", "nccl_summaries", "dmon_samples", "inventory_gpus",
                               "inventory_facts", "diagnostics"]

    func parsedRowCount(_ scratch: ScratchStore) throws -> Int {
        try Self.parsedTables.reduce(0) { $0 + (try scratch.count($1)) }
    }

    @Test func unknownStepIsRefusedAndWritesNothing() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        var completion = try f.ncclCompletion()
        completion.stepID = 9_999
        do {
            try f.scratch.store.finishStep(completion)
            Issue.record("finished a step that does not exist")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.message.contains("no step 9999"))
        }
        #expect(try parsedRowCount(f.scratch) == 0)
    }

    /// An SQLite error raised by the database itself after the step row was updated and the 31
    /// nccl rows were inserted: a trigger aborts the first dmon insert.
    @Test func sqliteFailureMidTransactionRollsEverythingBack() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.executeRaw("""
            CREATE TRIGGER injected_failure BEFORE INSERT ON dmon_samples
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END
            """)
        let completion = try f.ncclCompletion()
        do {
            try f.scratch.store.finishStep(completion)
            Issue.record("the injected failure did not surface")
        } catch {
            #expect(error.kind == .database)
            #expect(error.message.contains("injected failure"))
            #expect(error.message.contains("finishing step \(f.ncclStep)"))
            #expect(error.message.contains(f.scratch.path))
        }
        #expect(try parsedRowCount(f.scratch) == 0)
        let step = try #require(try f.scratch.store.runDetail(id: f.runID)?.steps.first)
        #expect(step.status == .running)
        #expect(step.exitCode == nil && step.endedAt == nil)
        // With the trigger gone the same completion goes through.
        try f.scratch.store.executeRaw("DROP TRIGGER injected_failure")
        try f.scratch.store.finishStep(try f.ncclCompletion())
        #expect(try f.scratch.count("nccl_results") == 31)
        #expect(try f.scratch.count("dmon_samples") == 24)
    }

    @Test func missingArtifactAfterValidRecordsRollsBack() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        var completion = try f.ncclCompletion()
        completion.parsed.append((123_456, .facts(["kernel": "6.18"], diagnostics: [])))
        do {
            try f.scratch.store.finishStep(completion)
            Issue.record("records of a missing artifact were accepted")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.message.contains("no artifact 123456"))
        }
        #expect(try parsedRowCount(f.scratch) == 0)
        #expect(try f.scratch.store.runDetail(id: f.runID)?.steps.first?.status == .running)
    }

    @Test func artifactOfAnotherRunIsRefused() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let otherRun = try f.scratch.store.createRun(Sample.newRun(suite: "other"))
        let foreign = try f.scratch.store.storeArtifacts(runID: otherRun, stepID: nil, node: "gpu-009",
                                                         [ArtifactInput(name: "x", bytes: [1, 2, 3])])[0]
        let completion = StepCompletion(stepID: f.ncclStep, status: .completed, endedAt: Sample.start,
                                        parsed: [(foreign, .dmon(Sample.dmonCapture()))])
        #expect(throws: StoreError.self) { try f.scratch.store.finishStep(completion) }
        #expect(try parsedRowCount(f.scratch) == 0)
    }
}
