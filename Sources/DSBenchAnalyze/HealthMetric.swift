import DSBenchCore
import DSBenchStore

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
    /// The run's metrics whose name some figure in `catalogue` judges; summaries other than the
    /// last value (`stat: median`, …) are kept too: a figure's labels say which it applies to.
    static func expectedMetrics(_ detail: RunDetail, store: Store, catalogue: [ExpectedMetric]) throws -> [HealthMetric] {
        let names = Set(catalogue.map(\.metric))
        guard !names.isEmpty else { return [] }
        let steps = Dictionary(detail.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var metrics: [HealthMetric] = []
        for name in names.sorted() {
            for stored in try store.metrics(runID: detail.run.id, name: name) {
                guard let stepID = stored.stepID, let step = steps[stepID] else { continue }
                metrics.append(HealthMetric(stepKey: step.key, node: stored.node ?? step.node, metric: stored.metric))
            }
        }
        return metrics
    }
}
