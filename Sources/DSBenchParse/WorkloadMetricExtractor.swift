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
    private var samples: [[Double]]
    private var lines: [[Int]]

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
        samples = Array(repeating: [], count: rules.count)
        lines = Array(repeating: [], count: rules.count)
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
                if let numeric = value as? NSNumber, !(value is Bool), numeric.doubleValue.isFinite {
                    append(index, numeric.doubleValue, line: number)
                } else if let text = value as? String {
                    record(index, text: Substring(text), number: number)
                }
            }
        }
    }

    private mutating func record(_ index: Int, text: Substring, number: Int) {
        let trimmed = text.trimmedSpaces
        guard let value = Double(trimmed), value.isFinite else {
            diagnostics.append(Diagnostic(.warning, line: number,
                                          "metric '\(rules[index].name)': '\(trimmed)' is not a number; sample skipped"))
            return
        }
        append(index, value, line: number)
    }

    private mutating func append(_ index: Int, _ value: Double, line: Int) {
        samples[index].append(value)
        lines[index].append(line)
    }

    func series() -> [MetricSeries] {
        rules.enumerated().map { index, rule in
            let all = samples[index]
            let dropped = min(rule.warmup, all.count)
            let kept = Array(all.dropFirst(dropped))
            let summaries = rule.summaries.compactMap { stat in
                MetricSummaries.value(stat, of: kept).map { MetricSeries.SummaryValue(stat: stat, value: $0) }
            }
            return MetricSeries(rule: rule, samples: all, lines: lines[index], dropped: dropped, summaryValues: summaries)
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
