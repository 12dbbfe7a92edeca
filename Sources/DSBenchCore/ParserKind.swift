/// Which parser turns an artifact's bytes into records. Stored with each artifact so that
/// `dsbench reparse` can rebuild every parsed table from raw captures.
public enum ParserKind: String, Sendable, Codable, CaseIterable {
    case ncclTests = "nccl-tests"
    case ncclTestsJSON = "nccl-tests-json"
    case dmon
    case queryGPU = "query-gpu"
    case topo
    case nvlink
    /// `nvidia-smi` without arguments: driver and CUDA versions from its header.
    case smiSummary = "smi-summary"
    case uname
    case osRelease = "os-release"
}
