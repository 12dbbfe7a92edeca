@testable import DSBenchAnalyze
import DSBenchCore
import DSBenchReport
import DSBenchVerdict
import Testing

/// `Judge.verdict` on hand-made inputs: the order of the statuses and what the policy can move.
@Suite struct JudgeTests {
    static let completed = ExecutionRecord(runStatus: "completed", steps: [
        .init(key: "allreduce@node1", node: "node1", status: "completed"),
    ])
    static let firstNight = BaselineState.none(reason: "nothing earlier")

    func input(execution: ExecutionRecord = completed, baseline: BaselineState = firstNight,
               findings: [Finding] = [], coverage: MeasurementCoverage = .init(series: 1, believable: 1),
               declared: Set<String> = [], policy: VerdictPolicy = .init(),
               comparison: ComparisonReport? = nil) -> VerdictInput {
        VerdictInput(runID: 7, suite: "nightly", execution: execution, baseline: baseline, comparison: comparison,
                     findings: findings, coverage: coverage, declaredDegraded: declared, policy: policy)
    }

    func finding(_ rule: String, severity: Finding.Severity = .warning, step: String? = "allreduce@node1") -> Finding {
        Finding(rule: rule, severity: severity, node: "node1", step: step, message: "\(rule) fired")
    }

    @Test func theFirstNightPassesAndSaysItCanBecomeTheBaseline() {
        let verdict = Judge.verdict(input())
        #expect(verdict.status == .pass && verdict.exitCode == 0)
        #expect(verdict.reason.hasPrefix("no baseline yet: this run can become one"), "\(verdict.reason)")
    }

    @Test func everyStepFailedIsAnErrorNeverAPass() {
        let execution = ExecutionRecord(runStatus: "failed", steps: [
            .init(key: "a@n1", node: "n1", status: "failed", error: "all_reduce_perf exited with 1"),
            .init(key: "b@n1", node: "n1", status: "timed_out"),
        ])
        let verdict = Judge.verdict(input(execution: execution, coverage: .init()))
        #expect(verdict.status == .error && verdict.exitCode == 2)
        #expect(verdict.checks(.error).count == 2)
        #expect(verdict.reason.contains("execution.step"), "\(verdict.reason)")
    }

    @Test func aRunWithoutStepsIsAnError() {
        let verdict = Judge.verdict(input(execution: .init(runStatus: "completed", steps: []), coverage: .init()))
        #expect(verdict.status == .error)
    }

    @Test func anUnreachableNodeIsAnError() {
        var execution = Self.completed
        execution.nodes = [.init(name: "node2", status: "unreachable", error: "connection refused")]
        let verdict = Judge.verdict(input(execution: execution))
        #expect(verdict.status == .error)
        #expect(verdict.checks(.error).first?.node == "node2")
    }

    @Test func aFailureWinsOverAnExecutionProblem() {
        var execution = Self.completed
        execution.steps.append(.init(key: "b@node1", node: "node1", status: "failed"))
        let verdict = Judge.verdict(input(execution: execution, findings: [finding("nccl.transport.shm")]))
        #expect(verdict.status == .fail && verdict.exitCode == 1)
        #expect(verdict.checks.first?.rule == "nccl.transport.shm", "failures are listed first")
    }

    @Test func degradedHardwareFailsByDefaultAndAdviceDoesNot() {
        for rule in ["busbw.below_expected", "nccl.transport.shm", "nccl.transport.socket", "nccl.channels.fewer",
                     "pcie.link_degraded", "gpu.clocks_throttled", "gpu.errors_rising", "nccl.busbw.implausible"] {
            #expect(Judge.verdict(input(findings: [finding(rule)])).status == .fail, "\(rule)")
        }
        for rule in ["gpu.low_util", "gpu.memory_high", "nccl.warn", "workload.overlap_low"] {
            let verdict = Judge.verdict(input(findings: [finding(rule)]))
            #expect(verdict.status == .pass, "\(rule)")
            #expect(verdict.checks(.advice).map(\.rule) == [rule])
            #expect(verdict.reason.contains("1 advisory finding"), "\(verdict.reason)")
        }
    }

    @Test func theSuiteMovesRulesAndClassesEitherWay() {
        let lowUtil = [finding("gpu.low_util")]
        #expect(Judge.verdict(input(findings: lowUtil, policy: .init(fail: ["advice"]))).status == .fail)
        #expect(Judge.verdict(input(findings: lowUtil, policy: .init(fail: ["gpu.low_util"]))).status == .fail)
        let shm = [finding("nccl.transport.shm")]
        #expect(Judge.verdict(input(findings: shm, policy: .init(pass: ["nccl.transport.shm"]))).status == .pass)
        #expect(Judge.verdict(input(findings: shm, policy: .init(pass: ["degraded"]))).status == .pass)
        // A rule id wins over its class.
        #expect(Judge.verdict(input(findings: shm, policy: .init(fail: ["nccl.transport.shm"], pass: ["degraded"]))).status == .fail)
        let verdict = Judge.verdict(input(findings: shm, policy: .init(severities: ["nccl.transport.shm": .critical])))
        #expect(verdict.checks.first?.severity == .critical)
    }

