/// Reduces a time series to at most `2 × buckets` points by keeping the minimum and the maximum
/// of each equal-time bucket, in time order. This is the min/max half of M4 (Jugel et al.,
/// "M4: A Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014): a line
/// drawn through the kept points has the same vertical extent in every pixel column as one
/// drawn through all of them, so spikes and dips survive while 3600 samples become a few
/// hundred. LTTB (Steinarsson, 2013) keeps shapes too but can drop a one-sample spike.
public enum Downsample {
    public static func minMax(_ points: [TimePoint], buckets: Int) -> [TimePoint] {
        guard buckets > 0, points.count > 2 * buckets, let first = points.first, let last = points.last else {
            return points
        }
        let span = last.t - first.t
        guard span > 0 else { return points }
        var out: [TimePoint] = []
        out.reserveCapacity(2 * buckets)
        var bucket = 0
        var low: TimePoint? = nil
        var high: TimePoint? = nil
        func flush() {
            guard let lo = low, let hi = high else { return }
            if lo.t == hi.t && lo.value == hi.value { out.append(lo) }
            else if lo.t <= hi.t { out.append(lo); out.append(hi) }
            else { out.append(hi); out.append(lo) }
        }
        for point in points {
            let index = min(buckets - 1, Int((point.t - first.t) / span * Double(buckets)))
            if index != bucket {
                flush()
                low = nil; high = nil
                bucket = index
            }
            if point.value < (low?.value ?? .infinity) { low = point }
            if point.value > (high?.value ?? -.infinity) { high = point }
        }
        flush()
        return out
    }
}
