import ArgumentParser
import DSBenchAnalyze
import DSBenchCore
import DSBenchEngine
import DSBenchReport
import DSBenchStore
import DSBenchSuite
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a run with a baseline (busbw per size, summarised per size band; workload metrics) and check its fleet.",
        discussion: """
            Records the findings (shown by `dsbench show`). Exit 0: no regression; 1: a busbw or workload-metric \
            regression, a fleet outlier or a critical correctness problem; 64: no such run or baseline.
            """)

    @Argument(help: "Run id or `latest`.") var runRef: RunReference
    @Option(name: .long, help: "Baseline name, a run id, or `auto` (the last completed runs of the suite). Default: the suite's `regression.baseline`, else auto.")
    var baseline: String?
    @Flag(name: .long, help: "Print as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open()
        let id = try runRef.resolve(in: store)
        let policy = RegressionPolicies.ofRun(id, store: store)
        let summary = try CheckFlow.judge(runID: id, baseline: baseline, policy: policy, runStatus: nil, stepErrors: [],
                                          baselineRequired: true, store: store)
        Console.out(json ? ComparisonJSON.render(summary) : ComparisonText.render(summary))
        if summary.failed { throw Exit.regression }
    }
}

/// The comparison and fleet check shared by `compare` and `check`, with their findings recorded.
enum CheckFlow {
    static func judge(runID: Int64, baseline: String?, policy: RegressionPolicy, runStatus: RunStatus?,
                      stepErrors: [String], baselineRequired: Bool, store: Store) throws -> CheckSummary {
        let suite = try store.analysisRun(id: runID)?.suiteName ?? "?"
        let reference = baseline ?? policy.baseline ?? "auto"
        var comparison: ComparisonReport?
        var problem: String?
        do {
            comparison = try RegressionCheck.compare(runID: runID, baseline: reference, policy: policy, store: store)
        } catch let failure as BaselineResolver.Failure {
            if baselineRequired && (baseline != nil || reference != "auto") {
                Console.error(failure.description)
                throw Exit.usage
            }
            problem = failure.description
        }
        let threshold = policy.fleetThreshold ?? RobustZ.defaultThreshold
        let fleet = try RegressionCheck.fleet(runID: runID, policy: policy, store: store)
        var summary = CheckSummary(runID: runID, suite: suite, runStatus: runStatus, stepErrors: stepErrors,
                                   comparison: comparison, baselineProblem: problem, fleet: fleet, fleetThreshold: threshold)
        // Workload metrics against the same baseline runs as busbw.
        summary.metrics = try comparison.map {
            try RegressionCheck.compareMetrics(runID: runID, baselineRunIDs: $0.baselineRunIDs,
                                               baselineLabel: $0.baselineLabel, policy: policy, store: store)
        }
        // Rules that look at an earlier run (fewer NCCL channels) judge against this baseline too.
        if let newest = comparison?.baselineRunIDs.max() {
            try HealthPass.evaluate(runID: runID, store: store, baselineRunID: newest)
        }
        summary.health = try store.findings(runID: runID, source: "rules").map(\.finding)
        if let comparison {
            try RegressionCheck.record(comparison, metrics: summary.metrics, store: store)
        } else {
            let correctness = CorrectnessFindings.of(try store.ncclStepResults(runIDs: [runID]))
            summary.extraCorrectness = correctness
            try RegressionCheck.recordFindings(runID: runID, correctness, store: store)
        }
        return summary
    }
}

/// The `regression:` policy a run was made with, read back from the suite text stored with it.
enum RegressionPolicies {
    static func ofRun(_ runID: Int64, store: Store) -> RegressionPolicy {
        guard let detail = try? store.runDetail(id: runID), let text = detail.run.suiteText,
              let loaded = try? SuiteLoader.load(text: text, file: "run \(runID) suite") else { return RegressionPolicy() }
        return loaded.suite.regressionPolicy
    }
}
