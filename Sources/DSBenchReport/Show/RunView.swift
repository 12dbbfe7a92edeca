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
    /// Stored analysis findings (compare, fleet, rules …), most severe first.
    public var findings: [(source: String, finding: Finding)] = []
}

public enum ShowData {
    public static func load(runID: Int64, store: Store) throws -> RunView {
        guard let detail = try store.runDetail(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        // The `nccl.correctness` rule on the stored rows: also right for runs recorded before the rules existed.
        var critical: [String] = []
        for step in detail.steps {
            guard let nccl = step.nccl else { continue }
            let stored = HealthNcclStep(key: step.key, name: step.name, node: step.node, collective: nccl.collective,
                                        rows: try store.ncclResults(stepID: step.id).map { row in
                                            NcclTestsRow(size: row.size, count: row.count, type: row.type, redop: row.redop,
                                                         root: row.root, outOfPlace: row.outOfPlace, inPlace: row.inPlace,
                                                         line: 0)
                                        },
                                        outOfBounds: nccl.outOfBounds, outOfBoundsOK: nccl.outOfBoundsOK)
            critical += CorrectnessRules.findings(step: stored).map { "\(step.key): \($0.message)" }
        }
        return RunView(detail: detail, gpus: try store.inventoryGPUs(runID: runID),
                       facts: try store.facts(runID: runID), diagnostics: try store.diagnostics(runID: runID),
                       critical: critical, findings: try store.findings(runID: runID))
    }
}
