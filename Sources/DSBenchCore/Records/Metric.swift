/// Whether a bigger value of a metric is better (throughput) or worse (step time). Declared by the
/// suite, never guessed from the name.
public enum MetricDirection: String, Sendable, Codable, CaseIterable {
    case higher, lower
}

/// One row of the generic `metrics` table: a workload number, a summary of samples or a number
/// derived from a profiler trace. `labels` tell series apart (`stat: median`, `device: 0`, …).
public struct MetricValue: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String
    public var direction: MetricDirection
    public var labels: [String: String]

    public init(name: String, value: Double, unit: String, direction: MetricDirection,
                labels: [String: String] = [:]) {
        self.name = name; self.value = value; self.unit = unit; self.direction = direction; self.labels = labels
    }
}
