import DSBenchAnalyze
import DSBenchCore

/// One check per compared workload-metric series (regression class, like busbw), not-comparable
/// for the series the baseline lacks.
enum MetricChecks {
    static func of(_ report: MetricComparisonReport?, policy: VerdictPolicy) -> [VerdictCheck] {
        guard let report else { return [] }
        var checks: [VerdictCheck] = report.series.map { series in
            let o = series.outcome
            let outcome: VerdictCheck.Outcome
            let reason: String
            let tolerance = Format.percent(MetricComparisonFindings.worseTolerance(series))
            switch o.verdict {
            case .regression:
                outcome = policy.fails(rule: MetricComparisonFindings.rule, class: .regression) ? .fail : .advice
                reason = MetricComparisonFindings.finding(series, baselineLabel: report.baselineLabel).message
            case .notComparable:
                outcome = .notComparable
                reason = "no relative change exists (the baseline value is zero or missing)"
            case .notSignificant:
                outcome = .pass
                reason = "worse than \(tolerance) but not significant (Mann–Whitney p ≥ \(report.alpha)); change "
                    + (o.change.map(Format.percent) ?? "n/a")
            case .ok, .improvement:
                outcome = .pass
                reason = "within \(tolerance): change " + (o.change.map(Format.percent) ?? "n/a")
                    + (o.verdict == .improvement ? " (improved)" : "")
            }
            return VerdictCheck(rule: MetricComparisonFindings.rule, ruleClass: .regression,
                                subject: "\(series.key) (\(series.direction.rawValue) is better)",
                                node: series.key.node, step: series.key.step.isEmpty ? nil : series.key.step,
                                outcome: outcome, severity: outcome == .fail ? .warning : .info, reason: reason,
                                evidence: MetricComparisonFindings.evidence(series),
                                observed: o.candidateMedian, expected: o.baselineMedian)
        }
        for key in report.unmatchedSeries {
            checks.append(VerdictCheck(rule: MetricComparisonFindings.rule, ruleClass: .regression, subject: "\(key)",
                                       node: key.node, step: key.step.isEmpty ? nil : key.step, outcome: .notComparable,
                                       severity: .info, reason: "not in \(report.baselineLabel): nothing to compare it with"))
        }
        return checks
    }
}
