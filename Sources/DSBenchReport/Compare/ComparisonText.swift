import DSBenchAnalyze
import DSBenchCore
import DSBenchVerdict

/// `dsbench compare` / `dsbench check` for people: the verdict and every check that did not pass,
/// then per series a band table, what regressed size by size, and the environment changes.
public enum ComparisonText {
    /// Control characters in names and messages are escaped (`TerminalText`).
    public static func render(_ judgement: Judgement) -> String {
        TerminalText.escape(unescaped(judgement), keepingLineBreaks: true)
    }

    private static func unescaped(_ judgement: Judgement) -> String {
        let verdict = judgement.verdict
        var out = "run \(verdict.runID) · suite \(verdict.suite) · \(verdict.headline)\n"
        if let baseline = verdict.baseline {
            out += "baseline: \(baseline.label)" + (judgement.comparison.map { " · Mann–Whitney α \($0.alpha)" } ?? "") + "\n"
        } else {
            out += "baseline: none\n"
        }
        let notable = VerdictWords.notable(verdict)
        if !notable.isEmpty {
            out += "\nchecks\n"
            for check in notable { out += "  " + VerdictWords.line(check) + "\n" }
        }
        let passed = verdict.checks(.pass).count
        out += "\(passed) check\(passed == 1 ? "" : "s") passed\n"
        if let report = judgement.comparison {
            for series in report.series { out += "\n" + seriesText(series) }
            if let metrics = judgement.metrics { out += metricsText(metrics) }
            if report.hasRegression && !report.environmentChanges.isEmpty {
                out += "\nenvironment changes since the baseline:\n"
                for change in report.environmentChanges {
                    out += "  \(change.what): \(words(change.baseline)) → \(words(change.candidate))\n"
                }
            } else if report.hasRegression {
                out += "\nenvironment: no recorded difference from the baseline (inventory, env, versions, nodes)\n"
            }
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
