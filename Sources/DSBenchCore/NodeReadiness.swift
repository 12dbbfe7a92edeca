import Foundation

/// What `dsbench doctor` found on one node: a value the engine fills and the renderers print.
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
    public var ncclProbe: NcclProbeOutcome?
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

    /// Everything else unknown until the probes fill it in.
    public init(node: String, reachable: Bool, problems: [String]) {
        self.node = node; self.reachable = reachable; self.problems = problems
    }

    public var ready: Bool { problems.isEmpty }

    /// The VERSION column of `doctor`: what the nccl-tests probe found, or why there is nothing.
    public var ncclProbeSummary: String {
        switch ncclProbe {
        case .ok?:
            var text = ncclTestsVersion ?? "?"
            if let headers = ncclHeadersCode, let library = ncclLibraryCode, headers != library {
                text += " (nccl-headers=\(headers) nccl-library=\(library))"
            } else if let nccl = ncclVersion {
                text += " (NCCL \(nccl))"
            }
            return text
        case .noVersionLine?: return "unknown (no version line: nccl-tests < 2.17?)"
        case .failed?: return "failed: \(ncclProbeDetail ?? "?")"
        case .skipped?: return "not probed (\(ncclProbeDetail ?? "skipped"))"
        case nil: return "-"
        }
    }
}

/// How doctor's tiny nccl-tests run went.
public enum NcclProbeOutcome: String, Sendable, Codable {
    /// The run printed a version line.
    case ok
    /// The run succeeded but printed no version line (nccl-tests older than 2.17).
    case noVersionLine = "no-version-line"
    case failed
    /// Not run: `--no-nccl-probe`, no nvidia-smi, or no nccl-tests binary.
    case skipped
}

/// Limits a node must meet to be called ready.
public struct ReadinessLimits: Sendable, Equatable {
    public var minimumFreeDiskBytes: Int64
    public var maximumClockSkewSeconds: Double

    public init(minimumFreeDiskBytes: Int64 = 1 << 30, maximumClockSkewSeconds: Double = 1) {
        self.minimumFreeDiskBytes = minimumFreeDiskBytes; self.maximumClockSkewSeconds = maximumClockSkewSeconds
    }
}
