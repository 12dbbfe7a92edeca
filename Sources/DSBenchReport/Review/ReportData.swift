import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchVerdict
import Foundation

/// What a report is built from beyond the run itself.
public struct ReportOptions: Sendable {
    /// The run's verdict, as `RunJudgement` made or stored it: the report renders it, never re-judges.
    public var judgement: Judgement
    /// Runs whose per-size median busbw is the baseline curve.
    public var baselineRunIDs: [Int64]
    /// The run's `regression:` policy (defaults, suite and step tolerance overrides): the same
    /// size-band tolerances `compare` and `check` judge with.
    public var policy: RegressionPolicy
    /// Suite-level bands, as the report states them.
    public var tolerances: ToleranceBands { ToleranceBands(policy.tolerances(step: nil)) }
    /// Earlier runs of the same suite in the trend chart (the run itself included).
    public var historyLimit: Int
    /// Points drawn over all dmon charts together.
    public var dmonPointBudget: Int

    public init(judgement: Judgement, baselineRunIDs: [Int64] = [], policy: RegressionPolicy = RegressionPolicy(), historyLimit: Int = 20,
                dmonPointBudget: Int = 120_000) {
        self.judgement = judgement; self.baselineRunIDs = baselineRunIDs; self.policy = policy
        self.historyLimit = historyLimit; self.dmonPointBudget = dmonPointBudget
    }
}

