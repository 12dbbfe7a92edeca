/// What a workload's output said: metric samples and summaries, and why it failed if it did.
public struct WorkloadReport: Sendable, Codable, Equatable {
    public var series: [MetricSeries]
    public var failures: [WorkloadFailure]
    public var diagnostics: [Diagnostic]

    public init(series: [MetricSeries] = [], failures: [WorkloadFailure] = [], diagnostics: [Diagnostic] = []) {
        self.series = series; self.failures = failures; self.diagnostics = diagnostics
    }

    /// Rows for the metrics table: each kept sample (`sample: i`, i counts from 0 over all samples)
    /// and each summary (`stat: median`, …).
    public var metricValues: [MetricValue] {
        series.flatMap { series -> [MetricValue] in
            let rule = series.rule
            var rows: [MetricValue] = []
            for (offset, value) in series.kept.enumerated() {
                rows.append(MetricValue(name: rule.name, value: value, unit: rule.unit, direction: rule.direction,
                                        labels: (series.labels ?? [:]).merging(["sample": String(series.dropped + offset)]) { $1 }))
            }
            for summary in series.summaryValues {
                rows.append(MetricValue(name: rule.name, value: summary.value, unit: rule.unit, direction: rule.direction,
                                        labels: (series.labels ?? [:]).merging(["stat": summary.stat.rawValue]) { $1 }))
            }
            return rows
        }
    }
}

/// The samples of one declared metric.
public struct MetricSeries: Sendable, Codable, Equatable {
    public var rule: MetricRule
    /// Every sample in output order, warm-up included.
    public var samples: [Double]
    /// Line of each sample.
    public var lines: [Int]
    /// How many leading samples were dropped as warm-up.
    public var dropped: Int
    /// Summaries of the kept samples, in the order the rule declares them; empty without samples.
    public var summaryValues: [SummaryValue]
    /// The values of the rule's `labels` keys shared by these samples (`gpu: 0, dtype: bf16`);
    /// nil for a rule without labels.
    public var labels: [String: String]?

    public struct SummaryValue: Sendable, Codable, Equatable {
        public var stat: MetricRule.Summary
        public var value: Double
        public init(stat: MetricRule.Summary, value: Double) { self.stat = stat; self.value = value }
    }

    public var kept: ArraySlice<Double> { samples.dropFirst(dropped) }

    public init(rule: MetricRule, samples: [Double], lines: [Int], dropped: Int, summaryValues: [SummaryValue],
                labels: [String: String]? = nil) {
        self.rule = rule; self.samples = samples; self.lines = lines; self.dropped = dropped
        self.summaryValues = summaryValues; self.labels = labels
    }

    public func value(_ stat: MetricRule.Summary) -> Double? {
        summaryValues.first { $0.stat == stat }?.value
    }
}

/// A recognised way a workload fails, with the line that shows it.
public struct WorkloadFailure: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case outOfMemory = "out-of-memory"
        case ncclTimeout = "nccl-timeout"
        case ncclError = "nccl-error"
        case killedBySignal = "killed-by-signal"
        case launcher
    }

    public var kind: Kind
    public var line: Int
    public var message: String
    /// The global rank concerned, when the output says (torchrun's first failure, `[Rank 3]`).
    public var rank: Int?
    /// Signal number for `killed-by-signal`.
    public var signal: Int32?

    public init(kind: Kind, line: Int, message: String, rank: Int? = nil, signal: Int32? = nil) {
        self.kind = kind; self.line = line; self.message = message; self.rank = rank; self.signal = signal
    }
}
