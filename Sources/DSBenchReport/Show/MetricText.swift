import DSBenchCore
import DSBenchStore
import Foundation

/// One workload metric as `show` and the report print it: `step_time{stat=median} = 0.1234 s (lower is better)`.
enum MetricText {
    /// `name{key=value,…}` with the labels sorted, or the bare name without labels.
    static func name(_ metric: MetricValue) -> String {
        guard !metric.labels.isEmpty else { return metric.name }
        return metric.name + "{" + metric.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",") + "}"
    }

    /// Four significant digits, enough to tell runs apart without printing binary noise.
    static func value(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value != 0, abs(value) < 0.001 || abs(value) >= 1e9 { return String(format: "%.4g", value) }
        let text = Format.fixed(value, decimals: 4)
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    static func direction(_ direction: MetricDirection) -> String {
        direction == .higher ? "higher is better" : "lower is better"
    }

    static func line(_ stored: StoredMetric) -> String {
        let m = stored.metric
        return "\(name(m)) = \(value(m.value))\(m.unit.isEmpty ? "" : " " + m.unit)"
            + (stored.node.map { " @\($0)" } ?? "") + " (\(direction(m.direction)))"
    }
}
