import DSBenchAnalyze
import DSBenchCore
import Foundation

/// Formatting shared by the Markdown and HTML renderers.
enum ReportText {
    static func utc(_ date: Date?) -> String { TimeFormat.utc(date) }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return Format.signedPercent(value)
    }

    static func busbw(_ value: Double?) -> String { value.map(SVGText.value) ?? "-" }

    static func status(_ status: BusbwPoint.Status) -> String {
        switch status {
        case .noBaseline: return "-"
        case .within: return "within"
        case .below: return "BELOW"
        case .above: return "above"
        }
    }

    static func bands(_ tolerances: ToleranceBands) -> String {
        tolerances.bands.map { "\($0.name) ±\(Int($0.tolerancePercent.rounded())) %" }.joined(separator: ", ")
    }

    /// `run 12: 180 → 150 GB/s (-16.7 %)`.
    static func change(_ change: TrendChange) -> String {
        "run \(change.runID): \(busbw(change.meanBefore)) → \(busbw(change.meanAfter)) GB/s (\(percent(change.changePercent)))"
    }

    static func runLine(_ report: ReportModel) -> String {
        let run = report.run
        var parts = ["run \(run.id)", "suite \(run.suite)", run.status, "started \(utc(run.startedAt))"]
        if let start = run.startedAt, let end = run.endedAt { parts.append(TimeFormat.seconds(from: start, to: end)) }
        parts.append("\(run.stepCount) step\(run.stepCount == 1 ? "" : "s") on \(run.nodeCount) node\(run.nodeCount == 1 ? "" : "s")")
        if let baseline = report.baseline {
            parts.append("baseline: median of run\(baseline.runIDs.count == 1 ? "" : "s") "
                         + baseline.runIDs.map(String.init).joined(separator: ", "))
        } else {
            parts.append("no baseline")
        }
        return parts.joined(separator: " · ")
    }

    static func attributeValues(_ attribute: InventoryAttribute) -> String {
        attribute.values.map { "\($0.value) (\($0.count) \(unit(attribute.unit, $0.count)))" }.joined(separator: ", ")
    }

    /// `1 node`, `3 nodes`.
    static func unit(_ plural: String, _ count: Int) -> String {
        count == 1 && plural.hasSuffix("s") ? String(plural.dropLast()) : plural
    }
}
