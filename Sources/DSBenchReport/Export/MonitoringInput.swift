import DSBenchAnalyze
import DSBenchCore
import DSBenchStore
import DSBenchVerdict
import Foundation

/// What the monitoring metrics of one run are made from, read by `MonitoringData.load`; the
/// metrics themselves come out of `MonitoringMetrics.families`, which reads nothing else.
public struct MonitoringInput: Sendable {
    public struct Run: Sendable {
        public var id: Int64
        public var suite: String
        public var status: RunStatus
        public var startedAt: Date?
        public var endedAt: Date?
        /// The dsbench that made the run.
        public var dsbenchVersion: String
        /// Where it ran: the Pushgateway's `instance`.
        public var host: String?
        public var nodeCount: Int
        public var stepStatuses: [StepStatus]

        public init(id: Int64, suite: String, status: RunStatus, startedAt: Date?, endedAt: Date?,
                    dsbenchVersion: String, host: String? = nil, nodeCount: Int, stepStatuses: [StepStatus]) {
            self.id = id; self.suite = suite; self.status = status; self.startedAt = startedAt; self.endedAt = endedAt
            self.dsbenchVersion = dsbenchVersion; self.host = host; self.nodeCount = nodeCount; self.stepStatuses = stepStatuses
        }
    }

    /// A workload metric summary of a step (never a per-sample row).
    public struct WorkloadValue: Sendable {
        public var step: String
        public var variant: String?
        public var node: String
        public var metric: MetricValue

        public init(step: String, variant: String?, node: String, metric: MetricValue) {
            self.step = step; self.variant = variant; self.node = node; self.metric = metric
        }
    }

    /// The dsbench writing the export.
    public var exporterVersion: String
    public var run: Run
    /// The run's one verdict (`RunJudgement`): exported as it is, never re-decided.
    public var verdict: Verdict
    public var judgedAt: Date?
    /// The run's nccl-tests rows that the plausibility gate admits (`BusbwSamples.admitted`).
    public var busbw: [BusbwRow]
    /// Suite runs group the fleet by step; ingested logs (named after their files) by collective.
    public var matchStepNames: Bool
    public var workload: [WorkloadValue]

    public init(exporterVersion: String, run: Run, verdict: Verdict, judgedAt: Date?, busbw: [BusbwRow],
                matchStepNames: Bool, workload: [WorkloadValue]) {
        self.exporterVersion = exporterVersion; self.run = run; self.verdict = verdict; self.judgedAt = judgedAt
        self.busbw = busbw; self.matchStepNames = matchStepNames; self.workload = workload
    }
}

/// The one loader of the monitoring export: reads a run from the store and builds its metrics.
public enum MonitoringData {
    public static func load(runID: Int64, judgement: Judgement, exporterVersion: String, store: Store) throws -> MetricsModel {
        MonitoringMetrics.families(try input(runID: runID, judgement: judgement, exporterVersion: exporterVersion, store: store))
    }

    public static func input(runID: Int64, judgement: Judgement, exporterVersion: String, store: Store) throws -> MonitoringInput {
        // Not `runDetail`: its per-step sample counts cost more than the whole export at fleet scale.
        guard let overview = try store.runOverview(id: runID) else {
            throw StoreError(.notFound, "run \(runID) not found in \(store.path)")
        }
        let steps = Dictionary(overview.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var workload: [MonitoringInput.WorkloadValue] = []
        for stored in try store.metrics(runID: runID) where stored.metric.labels["sample"] == nil {
            guard let id = stored.stepID, let step = steps[id] else { continue }
            workload.append(.init(step: step.name, variant: step.variant, node: stored.node ?? step.node, metric: stored.metric))
        }
        let run = overview.run
        return MonitoringInput(
            exporterVersion: exporterVersion,
            run: .init(id: run.id, suite: run.suiteName, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt,
                       dsbenchVersion: run.dsbenchVersion, host: run.host, nodeCount: overview.nodeCount,
                       stepStatuses: overview.steps.map(\.status)),
            verdict: judgement.verdict, judgedAt: judgement.judgedAt,
            busbw: BusbwSamples.admitted(try store.busbwRows(runIDs: [runID])),
            matchStepNames: run.source == .run, workload: workload)
    }
}
