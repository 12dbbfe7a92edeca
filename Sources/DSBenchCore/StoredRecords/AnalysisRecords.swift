import Foundation

// What the store reads back for analysis and reports: plain values, so that DSBenchAnalyze computes
// on them without the store (DSBenchStore returns them; DSBenchAnalysisStore loads them).

/// One measurement half (out-of-place or in-place) of an nccl-tests row, as analysis needs it.
public struct NcclPointMeasurement: Sendable, Equatable {
    public var timeUs: Double?
    public var algbw: Double?
    public var busbw: Double?
    public var wrong: Int?
    /// Per-iteration times (µs, `-K` iterations left out); only when asked for and stored.
    public var iterationTimesUs: [Double]?

    public init(timeUs: Double?, algbw: Double?, busbw: Double?, wrong: Int?, iterationTimesUs: [Double]? = nil) {
        self.timeUs = timeUs; self.algbw = algbw; self.busbw = busbw; self.wrong = wrong
        self.iterationTimesUs = iterationTimesUs
    }
}

/// One nccl-tests row reduced to what comparisons read.
public struct NcclPoint: Sendable, Equatable {
    public var size: Int64
    public var type: String
    public var redop: String
    public var root: Int
    public var outOfPlace: NcclPointMeasurement
    public var inPlace: NcclPointMeasurement?

    public init(size: Int64, type: String, redop: String, root: Int, outOfPlace: NcclPointMeasurement,
                inPlace: NcclPointMeasurement?) {
        self.size = size; self.type = type; self.redop = redop; self.root = root
        self.outOfPlace = outOfPlace; self.inPlace = inPlace
    }
}

/// An nccl step of a run with its rows: the unit that comparisons and fleet checks group.
public struct NcclStepResults: Sendable, Equatable {
    public var runID: Int64
    public var stepID: Int64
    public var runSource: RunSource
    public var stepName: String
    public var stepKey: String
    public var node: String
    public var variant: String?
    public var repeatIndex: Int
    public var collective: String?
    public var ranks: Int?
    /// Name of the first device nccl-tests listed (`NVIDIA H200`).
    public var gpuModel: String?
    public var outOfBounds: Int?
    public var outOfBoundsOK: Bool?
    /// In output order.
    public var points: [NcclPoint]

    public init(runID: Int64, stepID: Int64, runSource: RunSource, stepName: String, stepKey: String, node: String,
                variant: String?, repeatIndex: Int, collective: String?, ranks: Int?, gpuModel: String?,
                outOfBounds: Int?, outOfBoundsOK: Bool?, points: [NcclPoint]) {
        self.runID = runID; self.stepID = stepID; self.runSource = runSource; self.stepName = stepName
        self.stepKey = stepKey; self.node = node; self.variant = variant; self.repeatIndex = repeatIndex
        self.collective = collective; self.ranks = ranks; self.gpuModel = gpuModel; self.outOfBounds = outOfBounds
        self.outOfBoundsOK = outOfBoundsOK; self.points = points
    }
}

/// The run facts a comparison and a trend need, without the per-run counts `runs()` adds.
public struct AnalysisRun: Sendable, Equatable {
    public var id: Int64
    public var suiteName: String
    public var source: RunSource
    public var status: RunStatus
    public var startedAt: Date?

    public init(id: Int64, suiteName: String, source: RunSource, status: RunStatus, startedAt: Date? = nil) {
        self.id = id; self.suiteName = suiteName; self.source = source; self.status = status
        self.startedAt = startedAt
    }
}

/// One nccl-tests row with what a report groups it by (run, step, node, collective).
public struct BusbwRow: Sendable, Equatable {
    public var runID: Int64
    public var stepID: Int64
    public var node: String
    public var stepName: String
    public var variant: String?
    public var collective: String?
    public var ranks: Int?
    public var type: String
    public var redop: String
    public var size: Int64
    /// Out-of-place busbw, GB/s; nil when the row had none (cut, `N/A`).
    public var busbw: Double?
    /// #wrong > 0 out-of-place or in-place.
    public var wrong: Bool
    /// Out-of-place time (µs) and algbw (GB/s), and the step's GPU model: what plausibility reads.
    public var timeUs: Double? = nil
    public var algbw: Double? = nil
    public var gpuModel: String? = nil

    public init(runID: Int64, stepID: Int64, node: String, stepName: String, variant: String? = nil,
                collective: String? = nil, ranks: Int? = nil, type: String, redop: String, size: Int64,
                busbw: Double? = nil, wrong: Bool, timeUs: Double? = nil, algbw: Double? = nil,
                gpuModel: String? = nil) {
        self.runID = runID; self.stepID = stepID; self.node = node; self.stepName = stepName
        self.variant = variant; self.collective = collective; self.ranks = ranks; self.type = type
        self.redop = redop; self.size = size; self.busbw = busbw; self.wrong = wrong; self.timeUs = timeUs
        self.algbw = algbw; self.gpuModel = gpuModel
    }
}

/// A completed run considered for `--baseline auto`, with why it cannot be a reference (nil: it can).
public struct AutoBaselineCandidate: Sendable, Equatable {
    public var runID: Int64
    public var problem: String?

    public init(runID: Int64, problem: String?) { self.runID = runID; self.problem = problem }
}

/// A stored metric row: the generic table for workload numbers and trace-derived numbers.
public struct StoredMetric: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String?
    public var metric: MetricValue

    public init(stepID: Int64? = nil, node: String? = nil, metric: MetricValue) {
        self.stepID = stepID; self.node = node; self.metric = metric
    }
}

/// A stored metric row with the run and step it belongs to: what comparisons and trends group.
public struct StepMetricRow: Sendable, Equatable {
    public var runID: Int64
    public var runSource: RunSource
    /// The step's name, with its variant as `name[variant]`.
    public var step: String
    /// The row's node, else its step's.
    public var node: String
    public var metric: MetricValue

    public init(runID: Int64, runSource: RunSource, step: String, node: String, metric: MetricValue) {
        self.runID = runID; self.runSource = runSource; self.step = step; self.node = node; self.metric = metric
    }
}

/// One stored health reading (`gpu_health`).
public struct GPUHealthRow: Sendable, Equatable {
    public var stepID: Int64?
    public var artifactID: Int64?
    public var node: String
    public var gpuIndex: Int
    public var pciBusID: String?
    public var source: String
    public var key: String
    public var value: String
    public var number: Double?

    public init(stepID: Int64? = nil, artifactID: Int64? = nil, node: String, gpuIndex: Int,
                pciBusID: String? = nil, source: String, key: String, value: String, number: Double? = nil) {
        self.stepID = stepID; self.artifactID = artifactID; self.node = node; self.gpuIndex = gpuIndex
        self.pciBusID = pciBusID; self.source = source; self.key = key; self.value = value; self.number = number
    }
}

/// One stored Xid / SXid line (`kernel_events`).
public struct KernelEventRow: Sendable, Equatable {
    public var stepID: Int64?
    public var artifactID: Int64?
    public var node: String
    public var event: KernelXidEvent

    public init(stepID: Int64? = nil, artifactID: Int64? = nil, node: String, event: KernelXidEvent) {
        self.stepID = stepID; self.artifactID = artifactID; self.node = node; self.event = event
    }
}

/// A stored nvbandwidth cell with the step it came from.
public struct StoredNvbandwidthCell: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String
    public var cell: NvbandwidthCell

    public init(stepID: Int64?, node: String, cell: NvbandwidthCell) {
        self.stepID = stepID; self.node = node; self.cell = cell
    }
}
