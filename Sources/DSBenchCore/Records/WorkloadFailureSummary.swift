extension WorkloadReport {
    /// One sentence for a failed step: the most telling failure (out of memory before NCCL
    /// timeouts before NCCL errors before signals), with the first failed rank when torchrun says.
    public var failureSummary: String? {
        let order: [WorkloadFailure.Kind] = [.outOfMemory, .ncclTimeout, .ncclError, .killedBySignal, .launcher]
        guard let kind = order.first(where: { kind in failures.contains { $0.kind == kind } }),
              let failure = failures.first(where: { $0.kind == kind }) else { return nil }
        let label: String
        switch kind {
        case .outOfMemory: label = "CUDA out of memory"
        case .ncclTimeout: label = "NCCL collective timed out (watchdog)"
        case .ncclError: label = "NCCL error"
        case .killedBySignal: label = "worker killed by signal \(failure.signal.map(String.init) ?? "?")"
        case .launcher: label = "launcher reported a failed worker"
        }
        var text = "\(label) (line \(failure.line): \(failure.message))"
        if let first = failures.first(where: { $0.kind == .launcher }), kind != .launcher {
            text += "; \(first.message)"
        } else if kind != .launcher, let rank = failure.rank {
            text += " on rank \(rank)"
        }
        return text
    }
}
