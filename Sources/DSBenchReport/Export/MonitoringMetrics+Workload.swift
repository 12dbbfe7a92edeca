import Foundation
import DSBenchAnalyze
import DSBenchCore

/// Workload metrics (a suite's `metrics:` summaries, profiler-trace figures): one family per
/// metric name, converted to the base unit its name ends in.
extension MonitoringMetrics {
    static func workload(_ input: MonitoringInput) -> [MetricFamily] {
        struct SeriesKey: Hashable { var family: String; var labels: [L] }
        var order: [String] = []
        var units: [String: String?] = [:]
        var seriesOrder: [String: [SeriesKey]] = [:]
        var values: [SeriesKey: [Double]] = [:]
        for value in input.workload {
            let metric = value.metric
            let unit = MetricUnit.of(metric.unit)
            let family = MetricUnit.familyName(metric: metric.name, unit: unit)
            if units[family] == nil { order.append(family); units[family] = .some(unit.suffix) }
            var labels = [L("suite", input.run.suite), L("step", value.step), L("variant", value.variant ?? ""),
                          L("node", value.node), L("metric", metric.name)]
            var used = Set(labels.map(\.name))
            for (key, text) in metric.labels.sorted(by: { $0.key < $1.key }) {
                // The trace's `device` is the GPU index; a key that clashes with a fixed label is kept apart.
                var name = key == "device" ? "gpu" : MetricUnit.labelName(key)
                while used.contains(name) { name = "label_" + name }
                used.insert(name)
                labels.append(L(name, text))
            }
            let key = SeriesKey(family: family, labels: labels)
            if values[key] == nil { seriesOrder[family, default: []].append(key) }
            // Repeats of a step are one series (`RepeatedMetric`).
            values[key, default: []].append(metric.value * unit.factor)
        }
        return order.map { family in
            // The same HELP for every workload family and suite: the Pushgateway refuses a family
            // whose HELP differs from what another group pushed, and node_exporter reads files of several suites.
            MetricFamily(
                name: family, help: "Workload metric of a step on a node in the base unit its name ends in; label metric: the name the suite declared.",
                unit: units[family] ?? nil,
                samples: (seriesOrder[family] ?? []).compactMap { key in RepeatedMetric.value(values[key] ?? []).map { MetricSample(key.labels, $0) } })
        }
    }
}

/// A workload metric's declared unit as a Prometheus base unit: the suffix of the family name
/// and the factor to it (`ms` → `seconds` × 10⁻³, `GiB` → `bytes` × 2³⁰, `%` → `ratio` × 10⁻²).
struct MetricUnit: Equatable {
    /// nil: a count or a unit-less number.
    var suffix: String?
    var factor: Double
    /// Name endings that spelled the unit already (`step_ms`, `max_mem_gib`): replaced by the suffix.
    var spelledAs: [String]

    static let secondsAliases = ["_seconds", "_secs", "_sec", "_ms", "_us", "_ns", "_s"]
    static let bytesAliases = ["_bytes", "_gib", "_mib", "_kib", "_gb", "_mb", "_kb", "_b"]
    static let perSecondAliases = ["_per_second", "_per_sec", "_per_s", "_ps", "_s"]

    static func of(_ text: String) -> MetricUnit {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "": return MetricUnit(suffix: nil, factor: 1, spelledAs: [])
        case "s", "sec", "seconds": return MetricUnit(suffix: "seconds", factor: 1, spelledAs: secondsAliases)
        case "ms": return MetricUnit(suffix: "seconds", factor: 1e-3, spelledAs: secondsAliases)
        case "us", "µs", "μs": return MetricUnit(suffix: "seconds", factor: 1e-6, spelledAs: secondsAliases)
        case "ns": return MetricUnit(suffix: "seconds", factor: 1e-9, spelledAs: secondsAliases)
        case "%": return MetricUnit(suffix: "ratio", factor: 0.01, spelledAs: ["_percent", "_pct", "_ratio"])
        case "B", "bytes": return MetricUnit(suffix: "bytes", factor: 1, spelledAs: bytesAliases)
        case "KiB": return MetricUnit(suffix: "bytes", factor: 1024, spelledAs: bytesAliases)
        case "MiB": return MetricUnit(suffix: "bytes", factor: 1_048_576, spelledAs: bytesAliases)
        case "GiB": return MetricUnit(suffix: "bytes", factor: 1_073_741_824, spelledAs: bytesAliases)
        case "KB", "kB": return MetricUnit(suffix: "bytes", factor: 1e3, spelledAs: bytesAliases)
        case "MB": return MetricUnit(suffix: "bytes", factor: 1e6, spelledAs: bytesAliases)
        case "GB": return MetricUnit(suffix: "bytes", factor: 1e9, spelledAs: bytesAliases)
        case "GB/s": return MetricUnit(suffix: "bytes_per_second", factor: 1e9, spelledAs: perSecondAliases)
        case "MB/s": return MetricUnit(suffix: "bytes_per_second", factor: 1e6, spelledAs: perSecondAliases)
        case let other where other.hasSuffix("/s"):
            // `samples/s`, `tokens/s`: a rate of something counted.
            return MetricUnit(suffix: snake(String(other.dropLast(2))) + "_per_second", factor: 1, spelledAs: perSecondAliases)
        case let other:
            return MetricUnit(suffix: snake(other), factor: 1, spelledAs: [])
        }
    }

    /// `dsbench_workload_` + the metric's name in snake case, its unit spelling replaced by the suffix:
    /// `step_ms` (ms) → `dsbench_workload_step_seconds`, `samples_per_s` → `…_samples_per_second`.
    static func familyName(metric: String, unit: MetricUnit) -> String {
        let name = unitName(metric: metric, unit: unit)
        // Suffixes Prometheus keeps for counters, histograms, summaries and info: a gauge named
        // `trace_collective_count` is read as a summary's count (promtool refuses it).
        return reservedSuffixes.contains { name.hasSuffix($0) } ? name + "_value" : name
    }

    static let reservedSuffixes = ["_count", "_sum", "_bucket", "_total", "_created", "_info", "_gcount", "_gsum"]

    static func unitName(metric: String, unit: MetricUnit) -> String {
        var base = snake(metric)
        if let alias = unit.spelledAs.first(where: { base.hasSuffix($0) && base.count > $0.count }) {
            base.removeLast(alias.count)
        }
        guard let suffix = unit.suffix, !suffix.isEmpty else { return "dsbench_workload_" + base }
        let lead = suffix.hasSuffix("_per_second") ? String(suffix.dropLast("_per_second".count)) : nil
        if base == suffix || base.hasSuffix("_" + suffix) { return "dsbench_workload_" + base }
        if let lead, !lead.isEmpty, base == lead || base.hasSuffix("_" + lead) {
            return "dsbench_workload_" + base + "_per_second"
        }
        return "dsbench_workload_" + base + "_" + suffix
    }

    /// Letters, digits and `_` only, runs of others as one `_`, never empty or starting with a digit.
    static func snake(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            if ok { out.unicodeScalars.append(scalar) } else if !out.hasSuffix("_") && !out.isEmpty { out += "_" }
        }
        while out.hasSuffix("_") { out.removeLast() }
        out = out.lowercased()
        if out.isEmpty { return "value" }
        if let first = out.unicodeScalars.first, first >= "0" && first <= "9" { out = "metric_" + out }
        return out
    }

    /// A label name from a metric label key (`snake` never starts one with the reserved `__`).
    static func labelName(_ key: String) -> String { snake(key) }
}
