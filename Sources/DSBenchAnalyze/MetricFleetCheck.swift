import DSBenchCore

/// A node whose workload metric is far worse than its peers' in the same run, in the metric's
/// declared direction (`higher` or `lower` is better).
public struct MetricFleetOutlier: Sendable, Equatable {
    /// Step name (variant included), the same on every node.
    public var step: String
    /// `name{key=value,…}`: the metric with its labels (`step_ms{stat=median}`).
    public var metric: String
    public var unit: String
    public var direction: MetricDirection
    public var node: String
    public var value: Double
    public var peerMedian: Double
    /// Robust z of the node's value among the nodes (negative = lower).
    public var robustZ: Double
    /// (value − peerMedian) / peerMedian.
    public var change: Double
}

/// A metric group (step, metric with labels, unit) and the nodes that reported it.
public struct MetricFleetGroup: Sendable, Equatable {
    public var step: String
    public var metric: String
    public var unit: String
    public var nodes: [String]
    /// nil for a group that was not judged.
    public var peerMedian: Double?
}

/// What the metric fleet check judged and found.
public struct MetricFleetReport: Sendable, Equatable {
    public var outliers: [MetricFleetOutlier]
    public var judged: [MetricFleetGroup]
    /// Reported by fewer than `FleetCheck.minimumPeers` nodes.
    public var tooFewPeers: [MetricFleetGroup]
}

/// The fleet check for any metric of the `metrics` table (issue 4: "busbw (or any metric)"): per
/// step name, metric name and labels, the nodes' values are scored with `RobustZ` like busbw in
/// `FleetCheck`. A node is an outlier when it is on the bad side (below for `higher`, above for
/// `lower`) by more than the threshold AND by more than the metric's tolerance
/// (`RegressionPolicy.metricTolerance(metric:)`, the one a baseline comparison uses); the robust z
/// has the noise floor of the least noisy busbw band (`FleetCheck.noiseFloor(.bandwidth)`):
/// workload metrics are steady-state numbers.
/// Per-sample rows (label `sample`) are left out: a summary per node is what is compared.
public enum MetricFleetCheck {
    public struct Input: Sendable {
        public var stepName: String
        public var node: String
        public var metric: MetricValue
        public init(stepName: String, node: String, metric: MetricValue) {
            self.stepName = stepName; self.node = node; self.metric = metric
        }
    }

    struct GroupKey: Hashable, Comparable {
        /// `metric` is the name with its labels; `name` the bare name.
        var step: String, metric: String, name: String, unit: String, direction: String
        static func < (a: GroupKey, b: GroupKey) -> Bool { (a.step, a.metric, a.unit) < (b.step, b.metric, b.unit) }
    }

    public static func outliers(_ inputs: [Input], threshold: Double = RobustZ.defaultThreshold,
                                policy: RegressionPolicy = RegressionPolicy()) -> [MetricFleetOutlier] {
        report(inputs, threshold: threshold, policy: policy).outliers
    }

    public static func report(_ inputs: [Input], threshold: Double = RobustZ.defaultThreshold,
                              policy: RegressionPolicy = RegressionPolicy()) -> MetricFleetReport {
        var groups: [GroupKey: [String: [Double]]] = [:]
        for input in inputs where input.metric.labels["sample"] == nil && input.metric.value.isFinite {
            let key = GroupKey(step: input.stepName, metric: name(input.metric), name: input.metric.name, unit: input.metric.unit,
                               direction: input.metric.direction.rawValue)
            groups[key, default: [:]][input.node, default: []].append(input.metric.value)
        }
        var report = MetricFleetReport(outliers: [], judged: [], tooFewPeers: [])
        for (key, byNode) in groups.sorted(by: { $0.key < $1.key }) {
            let nodes = byNode.keys.sorted()
            var group = MetricFleetGroup(step: key.step, metric: key.metric, unit: key.unit, nodes: nodes, peerMedian: nil)
            let values = nodes.compactMap { byNode[$0].flatMap(Descriptive.median) }
            guard nodes.count >= FleetCheck.minimumPeers, values.count == nodes.count,
                  let center = Descriptive.median(values) else {
                report.tooFewPeers.append(group); continue
            }
            group.peerMedian = center
            report.judged.append(group)
            let direction = MetricDirection(rawValue: key.direction) ?? .higher
            let tolerance = policy.metricTolerance(metric: key.name)
            let scores = RobustZ.scores(values, noiseFloor: FleetCheck.noiseFloor(.bandwidth))
            for (node, (value, score)) in zip(nodes, zip(values, scores)) {
                guard let score, let change = Descriptive.relativeChange(from: center, to: value) else { continue }
                let worse = direction == .higher ? (score <= -threshold && -change > tolerance)
                                                 : (score >= threshold && change > tolerance)
                if worse {
                    report.outliers.append(MetricFleetOutlier(
                        step: key.step, metric: key.metric, unit: key.unit, direction: direction,
                        node: node, value: value, peerMedian: center, robustZ: score, change: change))
                }
            }
        }
        return report
    }

    /// The metrics of a run, with their steps' names and nodes.
    public static func inputs(_ rows: [StepMetricRow]) -> [Input] {
        rows.map { Input(stepName: $0.step, node: $0.node, metric: $0.metric) }
    }

    public static func findings(_ outliers: [MetricFleetOutlier], threshold: Double) -> [Finding] {
        outliers.map { o in
            let unit = o.unit.isEmpty ? "" : " " + o.unit
            return Finding(
                rule: "fleet.metric_outlier", severity: .warning, node: o.node, step: o.step,
                message: "\(o.node) is a fleet outlier: \(o.step) \(o.metric) \(Format.number(o.value))\(unit) against a peer "
                    + "median of \(Format.number(o.peerMedian))\(unit) (\(Format.percent(o.change)), \(o.direction.rawValue) is "
                    + "better, robust z \(Format.number(o.robustZ)) beyond ±\(Format.number(threshold)))",
                evidence: "metric \(o.metric) of step \(o.step), median/MAD robust z over the nodes' values",
                observed: o.value, expected: o.peerMedian)
        }
    }

    static func name(_ metric: MetricValue) -> String {
        MetricSeriesKey(step: "", node: "", metric: metric.name, labels: metric.labels).metricWithLabels
    }
}
