import DSBenchAnalysisStore
import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchVerdict

/// Everything `dsbench show` presents about one run, read from the store in one place so that
/// the renderers only format.
public struct RunView: Sendable {
    public var detail: RunDetail
    public var gpus: [InventoryGPURow]
    /// Per node: its GPUs counted once over every inventory, and what differs between them.
    public var inventories: [NodeInventory] = []
    public var facts: [FactRow]
    public var diagnostics: [DiagnosticRow]
    /// The run's verdict (stored by the `run`, `check` or `compare` that judged it).
    public var judgement: Judgement
    /// Per nccl step id: its max and average busbw with implausible values left out.
    public var headlines: [Int64: NcclBusbwHeadline] = [:]
    /// Stored analysis findings (compare, fleet, rules …), most severe first.
    public var findings: [(source: String, finding: Finding)] = []
    /// Workload metrics (the `metrics` table: summaries such as `{stat: median}`), by step id,
    /// in the order they were stored.
    public var metrics: [Int64: [StoredMetric]] = [:]
    /// Per node × GPU health readings and the node-level checks that did not pass (empty: all well).
    public var nodeHealth = NodeHealthSection(rows: [], checks: [])
    /// The pair matrices the health pass stored (pairwise runs, issue 16).
    public var pairMatrices: [PairMatrix] = []
    /// Per profiled step id: its kernels table (its `ncu.*`/`nsys.*` rows are not listed as metrics).
    public var profiles: [Int64: ProfileTable] = [:]
    /// Per node × GPU: host↔device bandwidth against the link, micro-benchmarks against the catalogue.
    public var gpuMeasurements = GPUMeasurementTables(tables: [])
}

public enum ShowData {
    /// `loaded`: the run's detail when the caller has read it already (to judge the run).
    public static func load(runID: Int64, judgement: Judgement, loaded: RunDetail? = nil, store: Store) throws -> RunView {
        guard let detail = try loaded ?? store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        var headlines: [Int64: NcclBusbwHeadline] = [:]
        for step in detail.steps {
            guard let summary = step.nccl else { continue }
            headlines[step.id] = NcclBusbwHeadline.of(try store.ncclResults(stepID: step.id), summary: summary)
        }
        let gpus = try store.inventoryGPUs(runID: runID)
        let health = try HealthInputLoader.gpuHealth(detail: detail, store: store)
        var view = RunView(detail: detail, gpus: gpus,
                       inventories: InventoryHistory.nodes(gpus, steps: detail.steps.map { ($0.id, $0.key) }),
                       facts: try store.facts(runID: runID), diagnostics: try store.diagnostics(runID: runID),
                       judgement: judgement, headlines: headlines, findings: try store.findings(runID: runID),
                       metrics: try metricsByStep(runID: runID, store: store))
        view.nodeHealth = NodeHealthSection.build(states: health.states, events: health.events, verdict: judgement.verdict)
        view.pairMatrices = try pairMatrices(runID: runID, store: store)
        view.gpuMeasurements = GPUMeasurementTables.build(try HealthInputLoader.gpuMeasurements(detail: detail, store: store),
                                                          verdict: judgement.verdict)
        for step in detail.steps {
            view.profiles[step.id] = ProfileTable.build(step: step.key, stepName: step.name, metrics: view.metrics[step.id] ?? [],
                                                        checks: judgement.verdict.checks)
        }
        return view
    }

    /// The stored matrices; one written by a newer dsbench that no longer decodes is left out.
    public static func pairMatrices(runID: Int64, store: Store) throws -> [PairMatrix] {
        try store.pairMatrices(runID: runID).compactMap { try? PairMatrixJSON.decode($0.json) }
    }

    /// The run's metric summaries grouped by step (one query). Per-sample rows (label `sample`)
    /// stay in the store for `compare`; rows without a step are left out.
    static func metricsByStep(runID: Int64, store: Store) throws -> [Int64: [StoredMetric]] {
        var byStep: [Int64: [StoredMetric]] = [:]
        for metric in try store.metrics(runID: runID) where metric.metric.labels["sample"] == nil {
            if let step = metric.stepID { byStep[step, default: []].append(metric) }
        }
        return byStep
    }
}
