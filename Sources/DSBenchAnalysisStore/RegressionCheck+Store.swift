import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

/// Loads what a comparison or a fleet check needs from the store, runs it (DSBenchAnalyze), and
/// records its findings.
extension RegressionCheck {
    /// Compares `runID` with the baseline `reference` (`NAME`, a run id, or `auto`).
    /// `candidate`: the run's steps as `ncclStepResults(runIDs: [runID])` reads them, when the
    /// caller has them; read here again only with iteration times, when the baseline has some.
    public static func compare(runID: Int64, baseline reference: String, policy: RegressionPolicy = RegressionPolicy(),
                               candidate loaded: [NcclStepResults]? = nil, store: Store) throws -> ComparisonReport {
        let resolved = try BaselineResolver.resolve(reference, candidateRunID: runID,
                                                    autoRuns: policy.autoRuns ?? BaselineResolver.defaultAutoRuns, store: store)
        let baselineRuns = resolved.runIDs.filter { $0 != runID }
        let baseline = try store.ncclStepResults(runIDs: baselineRuns, iterations: true)
        let withIterations = hasIterationTimes(baseline)
        let candidate = try (withIterations ? nil : loaded) ?? store.ncclStepResults(runIDs: [runID], iterations: withIterations)
        let matchStepNames = candidate.allSatisfy { $0.runSource == .run } && baseline.allSatisfy { $0.runSource == .run }
        var report = Comparison.compare(
            candidate: candidate, baseline: baseline, candidateRunID: runID, baselineRunIDs: baselineRuns,
            baselineLabel: resolved.label, matchStepNames: matchStepNames, options: .init(policy: policy))
        if report.hasRegression {
            let before = RunEnvironment.merged(try baselineRuns.map { try RunEnvironment.load(runID: $0, store: store) })
            report.environmentChanges = EnvironmentDiff.diff(baseline: before,
                                                             candidate: try RunEnvironment.load(runID: runID, store: store))
        }
        return report
    }

    /// Compares the workload metrics of `runID` with those of the baseline runs a busbw
    /// comparison resolved (`ComparisonReport.baselineRunIDs`), so both judge against the same runs.
    /// Step names are matched only when every run involved ran a suite (see `MetricSeriesKey`).
    public static func compareMetrics(runID: Int64, baselineRunIDs: [Int64], baselineLabel: String,
                                      policy: RegressionPolicy = RegressionPolicy(),
                                      store: Store) throws -> MetricComparisonReport {
        let baselineRuns = baselineRunIDs.filter { $0 != runID }
        let candidate = try store.stepMetrics(runIDs: [runID])
        let baseline = try store.stepMetrics(runIDs: baselineRuns)
        return MetricComparison.compare(
            candidate: candidate, baseline: baseline, candidateRunID: runID, baselineRunIDs: baselineRuns,
            baselineLabel: baselineLabel, matchStepNames: (candidate + baseline).allSatisfy { $0.runSource == .run },
            policy: policy)
    }

    /// Replaces the run's `compare` findings with this report's, less those the health rules
    /// already stored (`findingsToRecord`).
    public static func record(_ report: ComparisonReport, metrics: MetricComparisonReport? = nil, store: Store) throws {
        try recordFindings(runID: report.candidateRunID, ComparisonFindings.of(report, metrics: metrics), store: store)
    }

    /// Replaces the run's `compare` findings with `findings` (e.g. only the correctness ones when
    /// no baseline exists), leaving out those the health rules already stored.
    public static func recordFindings(runID: Int64, _ findings: [Finding], store: Store) throws {
        let byRules = try store.findings(runID: runID, source: rulesSource).map(\.finding)
        try store.replaceFindings(runID: runID, source: compareSource, findingsToRecord(findings, storedByRules: byRules))
    }

    /// Fleet outliers of one run, recorded as its `fleet` findings.
    @discardableResult
    public static func fleet(runID: Int64, policy: RegressionPolicy = RegressionPolicy(), record: Bool = true,
                             store: Store) throws -> [FleetOutlier] {
        try fleetReport(runID: runID, policy: policy, record: record, store: store).outliers
    }

    /// The fleet check of one run with what it judged and skipped; with `record`, its outliers
    /// (busbw and workload metrics) replace the run's `fleet` findings.
    @discardableResult
    /// - Parameter steps: the run's step results when the caller has read them already (the
    ///   judgement reads them for its coverage too: read twice, they were 7 % of `show`).
    public static func fleetReport(runID: Int64, policy: RegressionPolicy = RegressionPolicy(), record: Bool = true,
                                   steps: [NcclStepResults]? = nil, store: Store) throws -> FleetReport {
        let threshold = policy.fleetThreshold ?? RobustZ.defaultThreshold
        let report = FleetCheck.report(try steps ?? store.ncclStepResults(runIDs: [runID]), threshold: threshold, policy: policy)
        if record {
            let findings = fleetFindings(report, metrics: try MetricFleetCheck.inputs(runID: runID, store: store),
                                         threshold: threshold, policy: policy)
            try store.replaceFindings(runID: runID, source: fleetSource, findings)
        }
        return report
    }
}
