import DSBenchCore

/// How a size or a band was judged.
public enum ComparisonVerdict: String, Sendable, Codable {
    case ok
    case improvement
    case regression
    /// Worse than the tolerance but the test says it may be noise (p ≥ α).
    case notSignificant = "not-significant"
    /// The baseline value is zero or missing: no relative change exists.
    case notComparable = "not-comparable"
}

/// What a verdict rests on.
public enum ComparisonBasis: String, Sendable, Codable {
    /// Worse than the tolerance and Mann–Whitney p < α.
    case toleranceAndTest = "tolerance+mann-whitney"
    /// Too few samples for the test to ever reach α: the tolerance alone decided.
    case toleranceOnlyInsufficientSamples = "tolerance only (insufficient samples)"
}

/// Two sets of samples of one quantity compared (`Comparison.compareSamples`): what a size of a
/// busbw curve and a workload metric series share.
public struct SampleComparison: Sendable, Equatable {
    public var tolerance: Double
    public var baselineSamples: Int
    public var candidateSamples: Int
    public var baselineMedian: Double?
    public var candidateMedian: Double?
    /// (candidate − baseline) / baseline of the medians; nil when not comparable.
    public var change: Double?
    /// One-sided Mann–Whitney (candidate worse than baseline); nil with insufficient samples.
    public var test: MannWhitney.Result?
    public var basis: ComparisonBasis
    public var verdict: ComparisonVerdict

    public init(tolerance: Double, baselineSamples: Int, candidateSamples: Int, baselineMedian: Double?,
                candidateMedian: Double?, change: Double?, test: MannWhitney.Result?, basis: ComparisonBasis,
                verdict: ComparisonVerdict) {
        self.tolerance = tolerance; self.baselineSamples = baselineSamples; self.candidateSamples = candidateSamples
        self.baselineMedian = baselineMedian; self.candidateMedian = candidateMedian; self.change = change
        self.test = test; self.basis = basis; self.verdict = verdict
    }
}

public struct SizeComparison: Sendable, Equatable {
    public var size: Int64
    public var band: SizeBand
    public var tolerance: Double
    public var baselineSamples: Int
    public var candidateSamples: Int
    public var baselineMedian: Double?
    public var candidateMedian: Double?
    /// (candidate − baseline) / baseline of the medians; nil when not comparable.
    public var change: Double?
    /// One-sided Mann–Whitney (candidate worse than baseline); nil with insufficient samples.
    public var test: MannWhitney.Result?
    public var basis: ComparisonBasis
    public var verdict: ComparisonVerdict
    /// Which samples were compared.
    public var samples: SampleKind = .runMeans

    /// The basis with the samples it used: `tolerance+mann-whitney (per-iteration, n=20 vs 40)`.
    public var basisDetail: String {
        "\(basis.rawValue) (\(samples.rawValue), n=\(candidateSamples) vs \(baselineSamples))"
    }
}

public struct BandSummary: Sendable, Equatable {
    public var band: SizeBand
    public var tolerance: Double
    /// Sizes present on both sides.
    public var compared: Int
    public var regressed: Int
    /// Median of the per-size changes.
    public var medianChange: Double?
    /// The most negative change (for higher-is-better) and where.
    public var worstChange: Double?
    public var worstSize: Int64?
    public var basis: ComparisonBasis
    /// `regression` when any size of the band is one.
    public var verdict: ComparisonVerdict
    /// `mixed` when its sizes did not all compare the same kind of samples.
    public var samples: SampleKind = .runMeans
    /// Sample counts of each compared size (candidate, baseline).
    public var candidateSamples: [Int] = []
    public var baselineSamples: [Int] = []

    /// The basis with the samples it used: `tolerance+mann-whitney (per-iteration, n=20 vs 40)`;
    /// counts as a range where the sizes differ.
    public var basisDetail: String {
        "\(basis.rawValue) (\(samples.rawValue), n=\(Self.range(candidateSamples)) vs \(Self.range(baselineSamples)))"
    }

    static func range(_ counts: [Int]) -> String {
        guard let low = counts.min(), let high = counts.max() else { return "0" }
        return low == high ? "\(low)" : "\(low)–\(high)"
    }
}

public struct SeriesComparison: Sendable, Equatable {
    public var key: SeriesKey
    public var metric: String
    public var direction: ImprovementDirection
    /// By size.
    public var sizes: [SizeComparison]
    /// Bands with at least one compared size, in band order.
    public var bands: [BandSummary]
    /// Sizes only one side measured.
    public var unmatchedSizes: [Int64]

    public var isRegression: Bool { bands.contains { $0.verdict == .regression } }
}

/// Everything one comparison decided, for the CLI, the JSON/JUnit writers and the store.
public struct ComparisonReport: Sendable {
    public var candidateRunID: Int64
    public var baselineRunIDs: [Int64]
    /// The baseline as the user named it (`nightly-ref`, `12`, `auto`).
    public var baselineLabel: String
    public var alpha: Double
    public var series: [SeriesComparison]
    /// Candidate series with no counterpart in the baseline.
    public var unmatchedSeries: [SeriesKey]
    /// Correctness problems of the candidate (always critical).
    public var correctness: [Finding]
    /// What changed between the baseline's and the candidate's environment.
    public var environmentChanges: [EnvironmentChange]

    public var hasRegression: Bool { series.contains(where: \.isRegression) }
    public var hasCritical: Bool { !correctness.isEmpty }
    /// Something to act on: exit status 1.
    public var failed: Bool { hasRegression || hasCritical }
}
