import DSBenchAnalyze
import DSBenchCore

/// `dsbench compare` / `dsbench check` for people: per series a band table, then what regressed
/// size by size, the environment changes, fleet outliers and correctness problems.
public enum ComparisonText {
    public static func render(_ summary: CheckSummary) -> String {
        var out = "run \(summary.runID) · suite \(summary.suite) · \(summary.verdictWord)\n"
        if let status = summary.runStatus { out += "execution: \(status.rawValue)\n" }
        for error in summary.stepErrors { out += "  step problem: \(error)\n" }
        if let problem = summary.baselineProblem { out += "baseline: none — \(problem)\n" }
        if let report = summary.comparison {
            out += "baseline: \(report.baselineLabel) · Mann–Whitney α \(report.alpha)\n"
            for series in report.series { out += "\n" + seriesText(series) }
            if !report.unmatchedSeries.isEmpty {
                out += "\nnot in the baseline (not compared):\n"
                for key in report.unmatchedSeries { out += "  \(key)\n" }
            }
            if let metrics = summary.metrics { out += metricsText(metrics) }
            if report.hasRegression && !report.environmentChanges.isEmpty {
                out += "\nenvironment changes since the baseline:\n"
                for change in report.environmentChanges {
                    out += "  \(change.what): \(words(change.baseline)) → \(words(change.candidate))\n"
                }
            } else if report.hasRegression {
                out += "\nenvironment: no recorded difference from the baseline (inventory, env, versions, nodes)\n"
            }
        }
        if !summary.health.isEmpty {
            out += "\nhealth findings:\n"
            for f in summary.health {
                out += "  \(f.severity.rawValue.uppercased()) \(f.rule)" + (f.node.map { " @\($0)" } ?? "") + ": \(f.message)\n"
            }
        }
        if !summary.fleet.isEmpty {
            out += "\nfleet outliers (robust z ≤ −\(Format.number(summary.fleetThreshold))):\n"
            for finding in FleetCheck.findings(summary.fleet, threshold: summary.fleetThreshold) { out += "  \(finding.message)\n" }
        }
        if !summary.correctness.isEmpty {
            out += "\ncritical:\n"
            for finding in summary.correctness { out += "  CRITICAL \(finding.message)\n" }
        }
        return out
    }

    static func seriesText(_ series: SeriesComparison) -> String {
        var out = "\(series.key) · \(series.metric) (\(series.direction == .higherIsBetter ? "higher" : "lower") is better)\n"
        let rows = series.bands.map { band in
            [band.band.rawValue + " " + band.band.range, String(band.compared), String(band.regressed),
             band.medianChange.map(Format.percent) ?? "n/a",
             band.worstChange.map { Format.percent($0) + " at " + (band.worstSize.map(Format.bytes) ?? "?") } ?? "n/a",
             Format.percent(-band.tolerance), band.verdict.rawValue.uppercased(), band.basisDetail]
        }
        out += TextTable.render(header: ["band", "sizes", "regressed", "median Δ", "worst Δ", "tolerance", "verdict", "basis"],
                                rows: rows, indent: 2)
        let regressed = series.sizes.filter { $0.verdict == .regression }
        if !regressed.isEmpty {
            out += "  regressed sizes:\n"
            out += TextTable.render(header: ["size", "busbw", "baseline", "Δ", "samples", "p"], rows: regressed.map { s in
                [Format.bytes(s.size), s.candidateMedian.map(Format.gbps) ?? "n/a", s.baselineMedian.map(Format.gbps) ?? "n/a",
                 s.change.map(Format.percent) ?? "n/a", "\(s.candidateSamples) vs \(s.baselineSamples) \(s.samples.rawValue)",
                 s.test.map { String(format: "%.3g", $0.p) } ?? "insufficient samples"]
            }, indent: 4)
        }
        if !series.unmatchedSizes.isEmpty {
            out += "  measured on one side only: \(series.unmatchedSizes.map(Format.bytes).joined(separator: ", "))\n"
        }
        return out
    }

    /// One row per compared workload-metric series, then those the baseline lacks.
    static func metricsText(_ report: MetricComparisonReport) -> String {
        var out = ""
        if !report.series.isEmpty {
            out += "\nworkload metrics:\n"
            out += TextTable.render(header: ["series", "median", "baseline", "Δ", "tolerance", "verdict", "basis"],
                                    rows: report.series.map { s in
                let o = s.outcome
                return ["\(s.key) (\(s.direction.rawValue) is better)",
                        o.candidateMedian.map { Format.value($0, unit: s.unit) } ?? "n/a",
                        o.baselineMedian.map { Format.value($0, unit: s.unit) } ?? "n/a",
                        o.change.map(Format.percent) ?? "n/a", Format.percent(MetricComparisonFindings.worseTolerance(s)),
                        o.verdict.rawValue.uppercased(), s.basisDetail]
            }, indent: 2)
        }
        if !report.unmatchedSeries.isEmpty {
            out += "\nworkload metrics not in the baseline (not compared):\n"
            for key in report.unmatchedSeries { out += "  \(key)\n" }
        }
        return out
    }

    static func words(_ values: [String]) -> String { values.isEmpty ? "(absent)" : values.joined(separator: " / ") }
}
