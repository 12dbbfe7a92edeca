import DSBenchCore

// What the report shows of nccl-tests busbw, decided here so that DSBenchReport only formats it:
// per-size medians, the baseline's band and each point's status, the fleet ratios.

/// One collective (`all_reduce`, …): a busbw-vs-size curve per series.
public struct CollectiveReport: Sendable {
    public var collective: String
    public var series: [BusbwSeries]
}

/// The measurements of one planned step (name and variant) of one collective, all its nodes and
/// repeats together: the curve is the per-size median of their out-of-place busbw.
public struct BusbwSeries: Sendable {
    /// `name` or `name[variant]`.
    public var key: String
    public var collective: String
    public var ranks: Int?
    public var nodes: [String]
    /// Steps whose rows make the curve.
    public var stepCount: Int
    public var points: [BusbwPoint]
    /// Indices into `points` of the sizes the Markdown summary names.
    public var keyPointIndices: [Int]
    /// How the baseline was matched (`same step`, `same collective and ranks`), nil without one.
    public var baselineMatch: String?
}

public struct BusbwPoint: Sendable {
    public enum Status: String, Sendable {
        /// No baseline at this size.
        case noBaseline = "no-baseline"
        case within, below, above
    }
    public var size: Int64
    public var sizeLabel: String
    /// Median out-of-place busbw (GB/s) of every row at this size.
    public var busbw: Double
    /// How many rows the median is over.
    public var samples: Int
    /// Median out-of-place time (µs) of the same rows: what a small message costs.
    public var timeUs: Double? = nil
    public var baseline: Double?
    public var lower: Double?
    public var upper: Double?
    public var deltaPercent: Double?
    /// The band's tolerance at this size, in percent.
    public var tolerancePercent: Double
    public var status: Status
}

/// Node × size, each cell the node's median busbw relative to the fleet median at that size.
public struct FleetHeatmap: Sendable {
    public var seriesKey: String
    public var collective: String
    public var nodes: [String]
    public var sizes: [Int64]
    public var sizeLabels: [String]
    /// Node-major: `cells[node][size]`, nil where the node has no row at that size.
    public var cells: [[HeatCell?]]
    /// Nodes the verdict's fleet check failed for this series.
    public var failedNodes: [String]
}

public struct HeatCell: Sendable {
    /// How far from the fleet median a cell may be and still read as the fleet's (10 %): a large
    /// heatmap names only the cells beyond it.
    public static let nearFleetMedianFraction = 0.1

    public var busbw: Double
    public var fleetMedian: Double
    /// busbw / fleetMedian.
    public var ratio: Double
    /// Within `nearFleetMedianFraction` of the fleet median.
    public var nearFleetMedian: Bool

    public init(busbw: Double, fleetMedian: Double) {
        self.busbw = busbw; self.fleetMedian = fleetMedian
        ratio = busbw / fleetMedian
        nearFleetMedian = abs(ratio - 1) < Self.nearFleetMedianFraction
    }
}
