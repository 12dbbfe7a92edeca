import DSBenchAnalyze
import DSBenchCore

/// `dsbench rules`: every health rule with its severity, what it checks, its thresholds (the value
/// in force, and the default when a suite changed it) and what to check when it fires.
public enum RulesText {
    public static func render(_ settings: HealthSettings = HealthSettings()) -> String {
        var out = ""
        for rule in HealthRules.all {
            let off = settings.disabledRules.contains(rule.id) ? " (disabled by the suite)" : ""
            out += "\(rule.id)  [\(rule.severity.rawValue)]\(off)\n"
            out += "  \(rule.summary)\n"
            for threshold in rule.thresholds { out += "  " + line(threshold, settings) + "\n" }
            out += "  check: \(rule.hint)\n\n"
        }
        out += "expected busbw (suite entries first)\n"
        for entry in settings.expectedBusbw + ExpectedBusbw.builtIn {
            out += "  \(entry.collective) \(entry.gpuCount) × \(entry.gpuModel) over \(entry.interconnect)"
                + (entry.nvls.map { $0 ? " with NVLS" : " without NVLS" } ?? "")
                + ": \(number(entry.busbw)) GB/s — \(entry.source)\n"
        }
        return out
    }

    public static func json(_ settings: HealthSettings = HealthSettings()) -> String {
        typealias V = JSONWriter.Value
        let rules: [V] = HealthRules.all.map { rule in
            .object([
                ("id", .string(rule.id)), ("severity", .string(rule.severity.rawValue)),
                ("summary", .string(rule.summary)), ("hint", .string(rule.hint)),
                ("enabled", .bool(!settings.disabledRules.contains(rule.id))),
                ("thresholds", .array(rule.thresholds.map { t in
                    .object([("key", .string(t.key)), ("value", .double(settings.value(t))),
                             ("default", .double(t.defaultValue)), ("unit", .string(t.unit)),
                             ("meaning", .string(t.meaning))])
                })),
            ])
        }
        let expected: [V] = (settings.expectedBusbw + ExpectedBusbw.builtIn).map { e in
            .object([("gpu", .string(e.gpuModel)), ("gpus", .int(Int64(e.gpuCount))),
                     ("interconnect", .string(e.interconnect)), ("collective", .string(e.collective)),
                     ("nvls", .optional(e.nvls)), ("busbw", .double(e.busbw)), ("source", .string(e.source))])
        }
        return JSONWriter.render(.object([("rules", .array(rules)), ("expected_busbw", .array(expected))]))
    }

    private static func line(_ threshold: HealthThreshold, _ settings: HealthSettings) -> String {
        let value = settings.value(threshold)
        let changed = value != threshold.defaultValue ? " (default \(number(threshold.defaultValue)))" : ""
        return "\(threshold.key) = \(number(value)) \(threshold.unit)\(changed): \(threshold.meaning)"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
