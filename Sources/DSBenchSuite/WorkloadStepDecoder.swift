import DSBenchCore
import Yams

/// A workload step: its argv (torchrun, mpirun, a server benchmark …), the metrics to take from
/// its output and where it writes a profiler trace.
///
///     - name: ddp
///       workload: [torchrun, --standalone, --nproc_per_node=2, train.py]
///       metrics:
///         - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', unit: ms, direction: lower, warmup: 5}
///         - {name: tokens_per_s, json: tokens_per_s, direction: higher}
///       trace: /tmp/ddp_trace.json.gz
public struct WorkloadStep: Sendable, Equatable {
    public var argv: [String]
    public var spec: WorkloadSpec

    public init(argv: [String], spec: WorkloadSpec) { self.argv = argv; self.spec = spec }
}

struct WorkloadStepDecoder {
    let reader: NodeReader

    func decode(_ entry: NodeReader.Entry, entries: [NodeReader.Entry]) -> WorkloadStep? {
        let expected = "an argv list such as [torchrun, --nproc_per_node=8, train.py]"
        if case .scalar = entry.value {
            reader.report(.wrongType, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                          expected: expected, hint: "argv is never split on spaces")
            return nil
        }
        let argv = reader.stringList(entry.value, path: entry.path, allowSingle: false, expected: expected)
        if let argv, argv.first?.isEmpty ?? true {
            reader.report(.invalidValue, at: entry.value, path: entry.path,
                          found: argv.isEmpty ? "an empty list" : "an empty program name", expected: expected)
        }
        var ok = true
        var rules: [MetricRule] = []
        if let metrics = entries.first(where: { $0.key == "metrics" }) {
            if let decoded = decodeMetrics(metrics) { rules = decoded } else { ok = false }
        }
        var tracePath: String?
        if let trace = entries.first(where: { $0.key == "trace" }) {
            let expected = "the path of the profiler trace (.json or .json.gz) on the node"
            tracePath = reader.nonEmptyString(trace.value, path: trace.path, expected: expected)
            // Whatever is at the path before the job is moved aside, so a typo such as
            // `/data/model.pt` must not even get that far.
            if let path = tracePath, !WorkloadSpec.isTracePath(path) {
                reader.report(.invalidValue, at: trace.value, path: trace.path, found: "'\(path)'", expected: expected,
                              hint: "a file already at the path is moved aside before the job, never deleted")
                tracePath = nil
            }
            if tracePath == nil { ok = false }
        }
        guard ok, let argv, !(argv.first?.isEmpty ?? true) else { return nil }
        return WorkloadStep(argv: argv, spec: WorkloadSpec(metrics: rules, tracePath: tracePath))
    }

