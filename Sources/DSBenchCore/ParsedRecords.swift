/// What a parser made of one artifact. The store maps each case to its tables.
public enum ParsedRecords: Sendable, Equatable {
    case ncclTests(NcclTestsReport)
    case dmon(DmonCapture)
    case queryGPU(GPUQueryTable)
    case topo(TopologyMatrix)
    case nvlink(NvlinkStatus)
    /// Node-level facts such as `driver_version`, `cuda_version`, `kernel`, `os`.
    case facts([String: String], diagnostics: [Diagnostic])
    /// A workload's metrics (from its declared rules) and recognised failures.
    case workload(WorkloadReport)
    /// Per-GPU communication/compute time of a PyTorch profiler trace.
    case torchTrace(TorchTraceReport)
    /// Per-GPU health readings (`smi-q`, `smi-health`, `nvlink-errors`).
    case gpuHealth(GPUHealthReport)
    /// Xid / SXid events of a kernel log.
    case kernelLog(KernelLogReport)
    /// nvbandwidth's testcases with their matrices.
    case nvbandwidth(NvbandwidthReport)
    /// Nsight Compute kernels and their metrics.
    case ncu(NcuReport)
    /// Nsight Systems report tables and trace overlap.
    case nsysStats(NsysStatsReport)

    public var diagnostics: [Diagnostic] {
        switch self {
        case .ncclTests(let r): return r.diagnostics
        case .dmon(let r): return r.diagnostics
        case .queryGPU(let r): return r.diagnostics
        case .topo(let r): return r.diagnostics
        case .nvlink(let r): return r.diagnostics
        case .facts(_, let d): return d
        case .workload(let r): return r.diagnostics
        case .torchTrace(let r): return r.diagnostics
        case .gpuHealth(let r): return r.diagnostics
        case .kernelLog(let r): return r.diagnostics
        case .nvbandwidth(let r): return r.diagnostics
        case .ncu(let r): return r.diagnostics
        case .nsysStats(let r): return r.diagnostics
        }
    }
}
