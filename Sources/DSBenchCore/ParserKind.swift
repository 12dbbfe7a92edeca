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
    /// A workload's stdout: metrics by the step's declared rules, and failure classification.
    case workload
    /// A workload's stderr: failure classification only (tracebacks, torchrun's error report).
    case workloadLog = "workload-log"
    /// PyTorch profiler Chrome trace, JSON or gzipped JSON.
    case torchTrace = "torch-trace"
    /// `nvidia-smi -q` (any `-d` sections) as text, or `nvidia-smi -q -x` XML: per-GPU health.
    case smiQ = "smi-q"
    /// The health `nvidia-smi --query-gpu=… --format=csv` (`InventoryCommands.healthQueryFields`).
    case smiHealth = "smi-health"
    /// `dmesg` or `journalctl -k`: the NVIDIA driver's Xid and SXid lines.
    case kernelLog = "kernel-log"
    /// `nvidia-smi nvlink -e`: per-link error counters.
    case nvlinkErrors = "nvlink-errors"
    /// NVIDIA nvbandwidth's output, its text or its JSON (`-j`) form.
    case nvbandwidth
    /// Nsight Compute `--csv` output: details page, `--page raw` or `--print-summary per-kernel`.
    case ncuCSV = "ncu-csv"
    /// `nsys stats --format csv` reports.
    case nsysStats = "nsys-stats"
}
