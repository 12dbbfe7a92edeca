import DSBenchAnalyze
import DSBenchCore

/// One check per compared band of each series (regression class), and a not-comparable check for
/// what had no counterpart in the baseline.
enum ComparisonChecks {
    /// `otherSeries`: series compared elsewhere (workload metrics); an empty busbw comparison is
    /// then no finding of its own.
    static func of(_ report: ComparisonReport?, baseline: BaselineState, policy: VerdictPolicy,
                   otherSeries: Int = 0) -> [VerdictCheck] {
        guard let report else {
            if case .none(let why) = baseline {
                return [VerdictCheck(rule: "regression.busbw", ruleClass: .regression, subject: "baseline",
                                     outcome: .skipped, severity: .info, reason: "no baseline yet: \(why)")]
            }
            return []
        }
        var checks: [VerdictCheck] = []
        for series in report.series {
            let rule = "regression.\(series.metric)"
            if series.bands.isEmpty {
                checks.append(VerdictCheck(rule: rule, ruleClass: .regression, subject: "\(series.key)",
                                           node: series.key.node, step: step(series.key), outcome: .notComparable,
                                           severity: .info, reason: "no size is measured on both sides"))
            }
            for band in series.bands {
                checks.append(bandCheck(series, band, rule: rule, report: report, policy: policy))
            }
        }
        for key in report.unmatchedSeries {
            checks.append(VerdictCheck(rule: "regression.busbw", ruleClass: .regression, subject: "\(key)", node: key.node,
                                       step: step(key), outcome: .notComparable, severity: .info,
                                       reason: "not in \(report.baselineLabel): nothing to compare it with"))
        }
        if report.series.isEmpty && report.unmatchedSeries.isEmpty && otherSeries == 0 {
            checks.append(VerdictCheck(rule: "regression.busbw", ruleClass: .regression, subject: "run \(report.candidateRunID)",
                                       outcome: .notComparable, severity: .warning,
                                       reason: "run \(report.candidateRunID) has no series with a believable "
                                           + "number to compare with \(report.baselineLabel)"))
        }
        return checks
    }

    static func bandCheck(_ series: SeriesComparison, _ band: BandSummary, rule: String, report: ComparisonReport,
                          policy: VerdictPolicy) -> VerdictCheck {
        let subject = "\(series.key) · \(band.band.rawValue) band (\(band.band.range))"
        let tolerance = Format.percent(-band.tolerance)
        let median = band.medianChange.map(Format.percent) ?? "n/a"
        let worst = band.worstChange.map { Format.percent($0) + " at " + (band.worstSize.map(Format.bytes) ?? "?") } ?? "n/a"
        let outcome: VerdictCheck.Outcome
        let reason: String
        switch band.verdict {
        case .regression:
            outcome = policy.fails(rule: rule, class: .regression) ? .fail : .advice
            reason = "\(series.metric) regressed: \(band.regressed) of \(band.compared) sizes worse than the \(tolerance) "
                + "tolerance, median \(median), worst \(worst) against \(report.baselineLabel)"
        case .notSignificant:
            outcome = .pass
            reason = "worse than \(tolerance) at some size but not significant (Mann–Whitney p ≥ \(report.alpha)); median \(median)"
        case .ok, .improvement:
            outcome = .pass
            reason = "\(band.compared) sizes within \(tolerance): median \(median), worst \(worst)"
                + (band.verdict == .improvement ? " (improved)" : "")
        case .notComparable:
            outcome = .notComparable
            reason = "no relative change exists (the baseline value is zero or missing)"
        }
        let worstSize = series.sizes.first { $0.size == band.worstSize }
        return VerdictCheck(rule: rule, ruleClass: .regression, subject: subject, node: series.key.node,
                            step: step(series.key), outcome: outcome,
                            severity: outcome == .fail ? .warning : .info, reason: reason,
                            evidence: band.basisDetail, observed: worstSize?.candidateMedian,
                            expected: worstSize?.baselineMedian)
    }

    static func step(_ key: SeriesKey) -> String? { key.step.isEmpty ? nil : key.step }
}
