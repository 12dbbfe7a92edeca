import DSBenchCore

/// Problems in the order a reader should see them, and the one-line verdict made from them.
enum ReportVerdictBuilder {
    static func problems(critical: [String], collectives: [CollectiveReport], heatmaps: [FleetHeatmap],
                         failedNodes: [FailedNode], failedSteps: [FailedStep], findings: [ReportFinding],
                         inventory: InventoryReport) -> [ReportProblem] {
        var problems: [ReportProblem] = critical.map { ReportProblem(severity: .critical, text: $0) }
        for series in collectives.flatMap(\.series) {
            let below = series.points.filter { $0.status == .below }
            guard let worst = below.min(by: { ($0.deltaPercent ?? 0) < ($1.deltaPercent ?? 0) }) else { continue }
            let delta = worst.deltaPercent.map { String(format: "%+.1f %%", $0) } ?? "?"
            problems.append(ReportProblem(severity: .critical, text:
                "\(series.collective) \(series.key): busbw below the baseline band at \(below.count) of \(series.points.count) sizes (worst \(delta) at \(worst.sizeLabel))"))
        }
        for finding in findings where finding.finding.severity == .critical {
            problems.append(ReportProblem(severity: .critical, text: findingText(finding)))
        }
        for node in failedNodes {
            problems.append(ReportProblem(severity: .warning, text: "node \(node.node) \(node.status)" + (node.error.map { ": \($0)" } ?? "")))
        }
        for step in failedSteps {
            let exit = step.exitCode.map { " (exit \($0))" } ?? ""
            problems.append(ReportProblem(severity: .warning, text: "step \(step.key) \(step.status)\(exit)" + (step.error.map { ": \($0)" } ?? "")))
        }
        for map in heatmaps where !map.slowNodes.isEmpty {
            problems.append(ReportProblem(severity: .warning, text:
                "\(map.collective) \(map.seriesKey): \(map.slowNodes.joined(separator: ", ")) below 90 % of the fleet median"))
        }
        for attribute in inventory.summary where attribute.heterogeneous {
            problems.append(ReportProblem(severity: .warning, text: "mixed \(attribute.name): \(ReportText.attributeValues(attribute))"))
        }
        for finding in findings where finding.finding.severity == .warning {
            problems.append(ReportProblem(severity: .warning, text: findingText(finding)))
        }
        return problems
    }

    static func findingText(_ finding: ReportFinding) -> String {
        var place: [String] = []
        if let node = finding.finding.node { place.append(node) }
        if let gpu = finding.finding.gpu { place.append("GPU \(gpu)") }
        return (place.isEmpty ? "" : place.joined(separator: " ") + ": ") + finding.finding.message + " [\(finding.finding.rule)]"
    }

    static func verdict(_ problems: [ReportProblem], hasBaseline: Bool) -> ReportVerdict {
        let critical = problems.filter { $0.severity == .critical }.count
        let warnings = problems.filter { $0.severity == .warning }.count
        if critical > 0 {
            return ReportVerdict(level: .critical, headline: "FAIL: \(critical) critical problem\(critical == 1 ? "" : "s")"
                                 + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
        }
        if warnings > 0 {
            return ReportVerdict(level: .warning, headline: "CHECK: \(warnings) warning\(warnings == 1 ? "" : "s"), nothing critical")
        }
        return ReportVerdict(level: .ok, headline: hasBaseline ? "OK: no problem found, busbw within the baseline band"
                                                               : "OK: no problem found (no baseline given)")
    }
}
