import Foundation

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, completed, failed, interrupted
}

public enum StepStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, completed, failed
    case timedOut = "timed_out"
    case interrupted, skipped
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

    public init(id: Int64, suiteName: String, source: RunSource, status: RunStatus, startedAt: Date? = nil,
                endedAt: Date? = nil, stepCounts: [StepStatus: Int], nodeCount: Int, labels: [String: String]) {
        self.id = id; self.suiteName = suiteName; self.source = source; self.status = status
        self.startedAt = startedAt; self.endedAt = endedAt; self.stepCounts = stepCounts
        self.nodeCount = nodeCount; self.labels = labels
    }
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

    public init(id: Int64, suiteName: String, suiteHash: String, suiteText: String? = nil, source: RunSource,
                status: RunStatus, startedAt: Date? = nil, endedAt: Date? = nil, dsbenchVersion: String,
                user: String? = nil, host: String? = nil, pid: Int32? = nil, labels: [String: String]) {
        self.id = id; self.suiteName = suiteName; self.suiteHash = suiteHash; self.suiteText = suiteText
        self.source = source; self.status = status; self.startedAt = startedAt; self.endedAt = endedAt
        self.dsbenchVersion = dsbenchVersion; self.user = user; self.host = host; self.pid = pid
        self.labels = labels
    }
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

    public init(run: RunInfo, steps: [StepDetail], nodes: [NodeDetail], diagnosticCount: Int, dmonSampleCount: Int,
                idleDmonSampleCount: Int = 0) {
        self.run = run; self.steps = steps; self.nodes = nodes; self.diagnosticCount = diagnosticCount
        self.dmonSampleCount = dmonSampleCount; self.idleDmonSampleCount = idleDmonSampleCount
    }
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

    public init(id: Int64, seq: Int, key: String, name: String, kind: String, node: String, variant: String? = nil,
                repeatIndex: Int, argv: [String], plannedArgv: [String]? = nil, env: [String: String],
                status: StepStatus, exitCode: Int32? = nil, signal: Int32? = nil, startedAt: Date? = nil,
                endedAt: Date? = nil, error: String? = nil, nccl: NcclStepSummary? = nil, dmonSampleCount: Int,
                diagnosticCount: Int) {
        self.id = id; self.seq = seq; self.key = key; self.name = name; self.kind = kind; self.node = node
        self.variant = variant; self.repeatIndex = repeatIndex; self.argv = argv; self.plannedArgv = plannedArgv
        self.env = env; self.status = status; self.exitCode = exitCode; self.signal = signal
        self.startedAt = startedAt; self.endedAt = endedAt; self.error = error; self.nccl = nccl
        self.dmonSampleCount = dmonSampleCount; self.diagnosticCount = diagnosticCount
    }
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

    public init(program: String? = nil, collective: String? = nil, ranks: Int? = nil, gpuModel: String? = nil,
                avgBusbw: Double? = nil, rowCount: Int, complete: Bool, outOfBounds: Int? = nil,
                outOfBoundsOK: Bool? = nil, ncclVersion: String? = nil, testsVersion: String? = nil,
                errorCount: Int) {
        self.program = program; self.collective = collective; self.ranks = ranks; self.gpuModel = gpuModel
        self.avgBusbw = avgBusbw; self.rowCount = rowCount; self.complete = complete
        self.outOfBounds = outOfBounds; self.outOfBoundsOK = outOfBoundsOK; self.ncclVersion = ncclVersion
        self.testsVersion = testsVersion; self.errorCount = errorCount
    }
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

    public init(name: String, hostname: String? = nil, status: String? = nil, error: String? = nil,
                gpuNames: [String], driverVersions: [String], cudaVersions: [String], ncclVersions: [String]) {
        self.name = name; self.hostname = hostname; self.status = status; self.error = error
        self.gpuNames = gpuNames; self.driverVersions = driverVersions; self.cudaVersions = cudaVersions
        self.ncclVersions = ncclVersions
    }
}
