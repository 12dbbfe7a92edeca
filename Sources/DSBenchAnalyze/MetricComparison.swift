import DSBenchCore

/// One workload-metric series of the candidate judged against the baseline's.
public struct MetricSeriesComparison: Sendable, Equatable {
    public var key: MetricSeriesKey
    public var unit: String
    public var direction: MetricDirection
    /// Which values were compared (the candidate's kind; the baseline's is the same series).
    public var samples: MetricSampleKind
    /// Verdict, change, medians, sample counts, test and basis (`Comparison.compareSamples`).
    public var outcome: SampleComparison

    public init(key: MetricSeriesKey, unit: String, direction: MetricDirection, samples: MetricSampleKind,
                outcome: SampleComparison) {
        self.key = key; self.unit = unit; self.direction = direction; self.samples = samples; self.outcome = outcome
    }

    public var isRegression: Bool { outcome.verdict == .regression }

    /// `tolerance+mann-whitney (per-step, n=35 vs 105)`.
    public var basisDetail: String {
        "\(outcome.basis.rawValue) (\(samples.rawValue), n=\(outcome.candidateSamples) vs \(outcome.baselineSamples))"
    }
}

/// Everything a comparison of workload metrics decided, self-contained for its renderers.
public struct MetricComparisonReport: Sendable, Equatable {
    public var candidateRunID: Int64
    public var baselineRunIDs: [Int64]
    /// The baseline as the user named it (`nightly-ref`, `12`, `auto (…)`).
    public var baselineLabel: String
    public var alpha: Double
    /// Series on both sides, in key order.
    public var series: [MetricSeriesComparison]
    /// Candidate series with no counterpart in the baseline.
    public var unmatchedSeries: [MetricSeriesKey]

    public init(candidateRunID: Int64, baselineRunIDs: [Int64], baselineLabel: String, alpha: Double,
                series: [MetricSeriesComparison], unmatchedSeries: [MetricSeriesKey]) {
        self.candidateRunID = candidateRunID; self.baselineRunIDs = baselineRunIDs; self.baselineLabel = baselineLabel
        self.alpha = alpha; self.series = series; self.unmatchedSeries = unmatchedSeries
    }

    public var hasRegression: Bool { series.contains(where: \.isRegression) }
    public var regressions: [MetricSeriesComparison] { series.filter(\.isRegression) }
}

/// Compares a run's workload metrics with a baseline's, series by series (`MetricSamples`):
/// the same decision as a busbw size (`Comparison.compareSamples`), in the metric's declared
/// direction, with the metric's tolerance (`RegressionPolicy.metricTolerance(metric:)`).
/// Per-step samples give Mann–Whitney enough values (25–35 kept steps in the real captures);
/// a per-run value (a trace metric against a one-run baseline) rests on the tolerance alone,
/// and the series' basis says so.
///
/// Steps of a training job are not independent (warm-up tails, profiler steps, loss falling), which
/// the test assumes; the tolerance, set above the split-half drift of a real job, is what keeps
/// such structure from reading as a regression.
public enum MetricComparison {
    public static func compare(candidate: [StepMetricRow], baseline: [StepMetricRow], candidateRunID: Int64,
                               baselineRunIDs: [Int64], baselineLabel: String, matchStepNames: Bool,
                               policy: RegressionPolicy = RegressionPolicy()) -> MetricComparisonReport {
        let alpha = Comparison.Options(policy: policy).alpha
        let judged = { (rows: [StepMetricRow]) in rows.filter { MetricSamples.isJudged($0.metric.name) } }
        let candidateTable = MetricSamples.table(judged(candidate), matchStepNames: matchStepNames)
        let baselineTable = MetricSamples.table(judged(baseline), matchStepNames: matchStepNames)
        var series: [MetricSeriesComparison] = []
        var unmatched: [MetricSeriesKey] = []
        for key in candidateTable.keys.sorted() {
            guard let c = candidateTable[key], let b = baselineTable[key] else { unmatched.append(key); continue }
            let outcome = Comparison.compareSamples(candidate: c.values, baseline: b.values,
                                                    tolerance: policy.metricTolerance(metric: key.metric),
                                                    alpha: alpha, direction: c.direction.improvement)
            series.append(MetricSeriesComparison(key: key, unit: c.unit, direction: c.direction, samples: c.kind,
                                                 outcome: outcome))
        }
        return MetricComparisonReport(candidateRunID: candidateRunID, baselineRunIDs: baselineRunIDs,
                                      baselineLabel: baselineLabel, alpha: alpha, series: series,
                                      unmatchedSeries: unmatched)
    }
}
