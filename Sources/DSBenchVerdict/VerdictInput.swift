import DSBenchAnalyze
import DSBenchCore

/// Everything a verdict is made from, loaded by the engine (`RunJudgement`); values only.
public struct VerdictInput: Sendable {
    public var runID: Int64
    public var suite: String
    public var execution: ExecutionRecord
    public var baseline: BaselineState
    /// The busbw comparison with the baseline; nil without one.
    public var comparison: ComparisonReport?
    /// Workload metrics against the same baseline runs; nil without a baseline.
    public var metrics: MetricComparisonReport?
    public var fleet: FleetInput
    /// The run's health-rule findings (correctness, transport, expected busbw, plausibility, dmon,
    /// inventory …), as `HealthCheck.run` made them.
    public var findings: [Finding]
    /// How many nccl series the run measured, and how many of them hold a number that can be
    /// believed (not one rank moving nothing, not above the physical ceiling).
    public var coverage: MeasurementCoverage
    /// `name` or `name[variant]` of steps the suite declares degraded on purpose (`expect: degraded`).
    public var declaredDegraded: Set<String>
    public var policy: VerdictPolicy

    public init(runID: Int64, suite: String, execution: ExecutionRecord, baseline: BaselineState,
                comparison: ComparisonReport? = nil, metrics: MetricComparisonReport? = nil, fleet: FleetInput = FleetInput(), findings: [Finding] = [],
                coverage: MeasurementCoverage = MeasurementCoverage(), declaredDegraded: Set<String> = [],
                policy: VerdictPolicy = VerdictPolicy()) {
        self.runID = runID; self.suite = suite; self.execution = execution; self.baseline = baseline
        self.comparison = comparison; self.metrics = metrics; self.fleet = fleet; self.findings = findings; self.coverage = coverage
        self.declaredDegraded = declaredDegraded; self.policy = policy
    }
}

/// How the run's steps and nodes ended.
public struct ExecutionRecord: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var key: String
        public var node: String
        /// `completed`, `failed`, `timed_out`, `interrupted`, `skipped`, `pending` …
        public var status: String
        public var error: String?
        public init(key: String, node: String, status: String, error: String? = nil) {
            self.key = key; self.node = node; self.status = status; self.error = error
        }
    }

    public struct Node: Sendable, Equatable {
        public var name: String
        /// `ok`, `unreachable`, `failed`.
        public var status: String
        public var error: String?
        public init(name: String, status: String, error: String? = nil) {
            self.name = name; self.status = status; self.error = error
        }
    }

    /// `completed`, `failed`, `interrupted`, `running`.
    public var runStatus: String
    public var steps: [Step]
    public var nodes: [Node]

    public init(runStatus: String, steps: [Step], nodes: [Node] = []) {
        self.runStatus = runStatus; self.steps = steps; self.nodes = nodes
    }
}

public enum BaselineState: Sendable, Equatable {
    /// Nothing earlier to compare with (the first night): the run can become the baseline.
    case none(reason: String)
    /// Compared with these runs (`comparison` holds the numbers).
    case compared(VerdictBaseline)
}

/// The fleet check's result (`FleetCheck.report`): outliers, the groups it judged, and those it
/// could not (too few nodes).
public struct FleetInput: Sendable, Equatable {
    public var report: FleetReport
    public var threshold: Double

    public init(report: FleetReport = FleetReport(outliers: [], judged: [], tooFewPeers: [], noCommonBand: []),
                threshold: Double = RobustZ.defaultThreshold) {
        self.report = report; self.threshold = threshold
    }
}

public struct MeasurementCoverage: Sendable, Equatable {
    /// Series (nccl and workload metric) the run produced.
    public var series: Int
    /// Of those, series with at least one believable value.
    public var believable: Int
    /// Why the others are not (`1 rank moves no data`, `above the 4800 GB/s ceiling`), distinct.
    public var reasons: [String]

    public init(series: Int = 0, believable: Int = 0, reasons: [String] = []) {
        self.series = series; self.believable = believable; self.reasons = reasons
    }
}
