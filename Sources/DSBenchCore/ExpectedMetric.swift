/// What one GPU model is known to reach on a micro-benchmark metric (`gemm_tflops` of dtype bf16,
/// `copy_gbps`, …): the second table of the expected-performance catalogue, `expected_metrics`.
/// A workload metric matches an entry when its name is the entry's and it carries every one of the
/// entry's labels with the same value (other labels, such as `gpu` and `mode`, may be anything).
public struct ExpectedMetric: Sendable, Codable, Equatable {
    /// GPU model as nvidia-smi names it (`NVIDIA H200`), compared case-insensitively.
    public var gpuModel: String
    public var metric: String
    /// The labels a series must carry to be judged by this figure (`dtype: bf16`).
    public var labels: [String: String]
    public var value: Double
    public var unit: String
    /// Which way is better; a `lower` figure is judged as a ceiling.
    public var direction: MetricDirection
    /// Where the figure comes from, as one line (`measured: DATE, machine; command; reading`).
    public var source: String

    public init(gpuModel: String, metric: String, labels: [String: String] = [:], value: Double, unit: String,
                direction: MetricDirection = .higher, source: String) {
        self.gpuModel = gpuModel; self.metric = metric; self.labels = labels; self.value = value
        self.unit = unit; self.direction = direction; self.source = source
    }

    /// The shipped catalogue's valid entries (`ExpectedBusbwCatalogue.shipped.metrics`).
    public static var catalogue: [ExpectedMetric] { ExpectedBusbwCatalogue.shipped.metrics }

    /// Both judge the same series of the same GPU model; the figure and the source may differ.
    public func sameSeries(as other: ExpectedMetric) -> Bool {
        gpuModel.lowercased() == other.gpuModel.lowercased() && metric == other.metric && labels == other.labels
    }

    /// Whether a series of `name` with `seriesLabels` on a `model` GPU is judged by this figure.
    public func matches(model: String, name: String, seriesLabels: [String: String]) -> Bool {
        name == metric && model.lowercased() == gpuModel.lowercased()
            && labels.allSatisfy { seriesLabels[$0.key] == $0.value }
    }
}
