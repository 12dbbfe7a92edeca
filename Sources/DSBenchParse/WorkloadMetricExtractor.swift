import DSBenchCore
import Foundation

/// Applies a workload's declared metric rules to its output, one sample per matching line.
struct WorkloadMetricExtractor {
    private enum Matcher {
        case regex(Regex<AnyRegexOutput>, group: String)
        case jsonKey([String])
        case invalid
    }

    private let rules: [MetricRule]
    private let matchers: [Matcher]
    private(set) var diagnostics: [Diagnostic] = []
    /// Per rule, its series in order of first sample: one without labels, else one per label set.
    private var groups: [[Group]]

    private struct Group {
        var labels: [String: String]?
        var samples: [Double] = []
        var lines: [Int] = []
    }

    init(rules: [MetricRule]) {
        self.rules = rules
        var diagnostics: [Diagnostic] = []
        matchers = rules.map { rule in
            switch rule.source {
            case .jsonKey(let key):
                return .jsonKey(key.split(separator: ".").map(String.init))
            case .regex(let pattern):
                guard let regex = try? Regex(pattern) else {
                    diagnostics.append(Diagnostic(.error, "metric '\(rule.name)': the pattern does not compile: \(pattern)"))
                    return .invalid
                }
                return .regex(regex, group: Self.groupName(pattern, metric: rule.name))
            }
        }
        self.diagnostics = diagnostics
        groups = rules.map { ($0.labels ?? []).isEmpty ? [Group(labels: nil)] : [] }
    }

    /// The group holding the value: the one named after the metric, else `value`, else the first.
    static func groupName(_ pattern: String, metric: String) -> String {
        if pattern.contains("(?<\(metric)>") { return metric }
        if pattern.contains("(?<value>") { return "value" }
        return ""
    }

    mutating func scan(_ line: Substring, number: Int) {
        var json: [String: Any]?
        var jsonTried = false
        for (index, matcher) in matchers.enumerated() {
            switch matcher {
            case .invalid: continue
            case .regex(let regex, let group):
                guard let match = try? regex.firstMatch(in: line) else { continue }
                let captured: Substring?
                if group.isEmpty {
                    captured = match.output.count > 1 ? match.output[1].substring : nil
                } else {
                    captured = match.output[group]?.substring
                }
                guard let captured else { continue }
                record(index, text: captured, number: number)
            case .jsonKey(let path):
                if !jsonTried {
                    jsonTried = true
                    json = Self.jsonObject(line)
                }
                guard let json, let value = Self.lookup(path, in: json) else { continue }
                // A labelled rule takes only lines that carry every label.
                var labels: [String: String]?
                if let keys = rules[index].labels, !keys.isEmpty {
                    let values = keys.compactMap { key in Self.lookup([key], in: json).flatMap(Self.labelText) }
                    guard values.count == keys.count else { continue }
                    labels = Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })
                }
                if let numeric = value as? NSNumber, !Self.isBool(value), numeric.doubleValue.isFinite {
                    append(index, numeric.doubleValue, line: number, labels: labels)
                } else if let text = value as? String {
                    record(index, text: Substring(text), number: number, labels: labels)
                }
            }
        }
    }

    /// `true`/`false` of the JSON, not a number. On Linux `1.0 is Bool` and `0 is Bool` hold for
    /// the NSNumbers JSONSerialization returns, which dropped every sample (and label) of 1 or 0;
    /// a JSON boolean is the NSNumber whose type is `c` (char).
    private static func isBool(_ value: Any) -> Bool {
        if type(of: value) == Bool.self { return true }
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// A label's value as text: strings as they are, integers without a fraction.
    private static func labelText(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber, !isBool(value) {
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        }
        return nil
    }

    private mutating func record(_ index: Int, text: Substring, number: Int, labels: [String: String]? = nil) {
        let trimmed = text.trimmedSpaces
        guard let value = Double(trimmed), value.isFinite else {
            diagnostics.append(Diagnostic(.warning, line: number,
                                          "metric '\(rules[index].name)': '\(trimmed)' is not a number; sample skipped"))
            return
        }
        append(index, value, line: number, labels: labels)
    }

    private mutating func append(_ index: Int, _ value: Double, line: Int, labels: [String: String]? = nil) {
        let at = groups[index].firstIndex { $0.labels == labels } ?? {
            groups[index].append(Group(labels: labels))
            return groups[index].count - 1
        }()
        groups[index][at].samples.append(value)
        groups[index][at].lines.append(line)
    }

    /// Per rule its series; a labelled rule that matched nothing still has one, empty, so the
    /// "no line matched" warning is given.
    func series() -> [MetricSeries] {
        rules.enumerated().flatMap { index, rule -> [MetricSeries] in
            let found = groups[index].isEmpty ? [Group(labels: nil)] : groups[index]
            return found.map { group in
                let dropped = min(rule.warmup, group.samples.count)
                let kept = Array(group.samples.dropFirst(dropped))
                let summaries = rule.summaries.compactMap { stat in
                    MetricSummaries.value(stat, of: kept).map { MetricSeries.SummaryValue(stat: stat, value: $0) }
                }
                return MetricSeries(rule: rule, samples: group.samples, lines: group.lines, dropped: dropped,
                                    summaryValues: summaries, labels: group.labels)
            }
        }
    }

    private static func jsonObject(_ line: Substring) -> [String: Any]? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == "{" else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any]
    }

    private static func lookup(_ path: [String], in object: [String: Any]) -> Any? {
        var current: Any = object
        for key in path {
            guard let dictionary = current as? [String: Any], let next = dictionary[key] else { return nil }
            current = next
        }
        return current
    }
}
