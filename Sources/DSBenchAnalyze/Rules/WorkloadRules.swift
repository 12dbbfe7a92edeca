import DSBenchCore

/// What a workload's profiler trace says about how it uses the hardware.
enum WorkloadRules {
    static let all: [HealthRule] = [overlapLow]

    /// Advice, not a fault of the machine: how much communication compute hides is a property of
    /// the job (bucket sizes, prefetching, the model's shape). The 60 % default is the figure the
    /// deployment field guides give (issue 11); the real captures sit on both sides of it: the
    /// 8×H200 DDP step overlaps 83.9 %, the tiny 2×H200 MLP 5.6 % (its all-reduce is mostly exposed).
    static let overlapLow = HealthRule(
        id: "workload.overlap_low", severity: .info,
        summary: "in a workload's profiler trace, compute hides less than a share of a GPU's NCCL kernel time (advice)",
        hint: "overlap gradient communication with backward compute: DDP bucket size (bucket_cap_mb), FSDP prefetch, "
            + "fewer larger collectives; a collective issued on the compute stream cannot overlap",
        thresholds: [.overlapPercent],
        check: { input, rule in
            let limit = input.threshold(.overlapPercent)
            // Without NCCL kernels the overlap is 0 by definition: nothing to hide, nothing to advise.
            return input.traces.filter { $0.ncclMicroseconds > 0 && $0.overlapPercent < limit }.map { trace in
                rule.finding(
                    "GPU \(trace.device) on \(trace.node): compute hid \(Num.text(trace.overlapPercent)) % of NCCL kernel "
                        + "time during \(trace.stepKey), below \(Num.text(limit)) %",
                    node: trace.node, gpu: trace.device, step: trace.stepKey,
                    evidence: "profiler trace, device \(trace.device): NCCL kernels \(Num.text(trace.ncclMicroseconds)) µs, "
                        + "\(Num.text(trace.exposedCommMicroseconds)) µs of it exposed (not overlapped by compute kernels)",
                    observed: trace.overlapPercent, expected: limit)
            }
        })
}
