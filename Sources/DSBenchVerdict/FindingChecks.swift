import DSBenchCore

/// Health-rule findings as checks: a finding of a failing class fails, any other is advice. A
/// degraded-hardware finding on a step the suite declares degraded on purpose is advice too: that
/// variant is judged against its own kind (its baseline), never as a fault of the machine.
enum FindingChecks {
    static func of(_ findings: [Finding], declaredDegraded: Set<String>, policy: VerdictPolicy) -> [VerdictCheck] {
        var seen = Set<String>()
        var checks: [VerdictCheck] = []
        for finding in findings {
            // The same finding stored by two passes (compare's correctness copy and the rules') counts once.
            let identity = "\(finding.rule)\u{1}\(finding.step ?? "")\u{1}\(finding.node ?? "")\u{1}\(finding.message)"
            guard seen.insert(identity).inserted else { continue }
            let ruleClass = RuleClasses.of(finding.rule, severity: finding.severity)
            var outcome: VerdictCheck.Outcome = policy.fails(rule: finding.rule, class: ruleClass) ? .fail : .advice
            var reason = finding.message
            if outcome == .fail, ruleClass == .degraded, let step = finding.step, isDeclared(step, in: declaredDegraded) {
                outcome = .advice
                reason += " (expected: the suite declares this step degraded on purpose)"
            }
            let subject = [finding.node, finding.gpu.map { "GPU \($0)" }, finding.step].compactMap { $0 }
            checks.append(VerdictCheck(
                rule: finding.rule, ruleClass: ruleClass,
                subject: subject.isEmpty ? finding.rule : subject.joined(separator: " · "),
                node: finding.node, step: finding.step, outcome: outcome, severity: finding.severity, reason: reason,
                evidence: finding.evidence, observed: finding.observed, expected: finding.expected, hint: finding.hint,
                gpu: finding.gpu))
        }
        return checks
    }

    /// `name[variant]#2@node` belongs to `name[variant]` and to `name`.
    static func isDeclared(_ stepKey: String, in declared: Set<String>) -> Bool {
        guard !declared.isEmpty else { return false }
        let base = stepKey.split(separator: "#", maxSplits: 1).first.map(String.init) ?? stepKey
        let withoutNode = base.split(separator: "@", maxSplits: 1).first.map(String.init) ?? base
        let name = withoutNode.split(separator: "[", maxSplits: 1).first.map(String.init) ?? withoutNode
        return declared.contains(withoutNode) || declared.contains(name)
    }
}
