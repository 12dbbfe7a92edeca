import Foundation

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, completed, failed, interrupted
}

/// Whether a run executed steps (`dsbench run`) or imported existing logs (`dsbench ingest`).
public enum RunSource: String, Sendable, Codable, CaseIterable {
    case run, ingest
}

/// What is known when a run starts.
public struct NewRun: Sendable, Equatable {
    public var suiteName: String
    /// sha256 of the suite text ('' for ingested logs).
    public var suiteHash: String
    public var suiteText: String?
    public var source: RunSource
    public var startedAt: Date
    public var dsbenchVersion: String
    public var user: String?
    /// Host of the dsbench process; with `pid`, tells a live run from an abandoned one.
    public var host: String?
    public var pid: Int32?
    public var labels: [String: String]
    /// The run is finished only together with its verdict (`saveVerdictFinishingRun`): a completed
    /// run that says so but has no verdict row was never judged (migration 0030).
    public var verdictRequired: Bool
    /// In the environment of every local process the run starts (`DSBENCH_RUN_TOKEN`), so that
    /// what a dead dsbench left behind can be found and stopped (migration 0031).
    public var processToken: String?

    public init(suiteName: String, suiteHash: String, suiteText: String? = nil, source: RunSource = .run,
                startedAt: Date, dsbenchVersion: String, user: String? = nil, host: String? = nil,
                pid: Int32? = nil, labels: [String: String] = [:], verdictRequired: Bool = false,
                processToken: String? = nil) {
        self.suiteName = suiteName; self.suiteHash = suiteHash; self.suiteText = suiteText
        self.source = source; self.startedAt = startedAt; self.dsbenchVersion = dsbenchVersion
        self.user = user; self.host = host; self.pid = pid; self.labels = labels
        self.verdictRequired = verdictRequired; self.processToken = processToken
    }
}

/// One line of `dsbench runs`.
public struct RunSummary: Sendable, Equatable {
    public var id: Int64
    public var suiteName: String
    public var source: RunSource
    public var status: RunStatus
    public var startedAt: Date?
    public var endedAt: Date?
    /// Steps per status; statuses with no step are absent.
    public var stepCounts: [StepStatus: Int]
    /// Nodes recorded for the run or named by its steps.
    public var nodeCount: Int
    public var labels: [String: String]
}

/// A run row as stored.
public struct RunInfo: Sendable, Equatable {
    public var id: Int64
    public var suiteName: String
    public var suiteHash: String
    public var suiteText: String?
    public var source: RunSource
    public var status: RunStatus
    public var startedAt: Date?
    public var endedAt: Date?
    public var dsbenchVersion: String
    public var user: String?
    public var host: String?
    public var pid: Int32?
    public var labels: [String: String]
}

/// Everything `dsbench show RUN` prints.
public struct RunDetail: Sendable, Equatable {
    public var run: RunInfo
    /// In plan order.
    public var steps: [StepDetail]
    /// Sorted by name.
    public var nodes: [NodeDetail]
    public var diagnosticCount: Int
    public var dmonSampleCount: Int
    /// Samples of the run-long capture that fell between steps (or in steps without captures).
    public var idleDmonSampleCount: Int = 0
}

public struct StepDetail: Sendable, Equatable {
    public var id: Int64
    public var seq: Int
    /// Planned identity `name[variant]#repeat@node`.
    public var key: String
    public var name: String
    /// `nccl`, `inventory`, `command` (or `ingest`).
    public var kind: String
    public var node: String
    public var variant: String?
    public var repeatIndex: Int
    /// The main command's argv as executed (as planned until it started).
    public var argv: [String]
    /// The planned argv where it differs from the executed one (`-g {gpus}`, no `-J`); nil otherwise.
    public var plannedArgv: [String]? = nil
    /// Env the step set, never the inherited environment.
    public var env: [String: String]
    public var status: StepStatus
    public var exitCode: Int32?
    public var signal: Int32?
    public var startedAt: Date?
    public var endedAt: Date?
    public var error: String?
    public var nccl: NcclStepSummary?
    public var dmonSampleCount: Int
    public var diagnosticCount: Int
}

/// The per-step headline of an nccl-tests result.
public struct NcclStepSummary: Sendable, Equatable {
    public var program: String?
    public var collective: String?
    public var ranks: Int?
    /// Name of the first device nccl-tests listed (`NVIDIA H200`).
    public var gpuModel: String?
    /// `# Avg bus bandwidth` as printed. What `show` prints is derived from the rows instead, with
    /// implausible values left out (`NcclBusbwHeadline` in DSBenchAnalyze).
    public var avgBusbw: Double?
    public var rowCount: Int
    /// The footer was seen (the program ran to its end).
    public var complete: Bool
    public var outOfBounds: Int?
    public var outOfBoundsOK: Bool?
    public var ncclVersion: String?
    public var testsVersion: String?
    public var errorCount: Int
}

/// Inventory of one node in one run.
public struct NodeDetail: Sendable, Equatable {
    public var name: String
    public var hostname: String?
    /// `ok`, `unreachable`, `failed`; nil when only steps name the node.
    public var status: String?
    public var error: String?
    /// In GPU index order.
    public var gpuNames: [String]
    /// Distinct values, sorted (more than one means a mixed node).
    public var driverVersions: [String]
    public var cudaVersions: [String]
    public var ncclVersions: [String]
}
