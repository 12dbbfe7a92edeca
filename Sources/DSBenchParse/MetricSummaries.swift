import DSBenchCore

/// Summary statistics of metric samples. Percentiles interpolate linearly between order
/// statistics (rank p·(n−1), the common "linear" definition), so p50 is the median.
public enum MetricSummaries {
    public static func value(_ summary: MetricRule.Summary, of samples: [Double]) -> Double? {
        guard !samples.isEmpty else { return nil }
        switch summary {
        case .last: return samples.last
        case .mean: return samples.reduce(0, +) / Double(samples.count)
        case .min: return samples.min()
        case .max: return samples.max()
        case .median: return percentile(0.5, of: samples.sorted())
        case .p10: return percentile(0.1, of: samples.sorted())
        case .p90: return percentile(0.9, of: samples.sorted())
        }
    }

    /// `sorted` must be sorted ascending and non-empty.
    static func percentile(_ p: Double, of sorted: [Double]) -> Double {
        let rank = p * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
