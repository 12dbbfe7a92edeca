import Foundation

/// What a chart draws, already computed: SVG renderers map these values to pixels and nothing more.
public struct LineChartSpec: Sendable {
    public enum Scale: Sendable {
        case linear, log2, log10

        /// The value's position on the axis: itself, or its logarithm (non-positive values, which
        /// a log axis has no place for, sit at the bottom of the scale).
        public func position(_ value: Double) -> Double {
            switch self {
            case .linear: return value
            case .log2: return Foundation.log2(Swift.max(value, 1))
            case .log10: return value > 0 ? Foundation.log10(value) : -300
            }
        }

        /// A log y axis where the positive values span at least `decades` powers of ten, linear
        /// otherwise. busbw on 8×H200 runs from 0.01 GB/s at 2 KiB to 367 GB/s at 8 GiB: on a
        /// linear axis everything below ~512 KiB lies on the floor. Values nccl-tests printed as
        /// 0.00 have no place on a log axis; the table beside the chart keeps them.
        public static func forValues(_ values: [Double], decades: Double = 2) -> Scale {
            let positive = values.filter { $0 > 0 && $0.isFinite }
            guard let low = positive.min(), let high = positive.max() else { return .linear }
            return Foundation.log10(high / low) >= decades ? .log10 : .linear
        }
    }
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        /// Hover text of the point; nil draws no marker.
        public var title: String?
        /// Drawn with a red ring (a size below the baseline band).
        public var flagged: Bool
        public init(x: Double, y: Double, title: String? = nil, flagged: Bool = false) {
            self.x = x; self.y = y; self.title = title; self.flagged = flagged
        }
    }
    public struct Line: Sendable {
        public var name: String
        public var colorIndex: Int
        public var dashed: Bool
        public var points: [Point]
        public init(name: String, colorIndex: Int, dashed: Bool = false, points: [Point]) {
            self.name = name; self.colorIndex = colorIndex; self.dashed = dashed; self.points = points
        }
    }
    /// A filled area between two curves over the same x values (the tolerance band).
    public struct Band: Sendable {
        public var name: String
        public var colorIndex: Int
        public var x: [Double]
        public var lower: [Double]
        public var upper: [Double]
        public init(name: String, colorIndex: Int, x: [Double], lower: [Double], upper: [Double]) {
            self.name = name; self.colorIndex = colorIndex; self.x = x; self.lower = lower; self.upper = upper
        }
    }
    /// A shaded x range (a step while dmon sampled).
    public struct Span: Sendable {
        public var from: Double
        public var to: Double
        public var label: String
        public init(from: Double, to: Double, label: String) { self.from = from; self.to = to; self.label = label }
    }
    public struct Tick: Sendable {
        public var value: Double
        public var label: String
        public init(value: Double, label: String) { self.value = value; self.label = label }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    /// `.linear` (round ticks) or `.log10` (a tick per power of ten); values ≤ 0 are not drawn on a log axis.
    public var yScale: Scale = .linear
    /// Given ticks; the y axis picks its own round ones.
    public var xTicks: [Tick]
    public var lines: [Line]
    public var bands: [Band]
    public var spans: [Span]
    public var width: Int
    public var height: Int
    /// Start the y axis at zero (bandwidths, utilisation) rather than at the data's minimum.
    public var yFromZero: Bool
    /// Draw the legend row and the spans' names (charts stacked under a first one that has them
    /// leave both out: same colours, same steps).
    public var showLegend = true
    public var labelSpans = true

    public init(title: String, xLabel: String, yLabel: String, xScale: Scale, xTicks: [Tick], lines: [Line],
                bands: [Band] = [], spans: [Span] = [], width: Int = 1100, height: Int = 320, yFromZero: Bool = true) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.xScale = xScale; self.xTicks = xTicks
        self.lines = lines; self.bands = bands; self.spans = spans; self.width = width; self.height = height
        self.yFromZero = yFromZero
    }
}

public struct HeatmapSpec: Sendable {
    public struct Cell: Sendable {
        /// busbw relative to the fleet median (1 = median).
        public var ratio: Double
        /// nil: the cell shows its row's title.
        public var title: String?
        public init(ratio: Double, title: String?) { self.ratio = ratio; self.title = title }
    }
    public var title: String
    public var rowLabels: [String]
    /// Rows whose node failed the verdict's fleet check: drawn in red and outlined.
    public var failedRows: Set<Int> = []
    /// Hover text of a whole row, for cells without their own.
    public var rowTitles: [String] = []
    public var columnLabels: [String]
    /// Row-major; nil cells are left blank.
    public var cells: [[Cell?]]

    public init(title: String, rowLabels: [String], columnLabels: [String], cells: [[Cell?]]) {
        self.title = title; self.rowLabels = rowLabels; self.columnLabels = columnLabels; self.cells = cells
    }
}
