import DSBenchCore
import Foundation

/// `gpus: auto` is planned as the argv pair `-g {gpus}`: the plan stays a pure function of the suite,
/// and the engine substitutes the real count once the node's inventory (or `nvidia-smi -L`) tells it.
/// A workload's argv may hold `{gpus}` too, inside an element (`--nproc_per_node={gpus}`): a
/// torchrun job then starts one process per GPU of its node, one on a one-GPU node.
/// The only other placeholder in a plan is `NvbandwidthPlaceholder`, resolved from the same count.
public enum GPUCountPlaceholder {
    public static let token = "{gpus}"
    public static let flag = "-g"
}

extension PlannedCommand {
    /// True when argv still holds `-g {gpus}` (or, in a workload, `{gpus}` anywhere).
    public var needsGPUCount: Bool {
        if NvbandwidthPlaceholder.needsGPUCount(self) { return true }
        if parser == .workload { return argv.contains { $0.contains(GPUCountPlaceholder.token) } }
        return zip(argv, argv.dropFirst()).contains { $0 == GPUCountPlaceholder.flag && $1 == GPUCountPlaceholder.token }
    }

    /// A copy with every `{gpus}` that directly follows `-g` replaced by `count`; in a workload,
    /// every `{gpus}` in any element. Other elements are left alone, so a user's literal `{gpus}`
    /// elsewhere in an nccl-tests or command argv is never rewritten.
    public func resolvingGPUs(count: Int) -> PlannedCommand {
        var copy = self
        if parser == .nvbandwidth {
            copy.argv = NvbandwidthPlaceholder.resolving(argv, gpus: count)
            return copy
        }
        if parser == .workload {
            copy.argv = argv.map { $0.replacingOccurrences(of: GPUCountPlaceholder.token, with: String(count)) }
            return copy
        }
        for index in copy.argv.indices.dropFirst()
        where copy.argv[index] == GPUCountPlaceholder.token && copy.argv[index - 1] == GPUCountPlaceholder.flag {
            copy.argv[index] = String(count)
        }
        return copy
    }
}

extension PlannedStep {
    public var needsGPUCount: Bool { commands.contains(where: \.needsGPUCount) }

    public func resolvingGPUs(count: Int) -> PlannedStep {
        var copy = self
        copy.commands = commands.map { $0.resolvingGPUs(count: count) }
        return copy
    }
}
