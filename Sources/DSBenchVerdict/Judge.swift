import DSBenchCore

/// The one place a run is judged. Pure: a `VerdictInput` in, a `Verdict` out.
///
/// The status, in this order:
/// 1. `fail` — any check of a failing class failed (correctness always; regression and degraded
///    hardware unless the suite's `verdict:` block moves them);
/// 2. `error` — nothing failed, but a step did not complete, a node was unreachable or the run did
///    not finish: part of the answer is missing, so "pass" would be a guess;
/// 3. `no_verdict` — nothing failed or broke, but nothing could be judged either: a baseline exists
///    and no series matched it, or no measured series holds a believable number;
/// 4. `pass` — said with what it rests on ("no baseline yet" on the first night).
public enum Judge {
    public static func verdict(_ input: VerdictInput) -> Verdict {
        var checks = ExecutionChecks.of(input.execution)
        checks += ComparisonChecks.of(input.comparison, baseline: input.baseline, policy: input.policy,
                                      otherSeries: (input.metrics?.series.count ?? 0) + (input.metrics?.unmatchedSeries.count ?? 0))
        checks += MetricChecks.of(input.metrics, policy: input.policy)
        checks += FleetChecks.of(input.fleet, policy: input.policy)
        checks += FindingChecks.of(input.findings, declaredDegraded: input.declaredDegraded, policy: input.policy)
        checks = checks.map { check in
            var check = check
            if let severity = input.policy.severities[check.rule] { check.severity = severity }
            return check
        }
        let (status, reason) = decide(checks, input: input)
        let baseline: VerdictBaseline? = if case .compared(let b) = input.baseline { b } else { nil }
        return Verdict(runID: input.runID, suite: input.suite, status: status, reason: reason, baseline: baseline,
                       checks: ordered(checks))
    }

    static func decide(_ checks: [VerdictCheck], input: VerdictInput) -> (Verdict.Status, String) {
        let failed = checks.filter { $0.outcome == .fail }
        if !failed.isEmpty {
            return (.fail, "\(count(failed.count, "check")) failed: " + summary(failed))
        }
        let errors = checks.filter { $0.outcome == .error }
        if !errors.isEmpty {
            return (.error, "\(count(errors.count, "execution problem")), nothing failed: " + summary(errors))
        }
        if input.execution.steps.isEmpty {
            return (.error, "the run has no steps: nothing was measured")
        }
        let coverage = input.coverage
        if coverage.series > 0 && coverage.believable == 0 {
            let why = coverage.reasons.isEmpty ? "" : " (" + coverage.reasons.joined(separator: "; ") + ")"
            let series = coverage.series == 1 ? "the 1 measured series holds" : "none of the \(coverage.series) measured series holds"
            return (.noVerdict, (coverage.series == 1 ? "\(series) no believable number" : "\(series) a believable number") + why)
        }
        if case .compared(let baseline) = input.baseline {
            let compared = checks.filter { $0.ruleClass == .regression && ($0.outcome == .pass || $0.outcome == .advice) }
            if compared.isEmpty && coverage.series == 0 {
                return (.pass, "nothing to compare with \(baseline.label): the run measured no series; "
                        + "\(count(checks.filter { $0.outcome == .pass }.count, "check")) passed" + advice(checks))
            }
            if compared.isEmpty {
                let why = checks.first { $0.ruleClass == .regression && $0.outcome == .notComparable }?.reason
                return (.noVerdict, "baseline \(baseline.label) exists but nothing could be compared"
                        + (why.map { ": \($0)" } ?? ""))
            }
            let notComparable = checks.filter { $0.ruleClass == .regression && $0.outcome == .notComparable }.count
            return (.pass, "\(count(compared.count, "series band")) within tolerance of \(baseline.label)"
                    + (notComparable > 0 ? ", \(notComparable) not comparable" : "")
                    + advice(checks))
        }
        if case .none(let why) = input.baseline {
            return (.pass, "no baseline yet: this run can become one (\(why))" + advice(checks))
        }
        return (.pass, "every check passed" + advice(checks))
    }

    /// Failures first (correctness, then regressions, then degraded hardware), then errors,
    /// advice, not comparable, skipped, passed; the builders' order within each.
    static func ordered(_ checks: [VerdictCheck]) -> [VerdictCheck] {
        func rank(_ outcome: VerdictCheck.Outcome) -> Int {
            switch outcome {
            case .fail: return 0
            case .error: return 1
            case .advice: return 2
            case .notComparable: return 3
            case .skipped: return 4
            case .pass: return 5
            }
        }
        return checks.enumerated().sorted { a, b in
            let ra = rank(a.element.outcome), rb = rank(b.element.outcome)
            if ra != rb { return ra < rb }
            if a.element.ruleClass != b.element.ruleClass { return a.element.ruleClass < b.element.ruleClass }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The distinct rules of `checks` with the first subject of each: what a one-line reason names.
    static func summary(_ checks: [VerdictCheck]) -> String {
        var order: [String] = []
        var byRule: [String: [VerdictCheck]] = [:]
        for check in checks {
            if byRule[check.rule] == nil { order.append(check.rule) }
            byRule[check.rule, default: []].append(check)
        }
        return order.prefix(4).map { rule in
            let group = byRule[rule] ?? []
            let first = group[0]
            let place = first.node.map { " on \($0)" } ?? first.step.map { " in \($0)" } ?? ""
            return "\(rule)\(place)" + (group.count > 1 ? " (+\(group.count - 1) more)" : "")
        }.joined(separator: ", ") + (order.count > 4 ? ", …" : "")
    }

    static func advice(_ checks: [VerdictCheck]) -> String {
        let n = checks.filter { $0.outcome == .advice }.count
        return n == 0 ? "" : "; \(count(n, "advisory finding"))"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
