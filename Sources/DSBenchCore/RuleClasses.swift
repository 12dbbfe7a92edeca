

/// The class of every rule dsbench knows: the one table that says which findings are a fault of the
/// hardware and which are advice. A test keeps it complete (every health rule is listed).
public enum RuleClasses {
    public static let defaults: [String: RuleClass] = [
        // Wrong results.
        "nccl.correctness": .correctness,
        // Against the run's baseline.
        "regression.busbw": .regression,
        "regression.metric": .regression,
        // The hardware is not performing as it can.
        "fleet.outlier": .degraded,
        "fleet.metric_outlier": .degraded,
        "busbw.below_expected": .degraded,
        "metric.below_expected": .degraded,
        "nccl.busbw.implausible": .degraded,
        "nccl.transport.shm": .degraded,
        "nccl.transport.socket": .degraded,
        "nccl.transport.net_in_node": .degraded,
        "nccl.channels.fewer": .degraded,
        "pcie.link_degraded": .degraded,
        "gpu.clocks_throttled": .degraded,
        "gpu.violation": .degraded,
        "gpu.errors_rising": .degraded,
        "inventory.mixed_gpus": .degraded,
        "inventory.changed": .degraded,
        "gpu.ecc_uncorrectable": .degraded,
        "gpu.row_remap_pending": .degraded,
        "gpu.row_remap_failed": .degraded,
        "gpu.retired_pages_pending": .degraded,
        "gpu.clock_slowdown": .degraded,
        "gpu.nvlink_errors": .degraded,
        "gpu.xid": .degraded,
        "nvswitch.sxid": .degraded,
        "pairs.bad_node": .degraded,
        "pairs.bad_gpu": .degraded,
        "pairs.bad_link": .degraded,
        // Worth a look.
        "inventory.mixed_software": .advice,
        "nccl.warn": .advice,
        "gpu.low_util": .advice,
        "gpu.memory_high": .advice,
        "gpu.temperature": .advice,
        "workload.overlap_low": .advice,
        // Not a judgement of the hardware.
        "execution.step": .execution,
        "execution.node": .execution,
        "execution.run": .execution,
        // Measured host↔device bandwidth (nvbandwidth): the hardware is not performing as it can.
        "pcie.bandwidth_low": .degraded,
        "pcie.bandwidth_outlier": .degraded,
    ]

    /// The class of `rule`; a rule this table does not know (a newer database) is advice unless it
    /// was critical, so an unknown rule can never silently pass a critical problem.
    public static func of(_ rule: String, severity: Finding.Severity = .warning) -> RuleClass {
        defaults[rule] ?? (severity == .critical ? .degraded : .advice)
    }
}
