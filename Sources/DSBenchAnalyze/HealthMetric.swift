import DSBenchCore

/// One workload metric series value that the catalogue has a figure for (GEMM TFLOP/s, memory
/// GB/s): what `metric.below_expected` judges. The GPU it ran on is its `gpu` label where the
/// workload gives one.
public struct HealthMetric: Sendable, Equatable {
    public var stepKey: String
    public var node: String
    public var metric: MetricValue

    public init(stepKey: String, node: String, metric: MetricValue) {
        self.stepKey = stepKey; self.node = node; self.metric = metric
    }

    /// The `gpu` label as a device index, if the series has one.
    public var gpu: Int? { metric.labels["gpu"].flatMap { Int($0) } }
}

extension HealthInputLoader {
    /// The metric names some figure in `catalogue` judges, sorted: the ones `expectedMetrics` is given.
    public static func expectedMetricNames(_ catalogue: [ExpectedMetric]) -> [String] {
        Set(catalogue.map(\.metric)).sorted()
    }

    /// The run's metrics (of `expectedMetricNames`) that belong to one of its steps; summaries other
    /// than the last value (`stat: median`, …) are kept too: a figure's labels say which it applies to.
    public static func expectedMetrics(_ stored: [StoredMetric], detail: RunDetail) -> [HealthMetric] {
        let steps = Dictionary(detail.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return stored.compactMap { stored in
            guard let stepID = stored.stepID, let step = steps[stepID] else { return nil }
            return HealthMetric(stepKey: step.key, node: stored.node ?? step.node, metric: stored.metric)
        }
    }
}
