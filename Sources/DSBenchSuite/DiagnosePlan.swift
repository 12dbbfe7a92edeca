import DSBenchCore

/// `diagnose: true` on an nccl step: a short sweep of the same test with NCCL_DEBUG=INFO, whose
/// channel/transport lines the health rules read (P2P vs shared memory, IB vs sockets, channels).
public enum DiagnosePlan {
    /// 4 MiB to 256 MiB by ×4: quick, and its last size is bandwidth-bound.
    public static let sizes = SizeSweep(minBytes: 4 << 20, maxBytes: 256 << 20, progression: .factor(4))
    /// INIT carries the `Channel … via …` lines, ENV the `set by environment` lines, NET the device lists.
    public static let env = [EnvVar("NCCL_DEBUG", "INFO"), EnvVar("NCCL_DEBUG_SUBSYS", "INIT,ENV,NET")]

    public static func stepName(_ name: String) -> String { name + ".diagnose" }

    /// The diagnostic step's command: the step's own flags with the short sweep, the step's env
    /// plus NCCL_DEBUG (which wins over a suite's NCCL_DEBUG=WARN, say).
    static func command(for nccl: NcclStep, main: PlannedCommand) -> PlannedCommand {
        var short = nccl
        short.sizes = sizes
        short.diagnose = false
        var command = main
        command.argv = Planner.ncclArgv(short)
        command.env = Planner.mergeEnv([main.env, env])
        return command
    }
}
