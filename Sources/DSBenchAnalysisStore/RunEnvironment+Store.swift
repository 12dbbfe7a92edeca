import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

extension RunEnvironment {
    /// Reads a run's facts, inventory, step environments and nccl step headers (`RunEnvironment(facts:…)`).
    public static func load(runID: Int64, store: Store) throws -> RunEnvironment {
        RunEnvironment(facts: try store.facts(runID: runID), gpus: try store.inventoryGPUs(runID: runID),
                       stepEnvironments: try store.stepEnvironments(runID: runID),
                       ncclSteps: try store.ncclStepHeaders(runID: runID))
    }
}

extension Store {
    /// A run's nccl steps without their rows: what its hardware classes and environment come from.
    func ncclStepHeaders(runID: Int64) throws -> [NcclStepResults] {
        // No size lies in 0...-1: the steps come back without rows.
        try ncclStepResults(runIDs: [runID], minSize: 0, maxSize: -1)
    }
}
