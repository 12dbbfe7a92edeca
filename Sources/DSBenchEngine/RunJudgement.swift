import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchSuite
import DSBenchVerdict
import Foundation

/// How a run that is being judged ends once its verdict is stored.
public struct RunFinish: Sendable, Equatable {
    public var status: RunStatus
    public var endedAt: Date
    public init(status: RunStatus, endedAt: Date) { self.status = status; self.endedAt = endedAt }
}

/// Loads everything `Judge.verdict` needs from the store, calls it, and (when asked) records the
/// findings and the verdict. The judging itself is `Judge` alone; this only gathers and saves.
public enum RunJudgement {
    public struct BaselineMissing: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Judges `runID` against `baseline` (a name, a run id, `a,b,c` run ids or `auto`; nil: the
    /// suite's `regression.baseline`, else auto).
    /// - Parameters:
    ///   - baselineRequired: a baseline the user named that cannot be resolved throws
    ///     `BaselineMissing` (an `auto` with nothing earlier is the first night, never an error).
    ///   - record: store the compare and fleet findings, re-run the health rules against the
    ///     baseline, and save the verdict as `judgedBy`. false for read-only commands.
    ///   - finishing: the run is still `running` and ends with this status in the transaction that
    ///     saves its verdict (the runner); it is judged as if it had that status already. Needs `record`.
    ///   - loaded: the run's detail when the caller has read it already (`show` renders it too).
    public static func judge(runID: Int64, baseline: String?, baselineRequired: Bool, judgedBy: String,
                             record: Bool, finishing: RunFinish? = nil, loaded: RunDetail? = nil,
                             store: Store) throws -> Judgement {
        precondition(finishing == nil || record, "a run is finished only with a recorded verdict")
        guard var detail = try loaded ?? store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        if let finishing { detail.run.status = finishing.status }
        let suite = HealthPass.suite(of: detail.run)
        let policy = suite?.regressionPolicy ?? RegressionPolicy()
        let reference = baseline ?? policy.baseline ?? "auto"

        // The run's nccl steps, read once for the comparison, the fleet check and the coverage.
        let steps = try store.ncclStepResults(runIDs: [runID])
        var comparison: ComparisonReport?
        var baselineState: BaselineState
        do {
            let report = try RegressionCheck.compare(runID: runID, baseline: reference, policy: policy,
                                                     candidate: steps, store: store)
            comparison = report
            baselineState = .compared(VerdictBaseline(label: report.baselineLabel, runIDs: report.baselineRunIDs))
        } catch let failure as BaselineResolver.Failure {
            if baselineRequired && reference != "auto" { throw BaselineMissing(description: failure.description) }
            baselineState = .none(reason: failure.description)
        }

        let threshold = policy.fleetThreshold ?? RobustZ.defaultThreshold
        // Workload metrics against the same baseline runs as busbw.
        let metrics = try comparison.map {
            try RegressionCheck.compareMetrics(runID: runID, baselineRunIDs: $0.baselineRunIDs,
                                               baselineLabel: $0.baselineLabel, policy: policy, store: store)
        }
        let fleet = try RegressionCheck.fleetReport(runID: runID, policy: policy, record: record, steps: steps, store: store)
        // Workload metrics of one node against its peers: degraded-hardware checks like busbw outliers.
        let metricOutliers = MetricFleetCheck.findings(
            MetricFleetCheck.outliers(try MetricFleetCheck.inputs(runID: runID, store: store), threshold: threshold, policy: policy),
            threshold: threshold)
        let health: [Finding]
        if record {
            // Rules that look at an earlier run (fewer NCCL channels) judge against this baseline too.
            health = try HealthPass.evaluate(runID: runID, store: store, baselineRunID: comparison?.baselineRunIDs.max())
            if let comparison {
                try RegressionCheck.record(comparison, metrics: metrics, store: store)
            } else {
                try RegressionCheck.recordFindings(runID: runID, [], store: store)
            }
        } else {
            health = try store.findings(runID: runID, source: HealthPass.source).map(\.finding)
        }

        let input = VerdictInput(
            runID: runID, suite: detail.run.suiteName, execution: execution(detail), baseline: baselineState,
            comparison: comparison, metrics: metrics,
            fleet: FleetInput(report: fleet, threshold: threshold),
            findings: health + metricOutliers, coverage: coverage(steps, metricSeries: try metricSeries(runID: runID, store: store)),
            declaredDegraded: suite.map(DegradedSteps.identities(in:)) ?? [],
            policy: suite?.verdict ?? VerdictPolicy())
        let verdict = Judge.verdict(input)
        if record { try save(verdict, judgedBy: judgedBy, finishing: finishing, store: store) }
        return Judgement(verdict: verdict, comparison: comparison, metrics: metrics, stored: false, judgedBy: judgedBy, judgedAt: Date())
    }

    /// Throws `BaselineMissing` when `reference` names no stored baseline or run (`auto` always
    /// resolves: with nothing earlier it is the first night).
    public static func requireBaseline(_ reference: String, store: Store) throws {
        guard reference != "auto" else { return }
        do {
            _ = try BaselineResolver.resolve(reference, candidateRunID: 0, store: store)
        } catch let failure as BaselineResolver.Failure {
            throw BaselineMissing(description: failure.description)
        }
    }

    /// The verdict `show` and `report` render: the stored one (what the last `run`, `check` or
    /// `compare` said and exited with), else one made now against the suite's baseline without
    /// writing anything.
    public static func current(runID: Int64, loaded: RunDetail? = nil, store: Store) throws -> Judgement {
        if let stored = try store.verdict(runID: runID),
           let verdict = try? JSONDecoder().decode(Verdict.self, from: Data(stored.json.utf8)) {
            return Judgement(verdict: verdict, comparison: nil, stored: true, judgedBy: stored.judgedBy,
                             judgedAt: stored.judgedAt)
        }
        return try judge(runID: runID, baseline: nil, baselineRequired: false, judgedBy: "now", record: false,
                         loaded: loaded, store: store)
    }

    /// The `regression:` policy the run was made with (its stored suite text), else the defaults.
    public static func regressionPolicy(ofRun runID: Int64, store: Store) -> RegressionPolicy {
        guard let run = try? store.runDetail(id: runID)?.run else { return RegressionPolicy() }
        return HealthPass.suite(of: run)?.regressionPolicy ?? RegressionPolicy()
    }

    static func save(_ verdict: Verdict, judgedBy: String, finishing: RunFinish?, store: Store) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(verdict), as: UTF8.self)
        let stored = StoredVerdict(runID: verdict.runID, status: verdict.status.rawValue, exitCode: verdict.exitCode,
                                   baseline: verdict.baseline?.label, judgedBy: judgedBy, json: json)
        if let finishing {
            try store.saveVerdictFinishingRun(stored, status: finishing.status, endedAt: finishing.endedAt)
        } else {
            try store.saveVerdict(stored)
        }
    }

    static func execution(_ detail: RunDetail) -> ExecutionRecord {
        ExecutionRecord(
            runStatus: detail.run.status.rawValue,
            steps: detail.steps.map { .init(key: $0.key, node: $0.node, status: $0.status.rawValue, error: $0.error) },
            nodes: detail.nodes.compactMap { node in node.status.map { .init(name: node.name, status: $0, error: node.error) } })
    }

    /// Series the run measured against series holding a believable sample (busbw above zero: one
    /// rank moves no data, so its busbw is 0 by definition and says nothing about the hardware).
    /// Judged workload-metric series of the run (each is measured and believable as printed).
    static func metricSeries(runID: Int64, store: Store) throws -> Int {
        let rows = try store.stepMetrics(runIDs: [runID])
        return MetricSamples.table(rows, matchStepNames: rows.allSatisfy { $0.runSource == .run }).count
    }

    static func coverage(_ steps: [NcclStepResults], metricSeries: Int = 0) -> MeasurementCoverage {
        let matchStepNames = steps.allSatisfy { $0.runSource == .run }
        var all = Set<SeriesKey>()
        for step in steps { for point in step.points { all.insert(SeriesKey.of(step, point, matchStepNames: matchStepNames)) } }
        let table = BusbwSamples.table(steps, matchStepNames: matchStepNames)
        let believable = table.filter { $0.value.values.contains { $0.contains { $0 > 0 } } }.count
        var reasons: [String] = []
        if steps.contains(where: { $0.ranks == 1 }) { reasons.append("1 rank moves no data between GPUs") }
        return MeasurementCoverage(series: all.count + metricSeries, believable: believable + metricSeries, reasons: reasons)
    }
}
