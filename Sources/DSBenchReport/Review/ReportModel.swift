import DSBenchAnalyze
import DSBenchCore
import DSBenchVerdict
import Foundation

/// Everything a report shows, computed once from the store (`ReportData.load`). The Markdown,
/// HTML and JSON renderers only format these values: no medians, ratios or verdicts are made
/// while rendering (the curves, heatmaps and trend are DSBenchAnalyze's `BusbwCurves` and `BusbwTrend`).
public struct ReportModel: Sendable {
    public var run: ReportRun
    /// The run's one verdict (the one `check` / `compare` exited with); the report renders it.
    public var verdict: Verdict
    /// Which command made it and when; nil for a verdict made for this report.
    public var judgedBy: String?
    /// The verdict's checks that did not pass, in its order: failures, errors, advice, not comparable, skipped.
    public var problems: [VerdictCheck]
    /// Inventory attributes with more than one value across the fleet (context, not a judgement).
    public var mixed: [String]
    public var collectives: [CollectiveReport]
    public var heatmaps: [FleetHeatmap]
    public var dmon: [DmonChart]
    /// Per node, GPU and metric: what the dmon charts were drawn from, before downsampling.
    public var dmonSummary: [DmonSummaryRow]
    public var trend: [TrendSeries]
    public var inventory: InventoryReport
    public var topology: [TopologyReport]
    public var findings: [ReportFinding]
    public var failedNodes: [FailedNode]
    public var failedSteps: [FailedStep]
    public var versions: [VersionEntry]
    public var baseline: BaselineInfo?
    public var tolerances: ToleranceBands
    /// Workload metrics of the run's steps (the `metrics` table), in step order; profiler rows are in `profiles`.
    public var metrics: [ReportMetric] = []
    /// The kernels table of each profiled step, in step order.
    public var profiles: [ProfileTable] = []
    /// Per node: its GPUs counted once over every inventory, and what differs between them.
    public var nodeInventories: [NodeInventory] = []
    /// Nodes with one GPU and inventories that differ, in `show`'s words (`InventoryNotes`).
    public var inventoryNotes: [String] = []
    /// The node health section, first in the report when it holds anything.
    public var nodeHealth = NodeHealthSection(rows: [], checks: [])
    /// The run's pair matrices (pairwise runs, issue 16), as the health pass stored them.
    public var pairMatrices: [PairMatrix] = []
    /// Per node × GPU: host↔device bandwidth against the link, micro-benchmarks against the catalogue.
    public var gpuMeasurements = GPUMeasurementTables(tables: [])
}

/// One stored workload metric (a summary such as `step_time{stat=median}`) of a step.
public struct ReportMetric: Sendable {
    public var step: String
    public var node: String?
    /// The metric's name with its labels, `step_time{stat=median}`.
    public var name: String
    public var value: Double
    public var unit: String
    public var direction: MetricDirection
    public var labels: [(key: String, value: String)]
}

public struct ReportRun: Sendable {
    public var id: Int64
    public var suite: String
    public var suiteHash: String
    /// The exact suite text that was run (nil for ingested logs).
    public var suiteText: String?
    public var source: String
    public var status: String
    public var startedAt: Date?
    public var endedAt: Date?
    public var dsbenchVersion: String
    public var user: String?
    public var host: String?
    public var labels: [(key: String, value: String)]
    public var stepCount: Int
    public var nodeCount: Int
}

/// One dmon metric on one node: a line per GPU over seconds since the node's first sample,
/// downsampled to bucket means with a min/max band when long, with the steps that ran shaded.
public struct DmonChart: Sendable {
    public var node: String
    public var metric: String
    public var unit: String
    /// One line per GPU: the samples, or bucket means when the capture is longer than the
    /// chart's share of points.
    public var lines: [DmonLine]
    /// Bucket minimum and maximum over all GPUs, when the lines are bucket means (else empty).
    public var envelope: [EnvelopePoint]
    public var steps: [StepSpan]
    /// Seconds covered.
    public var duration: Double
    public var rawPoints: Int
    public var plottedPoints: Int
}

public struct DmonLine: Sendable {
    public var gpu: Int
    /// (seconds since the node's first sample, value), in time order.
    public var points: [TimePoint]
}

public struct EnvelopePoint: Sendable, Equatable {
    public var t: Double
    public var low: Double
    public var high: Double
}

public struct TimePoint: Sendable, Equatable {
    public var t: Double
    public var value: Double
    public init(t: Double, value: Double) { self.t = t; self.value = value }
}

public struct StepSpan: Sendable {
    public var label: String
    public var start: Double
    public var end: Double
}

public struct DmonSummaryRow: Sendable {
    public var node: String
    public var gpu: Int
    public var metric: String
    public var unit: String
    public var samples: Int
    public var min: Double
    public var mean: Double
    public var max: Double
}


public struct InventoryReport: Sendable {
    public var gpus: [InventoryGPU]
    /// One line per attribute: its values with how many GPUs or nodes have each.
    public var summary: [InventoryAttribute]
}

public struct InventoryGPU: Sendable {
    public var node: String
    public var index: Int
    public var name: String
    public var driver: String
    public var vbios: String
    public var memoryMiB: Double?
    public var pcieCurrent: String
    public var pcieMax: String
    public var powerLimitW: Double?
    /// The link trained narrower than it can.
    public var pcieDegraded: Bool
}

public struct InventoryAttribute: Sendable {
    public var name: String
    public var values: [(value: String, count: Int)]
    /// `GPUs` or `nodes`.
    public var unit: String
    /// More than one value across the fleet.
    public var heterogeneous: Bool
}

public struct TopologyReport: Sendable {
    /// Nodes with this exact matrix.
    public var nodes: [String]
    public var devices: [String]
    public var rows: [(device: String, cells: [String], cpuAffinity: String?, numaAffinity: String?)]
}

public struct ReportFinding: Sendable {
    public var source: String
    public var finding: Finding
}

public struct FailedNode: Sendable {
    public var node: String
    public var status: String
    public var error: String?
}

public struct FailedStep: Sendable {
    public var key: String
    public var node: String
    public var status: String
    public var exitCode: Int32?
    public var error: String?
}

public struct VersionEntry: Sendable {
    public var name: String
    public var values: [String]
}

public struct BaselineInfo: Sendable {
    public var runIDs: [Int64]
    public var suites: [String]
}
