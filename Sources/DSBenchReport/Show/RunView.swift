import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

/// Everything `dsbench show` presents about one run, read from the store in one place so that
/// the renderers only format.
public struct RunView: Sendable {
    public var detail: RunDetail
    public var gpus: [InventoryGPURow]
    public var facts: [FactRow]
    public var diagnostics: [DiagnosticRow]
    /// Correctness problems found in the stored nccl rows (#wrong > 0, out-of-bounds FAILED).
    public var critical: [String]
    /// Per nccl step id: its max and average busbw with implausible values left out.
    public var headlines: [Int64: NcclBusbwHeadline] = [:]
    /// Stored analysis findings (compare, fleet, rules …), most severe first.
    public var findings: [(source: String, finding: Finding)] = []
    /// Workload metrics (the `metrics` table: summaries such as `{stat: median}`), by step id,
    /// in the order they were stored.
    public var metrics: [Int64: [StoredMetric]] = [:]
}

public enum ShowData {
    public static func load(runID: Int64, store: Store) throws -> RunView {
        guard let detail = try store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        var wrongSizes: [Int64: [Int64]] = [:]
        var headlines: [Int64: NcclBusbwHeadline] = [:]
        for step in detail.steps {
            guard let summary = step.nccl else { continue }
            let rows = try store.ncclResults(stepID: step.id)
            wrongSizes[step.id] = rows.filter { ($0.outOfPlace.wrong ?? 0) > 0 || ($0.inPlace?.wrong ?? 0) > 0 }.map(\.size)
            headlines[step.id] = NcclBusbwHeadline.of(rows, summary: summary)
        }
        let critical = Self.critical(steps: detail.steps, wrongSizes: wrongSizes)
        return RunView(detail: detail, gpus: try store.inventoryGPUs(runID: runID),
                       facts: try store.facts(runID: runID), diagnostics: try store.diagnostics(runID: runID),
                       critical: critical, headlines: headlines, findings: try store.findings(runID: runID),
                       metrics: try metricsByStep(runID: runID, store: store))
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

    /// Correctness problems: out-of-bounds FAILED, and sizes with wrong elements (`wrongSizes`:
    /// per step id, the sizes of its rows with #wrong > 0 in output order).
    static func critical(steps: [StepDetail], wrongSizes: [Int64: [Int64]]) -> [String] {
        var critical: [String] = []
        for step in steps {
            if step.nccl?.outOfBoundsOK == false {
                critical.append("\(step.key): out-of-bounds check FAILED (\(step.nccl?.outOfBounds ?? 0) values)")
            }
            if step.nccl != nil, let sizes = wrongSizes[step.id], let first = sizes.first {
                critical.append("\(step.key): \(sizes.count) sizes with wrong elements (first at \(first) B)")
            }
        }
        return critical
    }
}
