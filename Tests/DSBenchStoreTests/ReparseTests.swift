import DSBenchCore
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct ReparseTests {
    @Test func replaceParsedRecordsReplacesOnlyThatRun() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        let store = f.scratch.store
        try store.finishStep(try f.ncclCompletion())
        try store.finishStep(f.inventoryCompletion())

        // A second run whose records must survive the first run's reparse.
        let otherRun = try store.createRun(Sample.newRun(suite: "other"))
        let otherStep = try store.insertPlannedSteps(runID: otherRun, steps: [Sample.ncclStep(seq: 0, node: "gpu-002")])[0]
        let otherArtifact = try store.storeArtifacts(runID: otherRun, stepID: otherStep, node: "gpu-002",
                                                     [ArtifactInput(name: "main.stdout", bytes: [0x41])])[0]
        try store.finishStep(StepCompletion(stepID: otherStep, status: .completed, endedAt: Sample.start,
                                            parsed: [(otherArtifact, .ncclTests(try Sample.ncclReport()))]))

        // Reparse: a shorter nccl report, no dmon, a different driver fact, one diagnostic.
        var report = try Sample.ncclReport()
        report.rows = Array(report.rows.prefix(4))
        report.diagnostics = [Diagnostic(.error, line: 22, "truncated")]
        report.avgBusBandwidth = 0.01
        try store.replaceParsedRecords(runID: f.runID, parsed: [
            (stepID: f.ncclStep, node: "gpu-001", artifactID: f.mainArtifact, records: .ncclTests(report)),
            (stepID: f.inventoryStep, node: "gpu-001", artifactID: f.inventoryArtifacts[3],
             records: .facts(["driver_version": "590.10"], diagnostics: [])),
        ])

        #expect(try store.ncclResults(stepID: f.ncclStep).map(\.size) == [8, 16, 32, 64])
        #expect(try store.dmonSamples(stepID: f.ncclStep).isEmpty)
        #expect(try store.inventoryGPUs(runID: f.runID).isEmpty)
        #expect(try store.facts(runID: f.runID).map { "\($0.key)=\($0.value)" }
                == ["driver_version=590.10", "nccl_tests_version=2.19.6", "nccl_version=2.28.9"])
        #expect(try store.diagnostics(runID: f.runID).map(\.diagnostic) == [Diagnostic(.error, line: 22, "truncated")])
        #expect(try store.runDetail(id: f.runID)?.steps.first?.nccl?.avgBusbw == 0.01)
        // Steps and artifacts are not parsed records: they stay.
        #expect(try store.runDetail(id: f.runID)?.steps.first?.status == .completed)
        #expect(try store.artifacts(runID: f.runID).count == 6)
        // The other run is untouched.
        #expect(try store.ncclResults(stepID: otherStep).count == 31)
        #expect(try store.diagnostics(runID: otherRun).count == 1)
    }

    @Test func failedReplaceKeepsTheOldRecords() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.finishStep(try f.ncclCompletion())
        #expect(throws: StoreError.self) {
            try f.scratch.store.replaceParsedRecords(runID: f.runID, parsed: [
                (stepID: f.ncclStep, node: "gpu-001", artifactID: f.dmonArtifact, records: .dmon(Sample.dmonCapture())),
                (stepID: f.ncclStep, node: "gpu-001", artifactID: 555, records: .dmon(Sample.dmonCapture())),
            ])
        }
        #expect(try f.scratch.count("nccl_results") == 31)
        #expect(try f.scratch.count("dmon_samples") == 24)
    }

    @Test func reparseFromStoredArtifactsRebuildsTheSameRows() throws {
        let f = try StepFixture()
        defer { f.scratch.cleanUp() }
        try f.scratch.store.finishStep(try f.ncclCompletion())
        let before = try f.scratch.store.ncclResults(stepID: f.ncclStep)
        // What `dsbench reparse` does: read artifacts back, parse (here: the same records), replace.
        let artifacts = try f.scratch.store.artifacts(runID: f.runID)
        let main = try #require(artifacts.first { $0.name == "main.stdout" })
        #expect(main.parser == .ncclTests)
        #expect(main.bytes == [UInt8](try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt")))
        try f.scratch.store.replaceParsedRecords(runID: f.runID, parsed: [
            (stepID: main.stepID, node: main.node, artifactID: main.id, records: .ncclTests(try Sample.ncclReport())),
        ])
        #expect(try f.scratch.store.ncclResults(stepID: f.ncclStep) == before)
    }
}
