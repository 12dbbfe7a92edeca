import DSBenchCore
@testable import DSBenchEngine
import DSBenchTestSupport
import Foundation
import Testing

/// A workload that exits 77 cannot run on the node (gpu_micro.py without PyTorch): skipped with
/// its reason, while any other failing exit still fails the step.
@Suite struct WorkloadSkipTests {
    static let main = PlannedCommand(label: "main", argv: ["python3", "Suites/workloads/gpu_micro.py"], timeoutSeconds: 60,
                                     parser: .workload)

    @Test func exit77IsSkippedWithWhatTheJobSaid() {
        let verdict = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
            CommandOutcome(command: Self.main, termination: .exited(77),
                           stderrTail: "gpu_micro.py: PyTorch is not installed: install it (pip install torch)", parsed: nil),
        ])
        #expect(verdict.status == .skipped)
        #expect(verdict.error == "python3 on node gpu1 exited 77 (cannot run here): gpu_micro.py: PyTorch is not installed: "
                + "install it (pip install torch)")
    }

    @Test func otherExitsAndOtherCommandsStillFail() {
        let failed = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
            CommandOutcome(command: Self.main, termination: .exited(2), stderrTail: "", parsed: nil),
        ])
        #expect(failed.status == .failed)
        let command = PlannedCommand(label: "main", argv: ["./tool"], timeoutSeconds: 5)
        let notWorkload = StepJudge.judge(kind: .command, node: "gpu1", outcomes: [
            CommandOutcome(command: command, termination: .exited(77), stderrTail: "", parsed: nil),
        ])
        #expect(notWorkload.status == .failed)
    }

    /// The shipped script itself, with this machine's python3 (no PyTorch in CI).
    @Test func theShippedScriptSkipsWithoutPyTorch() throws {
        let script = Fixtures.url("h200-x8").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Suites/workloads/gpu_micro.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-S", script.path]   // -S: no site-packages, so no torch even where it exists
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 77)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("PyTorch is not installed"), "\(said)")
    }
}
