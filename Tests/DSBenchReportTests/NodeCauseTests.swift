import DSBenchCore
import DSBenchReport
import DSBenchVerdict
import Testing

/// A slow collective is tied only to failing hardware checks of its own node.
@Suite struct NodeCauseTests {
    static func check(_ rule: String, _ node: String?, _ outcome: VerdictCheck.Outcome = .fail, gpu: Int? = nil) -> VerdictCheck {
        VerdictCheck(rule: rule, ruleClass: RuleClasses.of(rule), subject: node ?? rule, node: node, outcome: outcome,
                     severity: .warning, reason: "\(rule) on \(node ?? "-")", gpu: gpu)
    }

    @Test func onlyFailingNodeLevelChecksOfTheSameNodeAreCauses() {
        let verdict = Verdict(runID: 1, suite: "s", status: .fail, reason: "", baseline: nil, checks: [
            Self.check("fleet.outlier", "node3"),
            Self.check("busbw.below_expected", "node1"),
            Self.check("pcie.bandwidth_low", "node3", gpu: 5),
            Self.check("gpu.clock_slowdown", "node3", .advice),
            Self.check("gpu.xid", "node2"),
            Self.check("metric.below_expected", "node3", gpu: 5),
            Self.check("regression.busbw", nil),
        ])
        let links = NodeCause.links(verdict)
        #expect(links.map(\.symptom.rule) == ["fleet.outlier"])
        #expect(links.first?.causes.map(\.rule) == ["pcie.bandwidth_low", "metric.below_expected"])
    }

    @Test func nothingToLinkWhenTheNodeIsWell() {
        let verdict = Verdict(runID: 1, suite: "s", status: .fail, reason: "", baseline: nil,
                              checks: [Self.check("busbw.below_expected", "node1"), Self.check("gpu.xid", "node2")])
        #expect(NodeCause.links(verdict) == [])
    }
}
