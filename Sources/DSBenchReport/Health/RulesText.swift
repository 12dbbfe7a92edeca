import DSBenchAnalyze
import DSBenchCore

/// `dsbench rules`: every health rule with its severity, what it checks, its thresholds (the value
/// in force, and the default when a suite changed it) and what to check when it fires.
public enum RulesText {
    public static func render(_ settings: HealthSettings = HealthSettings(), verdict: VerdictPolicy = VerdictPolicy()) -> String {
        var out = ""
        for rule in HealthRules.all {
            let off = settings.disabledRules.contains(rule.id) ? " (disabled by the suite)" : ""
            out += "\(rule.id)  [\(rule.severity.rawValue), \(classText(rule.id, verdict))]\(off)\n"
            out += "  \(rule.summary)\n"
            for threshold in rule.thresholds { out += "  " + line(threshold, settings) + "\n" }
            out += "  check: \(rule.hint)\n\n"
        }
        out += "checks that are not health rules\n"
        for id in verdictOnlyRules { out += "  \(id)  [\(classText(id, verdict))]\n" }
        out += "\n"
        out += "expected busbw in force (suite entries first, then the catalogue \(ExpectedBusbwCatalogue.shippedFile))\n"
        for (entry, origin) in inForce(settings) {
            out += "  [\(origin)] " + hardware(entry) + ": \(number(entry.busbw)) GB/s — \(entry.source)\n"
        }
        for entry in settings.overriddenCatalogueEntries {
            out += "  [catalogue, overridden by the suite] " + hardware(entry) + ": \(number(entry.busbw)) GB/s\n"
        }
        for problem in ExpectedBusbwCatalogue.shipped.problems { out += "  catalogue problem: \(problem)\n" }
        out += "\nexpected micro-benchmark figures (metric.below_expected, the catalogue's expected_metrics)\n"
        for entry in settings.metricCatalogue {
            out += "  \(entry.gpuModel) \(metricName(entry)): \(number(entry.value)) \(entry.unit) — \(entry.source)\n"
        }
        return out
    }

    public static func json(_ settings: HealthSettings = HealthSettings(), verdict: VerdictPolicy = VerdictPolicy()) -> String {
        typealias V = JSONWriter.Value
        let rules: [V] = HealthRules.all.map { rule in
            .object([
                ("id", .string(rule.id)), ("severity", .string(rule.severity.rawValue)),
                ("summary", .string(rule.summary)), ("hint", .string(rule.hint)),
                ("enabled", .bool(!settings.disabledRules.contains(rule.id))),
                ("class", .string(RuleClasses.of(rule.id, severity: rule.severity).rawValue)),
                ("fails_verdict", .bool(verdict.fails(rule: rule.id, class: RuleClasses.of(rule.id, severity: rule.severity)))),
                ("thresholds", .array(rule.thresholds.map { t in
                    .object([("key", .string(t.key)), ("value", .double(settings.value(t))),
                             ("default", .double(t.defaultValue)), ("unit", .string(t.unit)),
                             ("meaning", .string(t.meaning))])
                })),
            ])
        }
        let expected: [V] = inForce(settings).map { e, origin in
            .object([("gpu", .string(e.gpuModel)), ("gpus", .int(Int64(e.gpuCount))),
                     ("interconnect", .string(e.interconnect)), ("collective", .string(e.collective)),
                     ("nvls", .optional(e.nvls)), ("busbw", .double(e.busbw)), ("source", .string(e.source)),
                     ("origin", .string(origin))])
        }
        let others: [V] = verdictOnlyRules.map { id in
            .object([("id", .string(id)), ("class", .string(RuleClasses.of(id).rawValue)),
                     ("fails_verdict", .bool(verdict.fails(rule: id, class: RuleClasses.of(id))))])
        }
        return JSONWriter.render(.object([
            ("rules", .array(rules)), ("other_checks", .array(others)), ("expected_busbw", .array(expected)),
            ("catalogue_problems", .array(ExpectedBusbwCatalogue.shipped.problems.map(V.string))),
            ("expected_metrics", .array(settings.metricCatalogue.map { e in
                .object([("gpu", .string(e.gpuModel)), ("metric", .string(e.metric)),
                         ("labels", .object(e.labels.sorted { $0.key < $1.key }.map { (key: $0.key, value: V.string($0.value)) })),
                         ("value", .double(e.value)), ("unit", .string(e.unit)), ("direction", .string(e.direction.rawValue)),
                         ("source", .string(e.source))])
            })),
        ]))
    }

    /// `gemm_tflops{dtype=bf16}`.
    private static func metricName(_ entry: ExpectedMetric) -> String {
        let labels = entry.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return labels.isEmpty ? entry.metric : entry.metric + "{" + labels.joined(separator: ",") + "}"
    }

    /// Checks the verdict makes that no health rule produces: comparisons, the fleet, execution.
    static let verdictOnlyRules = RuleClasses.defaults.keys.filter { id in !HealthRules.all.contains { $0.id == id } }.sorted()

    /// `degraded: fails the verdict` or `advice: reported only`, with the suite's policy applied.
    static func classText(_ id: String, _ verdict: VerdictPolicy) -> String {
        let ruleClass = RuleClasses.of(id, severity: HealthRules.rule(id)?.severity ?? .warning)
        let fails = verdict.fails(rule: id, class: ruleClass)
        let word = ruleClass == .execution ? "makes the verdict error" : fails ? "fails the verdict" : "reported only"
        let moved = (verdict.fail + verdict.pass).contains(id) || (verdict.fail + verdict.pass).contains(ruleClass.rawValue)
        return "\(ruleClass.rawValue): \(word)" + (moved ? " (set by the suite)" : "")
    }

    /// The figures in force, each with where it came from (`suite` or `catalogue`).
    private static func inForce(_ settings: HealthSettings) -> [(ExpectedBusbw, String)] {
        settings.expectedBusbwInForce.enumerated().map { index, entry in
            (entry, index < settings.expectedBusbw.count ? "suite" : "catalogue")
        }
    }

    /// `all_reduce 8 × NVIDIA H200 over NV18 without NVLS`.
    private static func hardware(_ entry: ExpectedBusbw) -> String {
        "\(entry.collective) \(entry.gpuCount) × \(entry.gpuModel) over \(entry.interconnect)"
            + (entry.nvls.map { $0 ? " with NVLS" : " without NVLS" } ?? "")
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
