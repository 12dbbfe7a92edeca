import DSBenchCore

/// The findings a comparison stores (source `compare`): one per regressed band of a series, one
/// per regressed workload-metric series, the correctness problems, and the environment changes
/// that may explain a regression.
public enum ComparisonFindings {
    public static func of(_ report: ComparisonReport, metrics: MetricComparisonReport? = nil) -> [Finding] {
        var out = report.correctness
        for series in report.series {
            for band in series.bands where band.verdict == .regression {
                let worst = series.sizes.first { $0.size == band.worstSize }
                out.append(Finding(
                    rule: "regression.\(series.metric)", severity: .warning, node: series.key.node,
                    step: series.key.step.isEmpty ? nil : series.key.step,
                    message: "\(series.key): \(series.metric) regressed in the \(band.band.rawValue) band (\(band.band.range)): "
                        + "\(band.regressed) of \(band.compared) sizes worse than the \(Format.percent(-band.tolerance)) tolerance, "
                        + "median change \(band.medianChange.map(Format.percent) ?? "n/a"), worst "
                        + "\(band.worstChange.map(Format.percent) ?? "n/a") at \(band.worstSize.map(Format.bytes) ?? "?") "
                        + "[\(band.basisDetail)] against \(report.baselineLabel)",
                    evidence: worst.map(evidence) ?? "",
                    observed: worst?.candidateMedian, expected: worst?.baselineMedian))
            }
        }
        if report.hasRegression && !report.environmentChanges.isEmpty {
            let lines = report.environmentChanges.prefix(20).map {
                "\($0.what): \($0.baseline.isEmpty ? "-" : $0.baseline.joined(separator: "/")) → "
                    + "\($0.candidate.isEmpty ? "-" : $0.candidate.joined(separator: "/"))"
            }
            out.append(Finding(rule: "regression.environment", severity: .info,
                               message: "\(report.environmentChanges.count) environment differences from the baseline "
                                   + "may explain the regression",
                               evidence: lines.joined(separator: "\n")))
        }
        out += metrics.map(MetricComparisonFindings.of) ?? []
        if report.series.isEmpty && (metrics?.series.isEmpty ?? true) {
            out.append(Finding(rule: "compare.no-match", severity: .warning,
                               message: "no series of run \(report.candidateRunID) matches \(report.baselineLabel) "
                                   + "(different tests, sizes, metrics or hardware): nothing was compared"))
        }
        return out
    }

    static func evidence(_ s: SizeComparison) -> String {
        var text = "\(Format.bytes(s.size)): busbw median \(s.candidateMedian.map(Format.gbps) ?? "n/a") "
            + "(\(s.candidateSamples) \(s.samples.rawValue) samples) vs \(s.baselineMedian.map(Format.gbps) ?? "n/a") "
            + "(\(s.baselineSamples) samples)"
        if let test = s.test {
            text += String(format: ", Mann–Whitney U = %.1f, one-sided p = %.3g (%@)", test.u, test.p, test.method.rawValue)
        } else {
            let p = MannWhitney.smallestAttainableP(n1: s.candidateSamples, n2: s.baselineSamples)
            text += String(format: ", insufficient samples for Mann–Whitney (smallest attainable p %.3g)", p)
        }
        return text
    }
}
