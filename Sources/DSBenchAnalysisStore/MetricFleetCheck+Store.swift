import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

extension MetricFleetCheck {
    /// The metrics of a run, with their steps' names and nodes.
    public static func inputs(runID: Int64, store: Store) throws -> [Input] {
        inputs(try store.stepMetrics(runIDs: [runID]))
    }
}
