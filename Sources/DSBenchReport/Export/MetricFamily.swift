/// The metrics of one run, as families ready to format: names, help, units and label sets are
/// settled (`MonitoringMetrics.families`), so the Prometheus and OpenMetrics exporters only write.
public struct MetricsModel: Sendable {
    public var families: [MetricFamily]

    public init(families: [MetricFamily]) { self.families = families }

    /// Every sample name, as Prometheus stores it (`dsbench_info`, not the OpenMetrics family `dsbench`).
    public var names: [String] { families.map(\.name) }
}

public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case gauge
        /// `NAME_info{…} 1`: a gauge in the Prometheus text format, an info family in OpenMetrics.
        case info
    }

    /// The sample name (ends in `_info` for `.info`).
    public var name: String
    public var help: String
    public var kind: Kind
    /// OpenMetrics `# UNIT`, a suffix of `name` (`seconds`, `bytes_per_second`, `ratio`); nil: none.
    public var unit: String?
    public var samples: [MetricSample]

    public init(name: String, help: String, kind: Kind = .gauge, unit: String? = nil, samples: [MetricSample]) {
        self.name = name; self.help = help; self.kind = kind; self.unit = unit; self.samples = samples
    }
}

public struct MetricSample: Sendable, Equatable {
    /// In the order written; labels with an empty value are left out (Prometheus reads them as absent).
    public var labels: [Label]
    public var value: Double

    public init(_ labels: [Label], _ value: Double) { self.labels = labels; self.value = value }

    public struct Label: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }
}