    private func decodeMetrics(_ entry: NodeReader.Entry) -> [MetricRule]? {
        guard case .sequence(let items) = entry.value else {
            reader.report(.wrongType, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                          expected: "a list of metrics ('- {name: step_ms, regex: …, direction: lower}')")
            return nil
        }
        var rules: [MetricRule] = []
        var ok = true
        var names: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "\(entry.path)[\(index)]"
            guard let rule = decodeRule(item, path: path) else { ok = false; continue }
            if !names.insert(rule.name).inserted {
                reader.report(.duplicate, at: item, path: "\(path).name", found: "metric '\(rule.name)' again",
                              expected: "a unique metric name within the step")
                ok = false
            }
            rules.append(rule)
        }
        return ok ? rules : nil
    }

    private func decodeRule(_ node: Node, path: String) -> MetricRule? {
        guard let entries = reader.entries(node, path: path, expected: "a metric mapping {name, regex|json, direction}") else {
            return nil
        }
        reader.checkKeys(entries, allowed: SuiteKeys.metric, path: path, context: "metric")
        let value = { (key: String) in entries.first { $0.key == key } }
        let name = reader.requireKey("name", in: entries, mapping: node, path: path, expected: "a metric name")
            .flatMap { Names.identifier($0.value, path: $0.path, reader: reader, what: "metric name") }
        let direction = reader.requireKey("direction", in: entries, mapping: node, path: path,
                                          expected: "direction: higher or lower (which is better)")
            .flatMap { reader.choice($0.value, path: $0.path, from: MetricDirection.allCases.map(\.rawValue),
                                     what: "which way is better") }
            .flatMap(MetricDirection.init(rawValue:))
        let unit = value("unit").flatMap { reader.string($0.value, path: $0.path, expected: "a unit such as ms") } ?? ""
        let warmup = value("warmup").map {
            reader.int($0.value, path: $0.path, in: 0...1_000_000, expected: "how many leading samples to drop (≥ 0)")
        } ?? 0
        var summaries = MetricRule.defaultSummaries
        if let entry = value("summary") {
            let choices = MetricRule.Summary.allCases.map(\.rawValue)
            guard let list = reader.stringList(entry.value, path: entry.path, allowSingle: true,
                                               expected: "a list of \(choices.joined(separator: ", "))") else { return nil }
            summaries = []
            for text in list {
                guard let summary = MetricRule.Summary(rawValue: text) else {
                    reader.report(.invalidValue, at: entry.value, path: entry.path, found: "'\(text)'",
                                  expected: "summaries from \(choices.joined(separator: ", "))",
                                  hint: DidYouMean.hint(text, from: choices))
                    return nil
                }
                if !summaries.contains(summary) { summaries.append(summary) }
            }
        }
        let source = decodeSource(entries, node: node, path: path, metric: name)
        var labels: [String]?
        if let entry = value("labels") {
            guard case .jsonKey? = source else {
                if source != nil {
                    reader.report(.conflict, at: entry.keyNode, path: entry.path, found: "'labels' with a regex",
                                  expected: "labels only with json: (keys of the same JSON line)")
                }
                return nil
            }
            guard let keys = reader.stringList(entry.value, path: entry.path, allowSingle: true,
                                               expected: "a list of JSON keys such as [gpu, dtype]"),
                  !keys.isEmpty, keys.allSatisfy({ !$0.isEmpty }) else {
                reader.report(.invalidValue, at: entry.value, path: entry.path, found: NodeReader.describe(entry.value),
                              expected: "a non-empty list of JSON keys such as [gpu, dtype]")
                return nil
            }
            labels = keys
        }
        guard let name, let direction, let warmup, let source else { return nil }
        return MetricRule(name: name, source: source, unit: unit, direction: direction, warmup: warmup,
                          summaries: summaries, labels: labels)
    }

    /// Exactly one of `regex` (checked to compile, with a usable group) or `json`.
    private func decodeSource(_ entries: [NodeReader.Entry], node: Node, path: String,
                              metric: String?) -> MetricRule.Source? {
        let regex = entries.first { $0.key == "regex" }
        let json = entries.first { $0.key == "json" }
        switch (regex, json) {
        case (nil, nil):
            reader.report(.missingKey, at: node, path: path, found: "neither 'regex' nor 'json'",
                          expected: "regex: a pattern with a group named after the metric, or json: a key of JSON lines")
            return nil
        case (let r?, _?):
            reader.report(.conflict, at: r.keyNode, path: r.path, found: "both 'regex' and 'json'",
                          expected: "one way to read the metric")
            return nil
        case (let r?, nil):
            guard let pattern = reader.nonEmptyString(r.value, path: r.path, expected: "a regular expression") else {
                return nil
            }
            guard (try? Regex(pattern)) != nil else {
                reader.report(.invalidValue, at: r.value, path: r.path, found: "'\(pattern)'",
                              expected: "a regular expression that compiles")
                return nil
            }
            let group = metric.map { WorkloadRegexGroups.valueGroup(pattern, metric: $0) } ?? ""
            if group.isEmpty, !pattern.contains("(") {
                reader.report(.invalidValue, at: r.value, path: r.path, found: "a pattern without a capture group",
                              expected: "a group holding the number, named after the metric: (?<\(metric ?? "name")>[0-9.]+)")
                return nil
            }
            return .regex(pattern)
        case (nil, let j?):
            return reader.nonEmptyString(j.value, path: j.path, expected: "a key (dotted for nested objects)")
                .map(MetricRule.Source.jsonKey)
        }
    }
}

/// Which capture group of a metric pattern holds the value (kept in step with the parser's choice).
enum WorkloadRegexGroups {
    static func valueGroup(_ pattern: String, metric: String) -> String {
        if pattern.contains("(?<\(metric)>") { return metric }
        if pattern.contains("(?<value>") { return "value" }
        return ""
    }
}
