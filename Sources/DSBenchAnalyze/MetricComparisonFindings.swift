import DSBenchCore

/// The findings a workload-metric comparison stores with the `compare` findings: one
/// `regression.metric` per regressed series.
public enum MetricComparisonFindings {
    public static let rule = "regression.metric"

    public static func of(_ report: MetricComparisonReport) -> [Finding] {
        report.regressions.map { finding($0, baselineLabel: report.baselineLabel) }
    }

    /// The finding of one regressed series.
    public static func finding(_ s: MetricSeriesComparison, baselineLabel: String) -> Finding {
        let o = s.outcome
        return Finding(
            rule: rule, severity: .warning, node: s.key.node, step: s.key.step.isEmpty ? nil : s.key.step,
            message: "\(s.key) regressed: median "
                + "\(o.candidateMedian.map { Format.value($0, unit: s.unit) } ?? "n/a") against "
                + "\(o.baselineMedian.map { Format.value($0, unit: s.unit) } ?? "n/a") "
                + "(\(o.change.map(Format.percent) ?? "n/a"), \(s.direction.rawValue) is better), past the "
                + "\(Format.percent(worseTolerance(s))) tolerance [\(s.basisDetail)] against \(baselineLabel)",
            evidence: evidence(s), observed: o.candidateMedian, expected: o.baselineMedian)
    }

    /// The tolerance as a signed change in the bad direction: `+15.0 %` for a step time.
    public static func worseTolerance(_ s: MetricSeriesComparison) -> Double {
        s.direction == .higher ? -s.outcome.tolerance : s.outcome.tolerance
    }

    public static func evidence(_ s: MetricSeriesComparison) -> String {
        let o = s.outcome
        var text = "\(s.key.metricWithLabels) median \(o.candidateMedian.map { Format.value($0, unit: s.unit) } ?? "n/a") "
            + "(\(o.candidateSamples) \(s.samples.rawValue) samples) vs "
            + "\(o.baselineMedian.map { Format.value($0, unit: s.unit) } ?? "n/a") (\(o.baselineSamples) samples)"
        if let test = o.test {
            text += String(format: ", Mann–Whitney U = %.1f, one-sided p = %.3g (%@)", test.u, test.p, test.method.rawValue)
        } else {
            let p = MannWhitney.smallestAttainableP(n1: o.candidateSamples, n2: o.baselineSamples)
            text += String(format: ", insufficient samples for Mann–Whitney (smallest attainable p %.3g)", p)
        }
        return text
    }
}
