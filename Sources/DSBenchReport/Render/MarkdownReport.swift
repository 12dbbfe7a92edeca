import DSBenchAnalyze
import DSBenchCore
import DSBenchVerdict
import Foundation

/// The report as Markdown, for a ticket or a chat: verdict, problems first, busbw at key sizes
/// against the baseline, failed nodes and steps, the inventory with what differs called out.
public struct MarkdownReport: ReportRenderer {
    public init() {}

    /// Names, captured values and messages are escaped for Markdown (`MarkdownText`), and no
    /// control character reaches the file raw (`cat report.md` is a terminal too).
    public func render(_ report: ReportModel) -> String {
        TerminalText.escape(unescaped(report), keepingLineBreaks: true)
    }

    private func unescaped(_ report: ReportModel) -> String {
        var out = "# dsbench report: \(cell(report.run.suite)), run \(report.run.id)\n\n"
        out += "**Verdict: \(cell(report.verdict.headline))** (exit code \(report.verdict.exitCode)"
            + (report.judgedBy.map { ", judged by `\(cell($0))`" } ?? "") + ")\n\n"
        out += cell(ReportText.runLine(report)) + "\n\n"
        out += NodeHealthText.markdown(report.nodeHealth, cell: cell)
        out += GPUMeasurementText.markdown(report.gpuMeasurements, cell: cell)

        out += "## Problems\n\n"
        if report.problems.isEmpty && report.mixed.isEmpty && report.inventoryNotes.isEmpty { out += "None.\n" }
        for problem in report.problems {
            let label = VerdictWords.label(problem.outcome)
            out += "- " + (problem.outcome == .fail || problem.outcome == .error ? "**\(label)** " : "\(label) ")
                + cell("\(VerdictWords.subject(problem)): \(problem.reason) [\(problem.rule), \(problem.ruleClass.rawValue)]") + "\n"
        }
        for line in report.mixed + report.inventoryNotes { out += "- NOTE " + cell(line) + "\n" }

        out += "\n## Bus bandwidth\n\n"
        out += "GB/s, out-of-place, median over nodes and repeats, at key sizes. Tolerance: \(ReportText.bands(report.tolerances)).\n"
        if report.collectives.isEmpty { out += "\nNo nccl-tests results in this run.\n" }
        for collective in report.collectives {
            out += "\n### \(cell(collective.collective))\n\n"
            out += "| series | nodes | size | busbw | baseline | Δ | band | status |\n|---|---:|---:|---:|---:|---:|---:|---|\n"
            for series in collective.series {
                for index in series.keyPointIndices where index < series.points.count {
                    let p = series.points[index]
                    out += "| \(cell(series.key)) | \(series.nodes.count) | \(p.sizeLabel) | \(ReportText.busbw(p.busbw)) | "
                    out += "\(ReportText.busbw(p.baseline)) | \(ReportText.percent(p.deltaPercent)) | "
                    out += "±\(Int(p.tolerancePercent.rounded())) % | \(ReportText.status(p.status)) |\n"
                }
            }
        }

        out += NodeCauseText.list(NodeCause.links(report.verdict),
                                  heading: "\n### Slow collectives and what their node's checks found\n\n",
                                  symptom: { "- " + cell($0) + "\n" }, cause: { "  - likely cause: " + cell($0) + "\n" })

        if !report.heatmaps.isEmpty {
            out += "\n## Nodes against the fleet\n\n| series | nodes | failed the fleet check |\n|---|---:|---|\n"
            for map in report.heatmaps {
                out += "| \(cell(map.collective + " " + map.seriesKey)) | \(map.nodes.count) | "
                out += (map.failedNodes.isEmpty ? "none" : cell(map.failedNodes.joined(separator: ", "))) + " |\n"
            }
        }

        if !report.pairMatrices.isEmpty {
            out += "\n## Pairs\n\n```\n" + PairMatrixText.render(report.pairMatrices).dropFirst() + "```\n"
        }

        out += "\n## Failed nodes\n\n"
        if report.failedNodes.isEmpty { out += "None.\n" }
        for node in report.failedNodes { out += "- \(cell(node.node)): \(node.status)" + (node.error.map { " — " + cell($0) } ?? "") + "\n" }

        if !report.failedSteps.isEmpty {
            out += "\n## Failed steps\n\n| step | status | exit | error |\n|---|---|---:|---|\n"
            for step in report.failedSteps {
                out += "| \(cell(step.key)) | \(step.status) | \(step.exitCode.map(String.init) ?? "-") | \(cell(step.error ?? "-")) |\n"
            }
        }

        if !report.findings.isEmpty {
            out += "\n## Findings\n\n| severity | rule | where | finding |\n|---|---|---|---|\n"
            for f in report.findings {
                let place = [f.finding.node, f.finding.gpu.map { "GPU \($0)" }, f.finding.step].compactMap { $0 }.joined(separator: " ")
                out += "| \(f.finding.severity.rawValue) | \(cell(f.finding.rule)) | \(cell(place.isEmpty ? "-" : place)) | \(cell(f.finding.message)) |\n"
            }
        }

        if !report.metrics.isEmpty {
            out += "\n## Workload metrics\n\n| step | metric | value | unit | better |\n|---|---|---:|---|---|\n"
            for m in report.metrics {
                out += "| \(cell(m.step + (m.node.map { " @" + $0 } ?? ""))) | \(cell(m.name)) | \(MetricText.value(m.value)) | "
                out += "\(cell(m.unit)) | \(m.direction == .higher ? "higher" : "lower") |\n"
            }
        }

        if !report.profiles.isEmpty {
            out += "\n## Profiles\n"
            for table in report.profiles {
                let header = ProfileText.header(table)
                out += "\n### \(cell(table.step)) (\(table.tool))\n\n| " + header.joined(separator: " | ") + " |\n|"
                    + header.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|\n"
                for kernel in table.kernels {
                    out += "| " + ProfileText.cells(kernel, tool: table.tool).map(cell).joined(separator: " | ") + " |\n"
                }
                if !table.totals.isEmpty { out += "\n" + cell(ProfileText.totals(table)) + "\n" }
            }
        }

        out += "\n## Inventory\n\n"
        if report.inventory.summary.isEmpty { out += "No inventory in this run.\n" }
        else {
            out += "| attribute | values |\n|---|---|\n"
            for attribute in report.inventory.summary {
                let name = cell(attribute.name)
                out += "| \(attribute.heterogeneous ? "**\(name) (mixed)**" : name) | \(cell(ReportText.attributeValues(attribute))) |\n"
            }
        }

        if !report.trend.isEmpty {
            out += "\n## Trend\n\n| series | size | runs | first | latest | change points |\n|---|---:|---:|---:|---:|---|\n"
            for trend in report.trend {
                guard let first = trend.points.first, let last = trend.points.last else { continue }
                out += "| \(cell(trend.collective + " " + trend.seriesKey)) | \(trend.sizeLabel) | \(trend.points.count) | "
                out += "\(ReportText.busbw(first.busbw)) (run \(first.runID)) | \(ReportText.busbw(last.busbw)) (run \(last.runID)) | "
                out += (trend.changePoints.isEmpty ? "-" : cell(trend.changePoints.map(ReportText.change).joined(separator: "; "))) + " |\n"
            }
        }

        out += "\n## Versions\n\n"
        for entry in report.versions { out += "- \(cell(entry.name)): \(cell(entry.values.joined(separator: ", ")))\n" }
        if !report.run.suiteHash.isEmpty { out += "- suite sha256: `\(report.run.suiteHash)`\n" }
        return out
    }

    /// Table cells and inline text: `MarkdownText`.
    func cell(_ text: String) -> String { MarkdownText.escape(text) }
}
