import DSBenchCore

/// Identity of a workload-metric series across runs: step (name[variant]), node, metric name and
/// the labels that tell its rows apart (`device: 0`), the per-sample `sample` label left out.
///
/// The step name takes part only when both sides ran a suite (as in `SeriesKey`): an ingested
/// trace's step is named after its file, which differs between two captures of the same job.
public struct MetricSeriesKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var step: String
    public var node: String
    public var metric: String
    public var labels: [String: String]

    public init(step: String, node: String, metric: String, labels: [String: String] = [:]) {
        self.step = step; self.node = node; self.metric = metric; self.labels = labels
    }

    /// `step_ms`, `trace.overlap_pct{device=0}`.
    public var metricWithLabels: String {
        guard !labels.isEmpty else { return metric }
        return metric + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
    }

    /// `tiny-ddp on local: step_ms`.
    public var description: String {
        (step.isEmpty ? "" : step + " ") + "on \(node): \(metricWithLabels)"
    }

    public static func < (a: MetricSeriesKey, b: MetricSeriesKey) -> Bool {
        (a.step, a.node, a.metricWithLabels) < (b.step, b.node, b.metricWithLabels)
    }
}

/// What one value of a metric series stands for.
public enum MetricSampleKind: String, Sendable, Codable {
    /// One value per workload step (the `sample` rows a declared metric stores for each kept step).
    case perStep = "per-step"
    /// One value per run and step (a trace metric, or a summary stored without its samples).
    case perRun = "per-run"
}

/// The values of each workload-metric series of some runs, pooled over runs and repeats.
public enum MetricSamples {
    public struct Series: Sendable, Equatable {
        public var key: MetricSeriesKey
        public var unit: String
        public var direction: MetricDirection
        public var kind: MetricSampleKind
        public var values: [Double]
    }

    /// Whether a comparison judges a metric: every declared workload metric, and of the trace
    /// metrics those `TorchTraceReport.judgedMetricNames` lists; of the profiler metrics, all but
    /// `ProfileMetrics.descriptiveNames`.
    public static func isJudged(_ name: String) -> Bool {
        (!name.hasPrefix("trace.") || TorchTraceReport.judgedMetricNames.contains(name))
            && !ProfileMetrics.descriptiveNames.contains(name)
    }

    /// Per series: a declared metric's per-step samples (label `sample`), else the row itself
    /// (one value per run). Summary rows (`stat: median`, …) are summaries of those same samples
    /// and are left out where the samples are there: they would judge one slowdown several times.
    public static func table(_ rows: [StepMetricRow], matchStepNames: Bool) -> [MetricSeriesKey: Series] {
        func base(_ row: StepMetricRow) -> MetricSeriesKey {
            MetricSeriesKey(step: matchStepNames ? row.step : "", node: row.node, metric: row.metric.name)
        }
        let sampled = Set(rows.filter { $0.metric.labels["sample"] != nil }.map(base))
        var table: [MetricSeriesKey: Series] = [:]
        for row in rows where row.metric.value.isFinite {
            var key = base(row)
            let isSample = row.metric.labels["sample"] != nil
            if !isSample && row.metric.labels["stat"] != nil && sampled.contains(key) { continue }
            key.labels = row.metric.labels.filter { $0.key != "sample" }
            table[key, default: Series(key: key, unit: row.metric.unit, direction: row.metric.direction,
                                       kind: isSample ? .perStep : .perRun, values: [])].values.append(row.metric.value)
        }
        return table
    }
}

extension MetricDirection {
    /// The comparison's name for the same direction.
    public var improvement: ImprovementDirection { self == .higher ? .higherIsBetter : .lowerIsBetter }
}
