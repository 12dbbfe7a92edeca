import DSBenchCore

/// The busbw figures the monitoring export publishes, made here so that the exporter only
/// labels them: per-size medians of a node's rows, their medians per size band, and a node's
/// curve against the fleet's.
public enum BusbwCurveFigures {
    /// (size, median busbw) in ascending size: a curve.
    public typealias Curve = [(size: Int64, busbw: Double)]

    /// Rows in any order → per size the median, in ascending size.
    public static func curve(_ rows: [(size: Int64, busbw: Double)]) -> Curve {
        let sorted = rows.sorted { $0.size < $1.size }
        var curve: Curve = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end < sorted.count && sorted[end].size == sorted[start].size { end += 1 }
            if let median = Descriptive.median(sorted[start..<end].map(\.busbw)) { curve.append((sorted[start].size, median)) }
            start = end
        }
        return curve
    }

    /// Per band with a measured size, the median of the curve's values in it.
    public static func bandMedians(_ curve: Curve) -> [(SizeBand, Double)] {
        SizeBand.allCases.compactMap { band in
            Descriptive.median(curve.filter { SizeBand.of(size: $0.size) == band }.map(\.busbw)).map { (band, $0) }
        }
    }

    /// Per node (in name order), the band medians of its curve divided by the fleet median at each
    /// size (the report's heatmap); nothing for a series measured on one node.
    public static func fleetRatioBands(_ rowsByNode: [String: [(size: Int64, busbw: Double)]])
        -> [(node: String, bands: [(SizeBand, Double)])] {
        guard rowsByNode.count > 1 else { return [] }
        let nodeCurves = rowsByNode.mapValues(curve)
        var atSize: [Int64: [Double]] = [:]
        for curve in nodeCurves.values { for point in curve { atSize[point.size, default: []].append(point.busbw) } }
        let fleetMedian = atSize.compactMapValues(Descriptive.median)
        return nodeCurves.keys.sorted().map { node in
            let ratios: Curve = (nodeCurves[node] ?? []).compactMap { point in
                guard let median = fleetMedian[point.size], median > 0 else { return nil }
                return (point.size, point.busbw / median)
            }
            return (node, bandMedians(ratios))
        }
    }
}
