/// How a workload step's output becomes metrics, declared in the suite. Travels with the planned
/// command (and is stored with the step) so that a re-parse extracts exactly what the run did.
public struct WorkloadSpec: Sendable, Codable, Equatable {
    public var metrics: [MetricRule]
    /// Path on the node of a PyTorch profiler Chrome trace (`.json` or `.json.gz`) the workload writes.
    public var tracePath: String?

    public init(metrics: [MetricRule] = [], tracePath: String? = nil) {
        self.metrics = metrics; self.tracePath = tracePath
    }

    /// A trace path names a Chrome trace file: `NAME.json` or `NAME.json.gz`.
    public static func isTracePath(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return (name.hasSuffix(".json") && name.count > 5) || (name.hasSuffix(".json.gz") && name.count > 8)
    }
}

/// One metric taken from a workload's output, one sample per matching line.
public struct MetricRule: Sendable, Codable, Equatable {
    public enum Source: Sendable, Codable, Equatable {
        /// A regular expression applied to each line; the value is the capture group named after
        /// the metric (or `value`).
        case regex(String)
        /// Lines that are JSON objects; the value is the number under this key.
        case jsonKey(String)
    }

    public enum Summary: String, Sendable, Codable, CaseIterable {
        case median, p10, p90, last, mean, min, max
    }

    public var name: String
    public var source: Source
    public var unit: String
    public var direction: MetricDirection
    /// Leading samples dropped before summarising (warm-up steps).
    public var warmup: Int
    public var summaries: [Summary]
    /// `json:` rules only: keys of the same JSON line whose values label the sample
    /// (`labels: [gpu, dtype]`), one series per distinct set. nil: no labels (and in specs stored
    /// before labels existed).
    public var labels: [String]?

    public static let defaultSummaries: [Summary] = [.median, .p10, .p90, .last]

    public init(name: String, source: Source, unit: String = "", direction: MetricDirection,
                warmup: Int = 0, summaries: [Summary] = MetricRule.defaultSummaries, labels: [String]? = nil) {
        self.name = name; self.source = source; self.unit = unit; self.direction = direction
        self.warmup = warmup; self.summaries = summaries; self.labels = labels
    }
}
