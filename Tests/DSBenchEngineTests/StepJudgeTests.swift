import DSBenchCore
@testable import DSBenchEngine
import DSBenchParse
import DSBenchTestSupport
import Testing

@Suite struct StepJudgeTests {
    let main = PlannedCommand(label: "main", argv: ["/opt/nccl/all_reduce_perf", "-g", "8"], timeoutSeconds: 60, parser: .ncclTests)

    func outcome(_ termination: Termination, capture: String? = nil, optional: Bool = false) throws -> CommandOutcome {
        var command = main
        command.optional = optional
        let parsed = try capture.map { ParsedRecords.ncclTests(NcclTestsParser.parse(try Fixtures.h200($0))) }
        return CommandOutcome(command: command, termination: termination, stderrTail: "boom", parsed: parsed)
    }

    @Test func aCompleteRunCompletes() throws {
        let verdict = StepJudge.judge(kind: .nccl, node: "n1", outcomes: [try outcome(.exited(0), capture: "b_all_reduce_8-8G_r1.txt")])
        #expect(verdict == StepVerdict(.completed))
    }

    @Test func unknownFlagExitsZeroButFails() throws {
        let verdict = StepJudge.judge(kind: .nccl, node: "n1", outcomes: [try outcome(.exited(0), capture: "i_err_invalid_flag.txt")])
        #expect(verdict.status == .failed)
        #expect(verdict.error?.hasPrefix("all_reduce_perf on node n1 rejected its arguments") == true)
    }

    @Test func tooManyGPUsNamesTheReason() throws {
        let verdict = StepJudge.judge(kind: .nccl, node: "n1", outcomes: [try outcome(.exited(5), capture: "i_err_too_many_gpus.txt")])
        #expect(verdict.status == .failed)
        #expect(verdict.error?.contains("exited with 5") == true)
        #expect(verdict.error?.contains("Invalid number of GPUs") == true)
    }

    @Test func killedMidTableIsATimeout() throws {
        let verdict = StepJudge.judge(kind: .nccl, node: "n1", outcomes: [
            try outcome(.timedOut(seconds: 30), capture: "e_p2p_shm_disable_socket_killed_by_timeout.txt")])
        #expect(verdict == StepVerdict(.timedOut, "all_reduce_perf on node n1 timed out after 30 s and was killed"))
    }

    @Test func exitZeroWithoutFooterIsNotSuccess() throws {
        var text = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        text = String(text.prefix(upTo: text.range(of: "# Out of bounds")!.lowerBound))
        let parsed = ParsedRecords.ncclTests(NcclTestsParser.parse(text))
        let verdict = StepJudge.judge(kind: .nccl, node: "n1", outcomes: [
            CommandOutcome(command: main, termination: .exited(0), stderrTail: "", parsed: parsed)])
        #expect(verdict.status == .failed)
        #expect(verdict.error?.contains("no footer (31 rows)") == true)
    }

    @Test func optionalInventoryCommandsDoNotFailTheStep() throws {
        let nvlink = PlannedCommand(label: "nvlink", argv: ["nvidia-smi", "nvlink", "-s"], timeoutSeconds: 10, optional: true)
        let verdict = StepJudge.judge(kind: .inventory, node: "n1", outcomes: [
            CommandOutcome(command: nvlink, termination: .exited(3), stderrTail: "", parsed: nil)])
        #expect(verdict == StepVerdict(.completed, "nvidia-smi exited with 3"))
    }

    @Test func signalsAndCancellation() throws {
        #expect(StepJudge.judge(kind: .nccl, node: "n", outcomes: [try outcome(.signaled(8))]).error
                == "all_reduce_perf on node n was killed by signal 8: boom")
        #expect(StepJudge.judge(kind: .nccl, node: "n", outcomes: [try outcome(.cancelled)]).status == .interrupted)
    }

    @Test func wrongElementsAreCritical() throws {
        var report = NcclTestsParser.parse(try Fixtures.h200("b_all_reduce_8-8G_r1.txt"))
        #expect(CorrectnessCheck.problems(in: [report], step: "s").isEmpty)
        report.rows[3].inPlace?.wrong = 12
        report.outOfBoundsOK = false
        report.outOfBounds = 1
        #expect(CorrectnessCheck.problems(in: [report], step: "s") == [
            "s: 1 sizes with wrong elements (first at 64 B)", "s: out-of-bounds check FAILED (1 values)"])
    }
}

@Suite struct NcclTestsJSONRedactionTests {
    @Test func emptiesTheEnvironmentAndKeepsTheRest() {
        let json = #"{"version": 3, "args": ["x", "env"], "env": ["A=1", "TOKEN=s3cr]et\"x"], "results": [{"time": inf}]}"#
        let out = String(decoding: NcclTestsJSONRedaction.removingEnvironment(Array(json.utf8)), as: UTF8.self)
        #expect(out == #"{"version": 3, "args": ["x", "env"], "env": [], "results": [{"time": inf}]}"#)
    }

    @Test func truncatedEnvironmentIsDropped() {
        let json = #"{"version": 3, "env": ["A=1", "TOKEN=sec"#
        let out = String(decoding: NcclTestsJSONRedaction.removingEnvironment(Array(json.utf8)), as: UTF8.self)
        #expect(out == #"{"version": 3, "env": []"#)
    }

    @Test func nestedEnvKeysAreLeftAlone() {
        let json = #"{"config": {"env": ["keep"]}}"#
        #expect(NcclTestsJSONRedaction.removingEnvironment(Array(json.utf8)) == Array(json.utf8))
    }
}
