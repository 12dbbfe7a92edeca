import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

/// What `dsbench compare` / `dsbench check` decided about one run, for the renderers.
public struct CheckSummary: Sendable {
    public var runID: Int64
    public var suite: String
    /// nil for `compare` (nothing was executed).
    public var runStatus: RunStatus?
    /// `step@node: message` of steps that did not complete.
    public var stepErrors: [String]
    /// nil when no baseline could be formed (then `baselineProblem` says why).
    public var comparison: ComparisonReport?
    public var baselineProblem: String?
    public var fleet: [FleetOutlier]
    public var fleetThreshold: Double

    public init(runID: Int64, suite: String, runStatus: RunStatus? = nil, stepErrors: [String] = [],
                comparison: ComparisonReport?, baselineProblem: String? = nil, fleet: [FleetOutlier],
                fleetThreshold: Double) {
        self.runID = runID; self.suite = suite; self.runStatus = runStatus; self.stepErrors = stepErrors
        self.comparison = comparison; self.baselineProblem = baselineProblem; self.fleet = fleet
        self.fleetThreshold = fleetThreshold
    }

    /// The workload metrics judged against the same baseline runs; nil without a baseline.
    public var metrics: MetricComparisonReport?

    /// A busbw or workload-metric regression: judged against the baseline.
    public var hasRegression: Bool { (comparison?.hasRegression ?? false) || (metrics?.hasRegression ?? false) }

    /// A regression, a critical finding or a fleet outlier: exit status 1.
    public var failed: Bool { (comparison?.failed ?? false) || hasRegression || !fleet.isEmpty || !correctness.isEmpty }

    /// Correctness findings (from the comparison when there was one, else computed by the caller).
    public var correctness: [Finding] { comparison?.correctness ?? extraCorrectness }
    public var extraCorrectness: [Finding] = []

    /// The health-rule findings of the run (`dsbench rules`), shown beside the comparison so that a
    /// regression and its likely cause (SHM instead of P2P, a link at x8) are read together.
    public var health: [Finding] = []

    /// A step failed or the run did not complete.
    public var executionProblem: Bool { !stepErrors.isEmpty || (runStatus.map { $0 != .completed } ?? false) }

    public var verdictWord: String {
        if failed { return hasRegression || !fleet.isEmpty ? "REGRESSION" : "CRITICAL" }
        if executionProblem { return "EXECUTION PROBLEM" }
        return "OK"
    }
}
