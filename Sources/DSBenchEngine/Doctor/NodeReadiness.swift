import Foundation

/// What `dsbench doctor` found on one node.
public struct NodeReadiness: Sendable, Equatable, Codable {
    public var node: String
    /// Connected, host key verified and logged in (always true for `local`).
    public var reachable: Bool
    /// Why not, when `reachable` is false (the one-line connection error).
    public var error: String?
    public var hostname: String?
    public var nvidiaSmi: String?
    public var driverVersion: String?
    public var gpuCount: Int?
    /// Path of the first nccl-tests binary found (`all_reduce_perf`).
    public var ncclTests: String?
    /// The binary accepts `-J` (JSON output, nccl-tests ≥ 2.17.3).
    public var ncclTestsJSON: Bool?
    /// From the banner of a tiny nccl-tests run (`NcclTestsProbe`): `2.19.6`, nccl-headers and
    /// nccl-library codes (`22809`), the NCCL version they decode to (`2.28.9`).
    public var ncclTestsVersion: String?
    public var ncclHeadersCode: Int?
    public var ncclLibraryCode: Int?
    public var ncclVersion: String?
    /// How that run went; nil when no nccl-tests binary was found.
    public var ncclProbe: NcclTestsProbe.Outcome?
    /// The first error line of a failed run, or why it was skipped.
    public var ncclProbeDetail: String?
    public var freeDiskBytes: Int64?
    /// Node clock minus head-node clock, in seconds (at the middle of the probe's round trip).
    public var clockSkewSeconds: Double?
    /// Round trip of the clock probe: the skew is known to ± half of it.
    public var clockRoundTripSeconds: Double?
    /// Every reason the node is not ready to run benchmarks; empty means ready.
    public var problems: [String]
    /// Path of nvbandwidth when found, and the version its `-l` prints (`v0.8`).
    public var nvbandwidth: String?
    public var nvbandwidthVersion: String?
    /// Nsight Compute and Nsight Systems, for `profile:` steps: path when found, and the version
    /// their `--version` prints. Reported, not required: only profiled steps need them.
    public var ncu: String?
    public var ncuVersion: String?
    public var nsys: String?
    public var nsysVersion: String?

    public var ready: Bool { problems.isEmpty }
}

/// Limits a node must meet to be called ready.
public struct ReadinessLimits: Sendable, Equatable {
    public var minimumFreeDiskBytes: Int64
    public var maximumClockSkewSeconds: Double

    public init(minimumFreeDiskBytes: Int64 = 1 << 30, maximumClockSkewSeconds: Double = 1) {
        self.minimumFreeDiskBytes = minimumFreeDiskBytes; self.maximumClockSkewSeconds = maximumClockSkewSeconds
    }
}
