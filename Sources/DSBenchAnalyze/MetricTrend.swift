import DSBenchCore

/// `dsbench trend SUITE --metric NAME` for a workload metric: per completed run, the median of
/// the metric's values (per-step samples where stored, else the per-run rows, as a comparison
/// reads them: `MetricSamples`) over the chosen steps and nodes, with change points as for busbw.
extension Trend {
    public struct MetricSelection: Sendable {
        public var metric: String
        public var node: String?
        /// A step name (all its variants) or `name[variant]`.
        public var step: String?

        public init(metric: String, node: String? = nil, step: String? = nil) {
            self.metric = metric; self.node = node; self.step = step
        }

        func includes(_ series: MetricSeriesKey) -> Bool {
            (node == nil || series.node == node)
                && (step == nil || series.step == step || series.step.hasPrefix((step ?? "") + "["))
        }

        var words: String {
            let parts = [metric] + (step.map { ["step \($0)"] } ?? []) + [node.map { "node \($0)" } ?? "all nodes"]
            return parts.joined(separator: ", ")
        }
    }

    /// Runs (oldest first) and their metric rows in, trend out (`loadMetric` in DSBenchAnalysisStore reads them).
    public static func metric(runs: [AnalysisRun], rows: [StepMetricRow], selection: MetricSelection, suite: String,
                              options: ChangePoints.Options = ChangePoints.Options()) -> TrendReport {
        let byRun = Dictionary(grouping: rows.filter { $0.metric.name == selection.metric }, by: \.runID)
        var points: [TrendRunPoint] = []
        for run in runs {
            guard let runRows = byRun[run.id] else { continue }
            let values = MetricSamples.table(runRows, matchStepNames: true).values
                .filter { selection.includes($0.key) }.flatMap(\.values)
            if let value = Descriptive.median(values) {
                points.append(TrendRunPoint(runID: run.id, startedAt: run.startedAt, value: value, samples: values.count))
            }
        }
        let first = rows.first { $0.metric.name == selection.metric }?.metric
        return TrendReport(suite: suite, metric: selection.words,
                           direction: (first?.direction ?? .higher).improvement, points: points,
                           changePoints: ChangePoints.detect(points.map(\.value), options: options),
                           valueName: selection.metric, unit: first?.unit ?? "")
    }
}
