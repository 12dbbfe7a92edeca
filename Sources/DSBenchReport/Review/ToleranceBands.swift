/// How far a busbw may move from its baseline before the report calls it a change, by message
/// size band. The defaults are the band tolerances of DESIGN.md's regression rules (noise
/// between identical 8×H200 runs: ≤ 2 % at ≥ 64 MiB, up to ~67 % at ≤ 4 MiB). This is the one
/// place the report takes them from: swap `ToleranceBands.default` for the comparison
/// module's bands once it exists.
public struct ToleranceBands: Sendable, Equatable {
    public struct Band: Sendable, Equatable {
        public var name: String
        /// Inclusive upper size bound in bytes; nil for the last band.
        public var maxBytes: Int64?
        /// Allowed relative change, 0.05 = 5 %.
        public var tolerance: Double

        public init(name: String, maxBytes: Int64?, tolerance: Double) {
            self.name = name; self.maxBytes = maxBytes; self.tolerance = tolerance
        }
    }

    /// Ordered by `maxBytes`; the last band has none.
    public var bands: [Band]

    public init(bands: [Band]) { self.bands = bands }

    public static let `default` = ToleranceBands(bands: [
        Band(name: "latency (≤ 4 MiB)", maxBytes: 4 << 20, tolerance: 0.70),
        Band(name: "mid (4–64 MiB)", maxBytes: (64 << 20) - 1, tolerance: 0.15),
        Band(name: "bandwidth (≥ 64 MiB)", maxBytes: nil, tolerance: 0.05),
    ])

    public func band(for size: Int64) -> Band {
        for band in bands {
            guard let max = band.maxBytes else { return band }
            if size <= max { return band }
        }
        return bands.last ?? Band(name: "all", maxBytes: nil, tolerance: 0.05)
    }
}
