import DSBenchCore
@testable import DSBenchEngine
import DSBenchParse
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// A profiled step whose profiler is missing, refused the counters or profiled nothing fails with
/// what to do, and a working one completes.
@Suite struct ProfilerFailureTests {
    static func commands(_ tool: ProfileSpec.Tool) -> [PlannedCommand] {
        ProfileWrap.commands(main: PlannedCommand(label: "main", argv: ["python3", "gemm.py"], timeoutSeconds: 60,
                                                  parser: .workload),
                             profile: ProfileSpec(tool: tool))
    }

    @Test func aMissingProfilerSaysWhereToGetIt() {
        for tool in ProfileSpec.Tool.allCases {
            let main = Self.commands(tool)[0]
            let why = "\(tool.rawValue) not found on node gpu1 (searched PATH)"
            let verdict = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
                CommandOutcome(command: main, termination: .failedToStart(why), stderrTail: "", parsed: nil),
            ])
            #expect(verdict.status == .failed)
            #expect(verdict.error?.hasPrefix(why) == true)
            #expect(verdict.error?.contains(tool == .ncu ? "Nsight Compute" : "Nsight Systems") == true)
            #expect(verdict.error?.contains("dsbench doctor") == true)
        }
    }

    @Test func refusedCountersNameTheFix() {
        let main = Self.commands(.ncu)[0]
        let stdout = "==PROF== Connected to process 77\niter 0 ms 1.5 tflops 733.0\n==ERROR== ERR_NVGPUCTRPERM - The user does "
            + "not have permission to access NVIDIA GPU Performance Counters on the target device 0.\n"
            + "==PROF== Disconnected from process 77\n==WARNING== No kernels were profiled.\n"
        let errors = ProfilerFailure.errorLines(Array(stdout.utf8), [])
        #expect(errors.count == 1)
        for exit in [Int32(0), 1] {
            let verdict = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
                CommandOutcome(command: main, termination: .exited(exit), stderrTail: "", parsed: .workload(WorkloadReport()),
                               profilerErrors: errors),
            ])
            #expect(verdict.status == .failed)
            #expect(verdict.error?.hasPrefix("ncu on node gpu1: ==ERROR== ERR_NVGPUCTRPERM") == true, "\(verdict)")
            #expect(verdict.error?.contains("NVreg_RestrictProfilingToAdminUsers=0") == true)
        }
    }

    @Test func anUnprofiledJobsOwnErrorLinesAreNotAProfilers() {
        // Its `==ERROR==`-looking line is the job's own and says nothing about a profiler.
        let plain = PlannedCommand(label: "main", argv: ["python3", "x.py"], timeoutSeconds: 5, parser: .workload)
        let verdict = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
            CommandOutcome(command: plain, termination: .exited(0), stderrTail: "", parsed: .workload(WorkloadReport()),
                           profilerErrors: ["==ERROR== something"]),
        ])
        #expect(verdict.status == .completed)
    }

    @Test func anExportWithoutKernelsFailsAndARealOneCompletes() throws {
        let export = Self.commands(.ncu)[1]
        let header = Array(try Fixtures.data("h200-x1-s5/ncu_import_raw.txt")).split(separator: UInt8(ascii: "\n")).prefix(2)
            .map { Array($0) + [UInt8(ascii: "\n")] }.joined()
        let empty = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
            CommandOutcome(command: export, termination: .exited(0), stderrTail: "", parsed: Parsers.parse(.ncuCSV, Array(header))),
        ])
        #expect(empty.status == .failed)
        #expect(empty.error?.contains("holds no kernel") == true, "\(empty)")
        let real = StepJudge.judge(kind: .workload, node: "gpu1", outcomes: [
            CommandOutcome(command: export, termination: .exited(0), stderrTail: "",
                           parsed: Parsers.parse(.ncuCSV, Array(try Fixtures.data("h200-x1-s5/ncu_import_raw.txt")))),
        ])
        #expect(real.status == .completed, "\(real)")
    }
}
