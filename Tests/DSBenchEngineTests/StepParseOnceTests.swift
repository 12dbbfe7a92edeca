import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// A step's nccl-tests output is parsed once: the command's stage parses its stdout for the
/// step's verdict, and the step's finish reads the same records back for the store
/// (`StepParsing`'s cache), not a second parse of what can be hundreds of MB.
@Suite struct StepParseOnceTests {
    @Test func ncclTestsOutputIsParsedOncePerStep() async throws {
        let dir = try makeScratchDirectory("dsbench-parse-once")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let output = try Fixtures.text("h200-x8/b_all_reduce_8-8G_r1.txt")
        let executor = FakeExecutor(nodeName: "local") { _ in FakeExecutor.result(stdout: output) }
        let step = PlannedStep(seq: 0, name: "all_reduce", kind: .nccl, node: "local", commands: [
            PlannedCommand(label: "main", argv: ["all_reduce_perf", "-b", "8", "-e", "8G"], timeoutSeconds: 60,
                           parser: .ncclTests),
        ])
        let runID = try store.createRun(NewRun(suiteName: "parse-once", suiteHash: "-", startedAt: Date(),
                                               dsbenchVersion: "test"))
        let stepID = try #require(try store.insertPlannedSteps(runID: runID, steps: [step]).first)
        let captures = await RunCaptures.start([step], executorFor: { _ in executor }, environment: [:])
        let execution = StepExecution(store: store, runID: runID, stepID: stepID, step: step, executor: executor,
                                      captures: captures, probes: NodeProbes(executor: executor, node: "local", requestJSON: false),
                                      limits: ParseLimits(), clock: { Date() }, environment: [:])

        let result = try await execution.execute()

        #expect(result.verdict.status == .completed, "\(result.verdict)")
        #expect(result.parsedArtifacts == ["main.stdout"], "each artifact reaches its parser once")
        let report = try #require(result.reports.first)
        #expect(result.reports.count == 1)
        #expect(!report.rows.isEmpty)
        #expect(try store.ncclResults(stepID: stepID).count == report.rows.count, "the stored rows are the parsed ones")
    }
}
