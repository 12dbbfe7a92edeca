import DSBenchAnalyze
import DSBenchCore
import Foundation

/// `dsbench trend`: one line per run with a marker where a change point starts a new level.
public enum TrendText {
    /// Control characters in names are escaped (`TerminalText`).
    public static func render(_ report: TrendReport) -> String {
        TerminalText.escape(unescaped(report), keepingLineBreaks: true)
    }

    private static func unescaped(_ report: TrendReport) -> String {
        var out = "trend of suite \(report.suite) · \(report.metric) · \(report.points.count) completed runs\n"
        guard !report.points.isEmpty else {
            return out + (report.valueName == BusbwSamples.metric ? "no completed run with matching nccl results\n"
                                                                  : "no completed run with metric \(report.valueName)\n")
        }
        let format = { (value: Double) in report.unit == "GB/s" ? Format.gbps(value) : Format.value(value, unit: report.unit) }
        let starts = Dictionary(report.changePoints.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = report.points.enumerated().map { index, point -> [String] in
            var mark = ""
            if let change = starts[index], let delta = change.relativeChange {
                mark = "◀ change point: mean \(format(change.meanBefore)) → \(format(change.meanAfter)) (\(Format.percent(delta)))"
            }
            return [String(point.runID), point.startedAt.map { TimeFormat.utc($0) } ?? "-", format(point.value),
                    String(point.samples), mark]
        }
        out += TextTable.render(header: ["run", "started", report.valueName, "samples", ""], rows: rows, indent: 2)
        out += report.changePoints.isEmpty
            ? "no change point (binary segmentation, CUSUM, threshold 1.3·√(2 log n))\n"
            : "\(report.changePoints.count) change point(s) (binary segmentation, CUSUM, threshold 1.3·√(2 log n))\n"
        return out
    }

    public static func json(_ report: TrendReport) -> String {
        JSONWriter.render(.object([
            ("suite", .string(report.suite)), ("metric", .string(report.metric)),
            ("name", .string(report.valueName)), ("unit", .string(report.unit)),
            ("direction", .string(report.direction.rawValue)),
            ("points", .array(report.points.map { p in
                .object([("run", .int(p.runID)), ("started_at", .optional(p.startedAt.map { RunJSON.iso($0) })),
                         ("value", .double(p.value)), ("samples", .int(p.samples))])
            })),
            ("change_points", .array(report.changePoints.map { c in
                .object([("index", .int(c.index)), ("run", .int(report.points[c.index].runID)),
                         ("mean_before", .double(c.meanBefore)), ("mean_after", .double(c.meanAfter)),
                         ("statistic", .double(c.statistic))])
            })),
        ]))
    }
}
