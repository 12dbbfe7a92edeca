import DSBenchAnalyze
import Foundation

/// A run's verdict with the numbers behind it, for the renderers.
public struct Judgement: Sendable {
    public var verdict: Verdict
    /// The busbw comparison (band tables); nil without a baseline.
    public var comparison: ComparisonReport?
    /// The workload-metric comparison against the same baseline runs; nil without a baseline.
    public var metrics: MetricComparisonReport?
    /// Whether it was read back from the store rather than made now.
    public var stored: Bool
    /// The command that judged, and when (stored verdicts).
    public var judgedBy: String?
    public var judgedAt: Date?

    public init(verdict: Verdict, comparison: ComparisonReport? = nil, metrics: MetricComparisonReport? = nil, stored: Bool = false, judgedBy: String? = nil,
                judgedAt: Date? = nil) {
        self.verdict = verdict; self.comparison = comparison; self.metrics = metrics; self.stored = stored
        self.judgedBy = judgedBy; self.judgedAt = judgedAt
    }
}