    @Test func correctnessCannotBeMovedOut() {
        let wrong = [finding("nccl.correctness", severity: .critical)]
        let verdict = Judge.verdict(input(findings: wrong, policy: .init(pass: ["nccl.correctness", "correctness"])))
        #expect(verdict.status == .fail)
    }

    @Test func aStepDeclaredDegradedIsJudgedAgainstItsOwnKind() {
        let shm = [finding("nccl.transport.shm", step: "allreduce[no_p2p]#1@node1")]
        let verdict = Judge.verdict(input(findings: shm, declared: ["allreduce[no_p2p]"]))
        #expect(verdict.status == .pass)
        #expect(verdict.checks(.advice).first?.reason.contains("declares this step degraded") == true)
        // Another variant of the same step is not covered by the declaration.
        let other = [finding("nccl.transport.shm", step: "allreduce[default]#1@node1")]
        #expect(Judge.verdict(input(findings: other, declared: ["allreduce[no_p2p]"])).status == .fail)
    }

    @Test func nothingBelievableIsNoVerdict() {
        let coverage = MeasurementCoverage(series: 4, believable: 0, reasons: ["1 rank moves no data between GPUs"])
        let verdict = Judge.verdict(input(coverage: coverage))
        #expect(verdict.status == .noVerdict && verdict.exitCode == 2)
        #expect(verdict.reason.contains("1 rank"), "\(verdict.reason)")
    }

    @Test func aBaselineWithNothingComparedIsNoVerdict() {
        let baseline = VerdictBaseline(label: "run 3", runIDs: [3])
        let empty = ComparisonReport(candidateRunID: 7, baselineRunIDs: [3], baselineLabel: "run 3", alpha: 0.05,
                                     series: [], unmatchedSeries: [], correctness: [], environmentChanges: [])
        let verdict = Judge.verdict(input(baseline: .compared(baseline), comparison: empty))
        #expect(verdict.status == .noVerdict)
        #expect(verdict.reason.hasPrefix("baseline run 3 exists but nothing could be compared"), "\(verdict.reason)")
        #expect(verdict.checks(.notComparable).count == 1)
    }

    @Test func tooFewNodesForAFleetIsSkippedWithTheReason() {
        var input = input()
        let series = SeriesKey(stepName: "allreduce", collective: "all_reduce", type: "float", redop: "sum", root: -1,
                               node: "*", hardware: "8 × NVIDIA H200")
        input.fleet = FleetInput(report: FleetReport(outliers: [], judged: [],
                                                     tooFewPeers: [FleetGroupSkip(series: series, nodes: ["a", "b"], minimumPeers: 3)],
                                                     noCommonBand: []))
        let skipped = Judge.verdict(input).checks(.skipped).filter { $0.rule == "fleet.outlier" }
        #expect(skipped.first?.reason == "2 nodes: the fleet check needs at least 3")
        #expect(skipped.first?.subject.contains("all_reduce") == true)
    }

    @Test func everyHealthRuleHasAClass() {
        let unclassified = HealthRules.all.map(\.id).filter { RuleClasses.defaults[$0] == nil }
        #expect(unclassified.isEmpty, "add these to RuleClasses.defaults: \(unclassified)")
    }

    @Test func anUnknownCriticalRuleIsNeverAdvice() {
        #expect(RuleClasses.of("future.rule", severity: .critical) == .degraded)
        #expect(RuleClasses.of("future.rule", severity: .warning) == .advice)
    }
}

/// `dsbench rules` states each rule's class and whether it fails the verdict under a suite's policy.
@Suite struct RulesClassTests {
    @Test func rulesShowTheClassInForce() {
        let defaults = RulesText.render()
        #expect(defaults.contains("nccl.transport.shm  [warning, degraded: fails the verdict]"), "\(defaults)")
        #expect(defaults.contains("gpu.low_util  [warning, advice: reported only]"))
        #expect(defaults.contains("  fleet.outlier  [degraded: fails the verdict]"))
        let moved = RulesText.render(verdict: VerdictPolicy(fail: ["advice"], pass: ["nccl.transport.shm"]))
        #expect(moved.contains("nccl.transport.shm  [warning, degraded: reported only (set by the suite)]"))
        #expect(moved.contains("gpu.low_util  [warning, advice: fails the verdict (set by the suite)]"))
        #expect(moved.contains("nccl.correctness  [critical, correctness: fails the verdict]"))
    }
}
