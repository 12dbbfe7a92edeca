import DSBenchAnalyze
import DSBenchCore
import DSBenchStore

/// `dsbench trend` reads the suite's completed runs, then their busbw rows or metric rows.
extension Trend {
    public static func load(suite: String, selection: Selection = Selection(), lastRuns: Int = 10_000,
                            options: ChangePoints.Options = ChangePoints.Options(), store: Store) throws -> TrendReport {
        let runs = try store.analysisRuns(suite: suite, status: .completed, limit: lastRuns)
        let (low, high) = selection.sizeRange
        let steps = try store.ncclStepResults(runIDs: runs.map(\.id), minSize: low, maxSize: high)
        return busbw(runs: runs, steps: steps, selection: selection, suite: suite, options: options)
    }

    public static func loadMetric(suite: String, selection: MetricSelection, lastRuns: Int = 10_000,
                                  options: ChangePoints.Options = ChangePoints.Options(),
                                  store: Store) throws -> TrendReport {
        let runs = try store.analysisRuns(suite: suite, status: .completed, limit: lastRuns)
        let rows = try store.stepMetrics(runIDs: runs.map(\.id), name: selection.metric)
        return metric(runs: runs, rows: rows, selection: selection, suite: suite, options: options)
    }
}
