import DSBenchCore

/// How far a busbw may move from its baseline before the report calls it a change, by message
/// size band. Built from the regression module's `BandTolerances` (the `RegressionPolicy`
/// defaults, with a suite's `regression:` overrides) and its `SizeBand` boundaries, so the report
/// and `dsbench compare`/`check` never disagree about what counts as a change.
public struct ToleranceBands: Sendable, Equatable {
    public struct Band: Sendable, Equatable {
        public var name: String
        /// Inclusive upper size bound in bytes; nil for the last band.
        public var maxBytes: Int64?
        /// Allowed relative change, 0.05 = 5 %.
        public var tolerance: Double
        /// `tolerance` in percent, as the report states it.
        public var tolerancePercent: Double { tolerance * 100 }

        public init(name: String, maxBytes: Int64?, tolerance: Double) {
            self.name = name; self.maxBytes = maxBytes; self.tolerance = tolerance
        }
    }

    /// Ordered by `maxBytes`; the last band has none.
    public var bands: [Band]

    public init(bands: [Band]) { self.bands = bands }

    /// The bands of `SizeBand` with the given tolerances.
    public init(_ tolerances: BandTolerances) {
        bands = [
            Band(name: "latency (≤ 4 MiB)", maxBytes: SizeBand.latencyMaxBytes, tolerance: tolerances.latency),
            Band(name: "mid (4–64 MiB)", maxBytes: SizeBand.bandwidthMinBytes - 1, tolerance: tolerances.mid),
            Band(name: "bandwidth (≥ 64 MiB)", maxBytes: nil, tolerance: tolerances.bandwidth),
        ]
    }

    /// The regression module's default tolerances (`BandTolerances.defaults`).
    public static let `default` = ToleranceBands(BandTolerances.defaults)

    public func band(for size: Int64) -> Band {
        for band in bands {
            guard let max = band.maxBytes else { return band }
            if size <= max { return band }
        }
        return bands.last ?? Band(name: "all", maxBytes: nil, tolerance: 0.05)
    }
}
