/// Message-size bands of an nccl-tests sweep, each judged with its own tolerance because their
/// noise differs by two orders of magnitude (docs/regressions.md has the measurements).
public enum SizeBand: String, Sendable, Codable, CaseIterable, Comparable {
    /// ≤ 4 MiB: time is dominated by launch and synchronisation latency.
    case latency
    /// Between the two.
    case mid
    /// ≥ 64 MiB: time is dominated by link bandwidth.
    case bandwidth

    public static let latencyMaxBytes: Int64 = 4 << 20
    public static let bandwidthMinBytes: Int64 = 64 << 20

    public static func of(size: Int64) -> SizeBand {
        if size <= latencyMaxBytes { return .latency }
        if size >= bandwidthMinBytes { return .bandwidth }
        return .mid
    }

    public var range: String {
        switch self {
        case .latency: return "≤ 4 MiB"
        case .mid: return "> 4 MiB, < 64 MiB"
        case .bandwidth: return "≥ 64 MiB"
        }
    }

    private var rank: Int {
        switch self {
        case .latency: return 0
        case .mid: return 1
        case .bandwidth: return 2
        }
    }

    public static func < (a: SizeBand, b: SizeBand) -> Bool { a.rank < b.rank }
}

/// Allowed relative worsening per band (0.05 = 5 %), before a change can be a regression.
public struct BandTolerances: Sendable, Equatable, Codable {
    public var latency: Double
    public var mid: Double
    public var bandwidth: Double

    /// From the noise between identical all_reduce runs on 8×H200 (docs/regressions.md): busbw of
    /// the slowest repeat is up to 44 % below the fastest at ≤ 4 MiB, 18 % at 8–32 MiB, 1 % at ≥ 64 MiB.
    public static let defaults = BandTolerances(latency: 0.60, mid: 0.25, bandwidth: 0.05)

    public init(latency: Double, mid: Double, bandwidth: Double) {
        self.latency = latency; self.mid = mid; self.bandwidth = bandwidth
    }

    public subscript(band: SizeBand) -> Double {
        switch band {
        case .latency: return latency
        case .mid: return mid
        case .bandwidth: return bandwidth
        }
    }

    public func overriding(with overrides: ToleranceOverrides?) -> BandTolerances {
        guard let overrides else { return self }
        return BandTolerances(latency: overrides.latency ?? latency, mid: overrides.mid ?? mid,
                              bandwidth: overrides.bandwidth ?? bandwidth)
    }
}

/// Tolerances a suite or a step sets; nil keeps the value from the level above.
public struct ToleranceOverrides: Sendable, Equatable, Codable {
    public var latency: Double?
    public var mid: Double?
    public var bandwidth: Double?

    public init(latency: Double? = nil, mid: Double? = nil, bandwidth: Double? = nil) {
        self.latency = latency; self.mid = mid; self.bandwidth = bandwidth
    }

    public var isEmpty: Bool { latency == nil && mid == nil && bandwidth == nil }
}

/// The `regression:` block of a suite: which baseline it is judged against and how strictly.
public struct RegressionPolicy: Sendable, Equatable, Codable {
    /// Baseline name, or `auto` (median of the last `autoRuns` completed runs of the suite).
    public var baseline: String?
    public var tolerances: ToleranceOverrides
    /// Per step name.
    public var stepTolerances: [String: ToleranceOverrides]
    /// Robust z-score below which a node is a fleet outlier (default 3.5).
    public var fleetThreshold: Double?
    /// Significance level of the Mann–Whitney test (default 0.05).
    public var alpha: Double?
    /// Runs in an `auto` baseline (default 5).
    public var autoRuns: Int?
    /// Allowed relative worsening of a workload metric (`metric_tolerance`); nil: the default.
    public var metricTolerance: Double?
    /// Per metric name (`metric_tolerances: {step_ms: 5%}`); wins over `metricTolerance`.
    public var metricTolerances: [String: Double]

    /// Workload metrics: above the run-to-run noise of the real captures. The 2×H200 tiny DDP job
    /// (35 kept steps of ~5 ms, profiler on steps 10–14) has split-half medians 11.1 % (step_ms)
    /// and 12.5 % (samples/s) apart, Mann–Whitney p = 0.02, so 10 % would flag that job against
    /// itself; the 8×H200 DDP step (25 kept steps of ~31.5 ms) differs by 0.5 %. docs/regressions.md.
    public static let defaultMetricTolerance = 0.15

    public init(baseline: String? = nil, tolerances: ToleranceOverrides = .init(),
                stepTolerances: [String: ToleranceOverrides] = [:], fleetThreshold: Double? = nil,
                alpha: Double? = nil, autoRuns: Int? = nil, metricTolerance: Double? = nil,
                metricTolerances: [String: Double] = [:]) {
        self.baseline = baseline; self.tolerances = tolerances; self.stepTolerances = stepTolerances
        self.fleetThreshold = fleetThreshold; self.alpha = alpha; self.autoRuns = autoRuns
        self.metricTolerance = metricTolerance; self.metricTolerances = metricTolerances
    }

    /// Tolerance of a workload metric: the metric's own, then the suite's, then the default.
    public func metricTolerance(metric name: String) -> Double {
        metricTolerances[name] ?? metricTolerance ?? Self.defaultMetricTolerance
    }

    /// Tolerances for a step: defaults, then the suite's, then the step's.
    public func tolerances(step: String?) -> BandTolerances {
        BandTolerances.defaults.overriding(with: tolerances).overriding(with: step.flatMap { stepTolerances[$0] })
    }
}
