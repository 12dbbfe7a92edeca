/// Time series reduced to equal-time buckets for drawing. Each bucket keeps its minimum, mean
/// and maximum: the report draws each GPU's bucket means as its line and the minimum and maximum
/// over all GPUs as a band behind them. The band is the extreme-value half of M4 (Jugel et al.,
/// "M4: A Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014), so a
/// one-sample spike or dip still shows; the mean keeps each line readable when a bucket holds
/// minutes of samples (a line through raw min/max zigzags from floor to ceiling whenever load
/// alternates faster than a bucket). LTTB (Steinarsson, 2013) would keep shapes but can drop a
/// spike entirely.
public enum Downsample {
    public struct Bucket: Sendable, Equatable {
        /// Middle of the bucket's time range.
        public var t: Double
        public var min: Double
        public var mean: Double
        public var max: Double
        public var count: Int
    }

    /// Buckets of equal width over `from…to`; empty buckets are left out, points outside the
    /// range go to the first or last bucket.
    public static func buckets(_ points: [TimePoint], from: Double, to: Double, count: Int) -> [Bucket] {
        guard count > 0, to > from, !points.isEmpty else { return [] }
        let width = (to - from) / Double(count)
        var low = [Double](repeating: .infinity, count: count)
        var high = [Double](repeating: -.infinity, count: count)
        var sum = [Double](repeating: 0, count: count)
        var n = [Int](repeating: 0, count: count)
        for point in points where point.value.isFinite && point.t.isFinite {
            let index = Swift.min(count - 1, Swift.max(0, Int((point.t - from) / width)))
            low[index] = Swift.min(low[index], point.value)
            high[index] = Swift.max(high[index], point.value)
            sum[index] += point.value
            n[index] += 1
        }
        return (0..<count).compactMap { index in
            n[index] == 0 ? nil : Bucket(t: from + (Double(index) + 0.5) * width, min: low[index],
                                          mean: sum[index] / Double(n[index]), max: high[index], count: n[index])
        }
    }
}
