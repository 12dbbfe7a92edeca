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

/// The fleet check as checks: an outlier fails (degraded hardware); a group judged without one
/// passes; a group measured on fewer nodes than the check needs is skipped, with the count.
enum FleetChecks {
    static func of(_ fleet: FleetInput, policy: VerdictPolicy) -> [VerdictCheck] {
        let report = fleet.report
        let findings = FleetCheck.findings(report.outliers, threshold: fleet.threshold)
        var checks = zip(report.outliers, findings).map { outlier, finding in
            VerdictCheck(rule: "fleet.outlier", ruleClass: .degraded, subject: "\(outlier.series.withoutNode)",
                         node: outlier.node, step: outlier.series.step.isEmpty ? nil : outlier.series.step,
                         outcome: policy.fails(rule: "fleet.outlier", class: .degraded) ? .fail : .advice,
                         severity: .warning, reason: finding.message, evidence: finding.evidence,
                         observed: outlier.value, expected: outlier.peerMedian)
        }
        for group in report.judged where !group.members.contains(where: \.isOutlier) {
            checks.append(VerdictCheck(
                rule: "fleet.outlier", ruleClass: .degraded, subject: "\(group.series)",
                step: group.series.step.isEmpty ? nil : group.series.step, outcome: .pass, severity: .info,
                reason: "no outlier among \(group.members.count) nodes in the \(group.band.rawValue) band (peer median "
                    + "\(Format.gbps(group.peerMedian)), robust z ≤ −\(Format.number(fleet.threshold)) with a "
                    + "\(Format.number(group.noiseFloor * 100)) % noise floor)"))
        }
        for skip in report.tooFewPeers {
            checks.append(VerdictCheck(
                rule: "fleet.outlier", ruleClass: .degraded, subject: "\(skip.series)",
                step: skip.series.step.isEmpty ? nil : skip.series.step, outcome: .skipped, severity: .info,
                reason: "\(skip.count) node\(skip.count == 1 ? "" : "s"): the fleet check needs at least \(skip.minimumPeers)"))
        }
        return checks
    }
}

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