/// Reads a run (and its baselines and history) from the store and computes the report model.
public enum ReportData {
    public static func load(runID: Int64, store: Store, options: ReportOptions) throws -> ReportModel {
        guard let detail = try store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        for id in options.baselineRunIDs where try !store.runExists(id: id) {
            throw StoreError(.notFound, "baseline run \(id) not found in \(store.path)")
        }
        let history = try store.runs(limit: 500, suite: detail.run.suiteName)
            .filter { $0.id <= runID }.prefix(max(options.historyLimit, 1)).map { (id: $0.id, startedAt: $0.startedAt) }
        var ids = [runID] + options.baselineRunIDs.filter { $0 != runID }
        ids += history.map(\.id).filter { !ids.contains($0) }
        // Implausible and 1-rank-zero values are stored as printed but drawn nowhere.
        let rows = BusbwSamples.admitted(try store.busbwRows(runIDs: ids))
        let baselineSet = Set(options.baselineRunIDs)
        let current = rows.filter { $0.runID == runID }
        let gpus = try store.inventoryGPUs(runID: runID), facts = try store.facts(runID: runID)
        let baseline = rows.filter { baselineSet.contains($0.runID) }

        let collectives = BusbwCurves.collectives(current: current, baseline: baseline, policy: options.policy)
        let verdict = options.judgement.verdict
        let fleetFailures = verdict.checks.filter { $0.rule == "fleet.outlier" && $0.outcome == .fail }
        let heatmaps = BusbwCurves.heatmaps(current: current, matchStepNames: detail.run.source == .run) { seriesKey in
            fleetFailures.filter { $0.step == nil || $0.step == seriesKey }.compactMap(\.node)
        }
        let trend = BusbwTrend.series(current: runID, runs: Array(history), rows: rows, collectives: collectives)

        var dmon = DmonChartBuilder(pointBudget: options.dmonPointBudget)
        try store.forEachDmonSample(runID: runID, columns: dmon.metrics.map(\.column)) { dmon.add($0) }
        let (charts, dmonSummary) = dmon.build(stepLabels: Dictionary(detail.steps.map { ($0.id, $0.key) },
                                                                      uniquingKeysWith: { a, _ in a }))

        let inventory = InventorySummary.build(gpus: gpus, facts: facts)
        let metrics = try ShowData.metricsByStep(runID: runID, store: store)
        let reportMetrics = detail.steps.flatMap { step in
            (metrics[step.id] ?? []).filter { !ProfileTable.isProfileMetric($0.metric.name) }.map { stored in
                ReportMetric(step: step.key, node: stored.node, name: MetricText.name(stored.metric),
                             value: stored.metric.value, unit: stored.metric.unit, direction: stored.metric.direction,
                             labels: stored.metric.labels.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
            }
        }
        let findings = try store.findings(runID: runID).map { ReportFinding(source: $0.source, finding: $0.finding) }
        let failedNodes = detail.nodes.filter { ($0.status ?? "ok") != "ok" }
            .map { FailedNode(node: $0.name, status: $0.status ?? "?", error: $0.error) }
        let failedSteps = detail.steps.filter { $0.status != .completed }.map {
            FailedStep(key: $0.key, node: $0.node, status: $0.status.rawValue, exitCode: $0.exitCode, error: $0.error)
        }
        let run = detail.run
        var baselineInfo: BaselineInfo? = nil
        if !options.baselineRunIDs.isEmpty {
            var suites: [String] = []
            for id in options.baselineRunIDs {
                if let name = try store.runDetail(id: id)?.run.suiteName, !suites.contains(name) { suites.append(name) }
            }
            baselineInfo = BaselineInfo(runIDs: options.baselineRunIDs, suites: suites)
        }
        let nodeInventories = InventoryHistory.nodes(gpus, steps: detail.steps.map { ($0.id, $0.key) })
        var model = ReportModel(
            run: ReportRun(id: run.id, suite: run.suiteName, suiteHash: run.suiteHash, suiteText: run.suiteText,
                           source: run.source.rawValue, status: run.status.rawValue, startedAt: run.startedAt,
                           endedAt: run.endedAt, dsbenchVersion: run.dsbenchVersion, user: run.user, host: run.host,
                           labels: run.labels.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) },
                           stepCount: detail.steps.count, nodeCount: detail.nodes.count),
            verdict: verdict, judgedBy: options.judgement.judgedBy,
            problems: verdict.checks.filter { $0.outcome != .pass },
            mixed: inventory.summary.filter(\.heterogeneous).map { "mixed \($0.name): \(ReportText.attributeValues($0))" }, collectives: collectives, heatmaps: heatmaps, dmon: charts, dmonSummary: dmonSummary,
            trend: trend, inventory: inventory, topology: InventorySummary.topology(facts), findings: findings,
            failedNodes: failedNodes, failedSteps: failedSteps,
            versions: versions(detail: detail, facts: facts), baseline: baselineInfo, tolerances: options.tolerances,
            metrics: reportMetrics)
        model.nodeInventories = nodeInventories
        model.profiles = detail.steps.compactMap {
            ProfileTable.build(step: $0.key, stepName: $0.name, metrics: metrics[$0.id] ?? [], checks: verdict.checks)
        }
        model.inventoryNotes = InventoryNotes.lines(nodeInventories, steps: detail.steps)
        let health = try HealthInputLoader.gpuHealth(detail: detail, store: store)
        model.nodeHealth = NodeHealthSection.build(states: health.states, events: health.events, verdict: verdict)
        model.pairMatrices = try ShowData.pairMatrices(runID: run.id, store: store)
        model.gpuMeasurements = GPUMeasurementTables.build(try HealthInputLoader.gpuMeasurements(detail: detail, store: store),
                                                           verdict: verdict)
        return model
    }

    static func versions(detail: RunDetail, facts: [FactRow]) -> [VersionEntry] {
        var entries = [VersionEntry(name: "dsbench", values: [detail.run.dsbenchVersion])]
        func add(_ name: String, _ values: [String?]) {
            let distinct = Set(values.compactMap { $0 }).sorted()
            if !distinct.isEmpty { entries.append(VersionEntry(name: name, values: distinct)) }
        }
        add("nccl-tests", detail.steps.map { $0.nccl?.testsVersion } + facts.filter { $0.key == "nccl_tests_version" }.map(\.value))
        add("NCCL", detail.steps.map { $0.nccl?.ncclVersion } + facts.filter { $0.key == "nccl_version" }.map(\.value))
        add("driver", detail.nodes.flatMap(\.driverVersions))
        add("CUDA", detail.nodes.flatMap(\.cudaVersions))
        add("kernel", facts.filter { $0.key == "kernel" }.map(\.value))
        add("OS", facts.filter { $0.key == "os" }.map(\.value))
        return entries
    }
}
