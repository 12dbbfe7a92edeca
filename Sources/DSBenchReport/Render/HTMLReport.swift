import DSBenchVerdict
/// The report as one self-contained HTML page: inline CSS, inline SVG charts drawn here, the
/// numbers of every chart in a table next to it, and a few lines of script for sorting tables.
/// Nothing is loaded from anywhere else.
public struct HTMLReport: ReportRenderer {
    public init() {}

    public func render(_ report: ReportModel) -> String {
        var out = ""
        out.reserveCapacity(1 << 20)
        let title = "dsbench report: \(report.run.suite), run \(report.run.id)"
        out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        out += "<title>\(h(title))</title><style>\(HTMLStyle.css)</style></head><body>\n"
        out += "<h1>\(h(title))</h1>\n"
        out += "<div class=\"verdict \(report.verdict.status.rawValue)\" data-status=\"\(report.verdict.status.rawValue)\" "
            + "data-exit-code=\"\(report.verdict.exitCode)\">Verdict: \(h(report.verdict.headline))</div>\n"
        out += "<p class=\"meta\">\(h(ReportText.runLine(report)))</p>\n"

        out += "<h2 id=\"problems\">Problems</h2>\n"
        if report.problems.isEmpty && report.mixed.isEmpty && report.inventoryNotes.isEmpty { out += "<p>None.</p>\n" } else {
            out += "<ul class=\"problems\">"
            for p in report.problems {
                out += "<li class=\"\(p.outcome.rawValue)\">\(VerdictWords.label(p.outcome)) "
                    + "\(h("\(VerdictWords.subject(p)): \(p.reason) [\(p.rule), \(p.ruleClass.rawValue)]"))</li>"
            }
            for line in report.mixed + report.inventoryNotes { out += "<li class=\"note\">NOTE \(h(line))</li>" }
            out += "</ul>\n"
        }
        nodeHealth(report, into: &out)
        gpuMeasurements(report, into: &out)
        bandwidth(report, into: &out)
        fleet(report, into: &out)
        pairs(report, into: &out)
        telemetry(report, into: &out)
        trend(report, into: &out)
        failures(report, into: &out)
        workloadMetrics(report, into: &out)
        profiles(report, into: &out)
        findings(report, into: &out)
        inventory(report, into: &out)
        topology(report, into: &out)
        suite(report, into: &out)
        out += "<script>\(HTMLStyle.script)</script>\n</body></html>\n"
        return out
    }
}

func h(_ text: String) -> String { SVGText.escape(text) }

/// One table cell: text and an optional class (`n` for numbers, `below`, `bad`, …).
struct HTMLCell {
    var text: String
    var cls: String?
    init(_ text: String, _ cls: String? = nil) { self.text = text; self.cls = cls }
    static func number(_ value: Double?) -> HTMLCell { HTMLCell(value.map(SVGText.value) ?? "-", "n") }
}

enum HTMLTable {
    static func render(_ header: [String], _ rows: [[HTMLCell]], sortable: Bool = false, into out: inout String) {
        out += sortable ? "<table class=\"sortable\"><thead><tr>" : "<table><thead><tr>"
        for name in header { out += "<th>\(h(name))</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for cell in row {
                out += cell.cls.map { "<td class=\"\($0)\">" } ?? "<td>"
                out += h(cell.text) + "</td>"
            }
            out += "</tr>"
        }
        out += "</tbody></table>\n"
    }
}
