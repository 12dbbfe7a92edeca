import DSBenchExec
import DSBenchSSH
import DSBenchSuite

/// The executor of each node a command works on: `local` runs as child processes of dsbench,
/// every other node over its one SSH session (shared by all its steps). `run` and `doctor` reach
/// nodes this way; `shutdown` joins the SSH threads before the process exits.
public final class NodeExecutors: Sendable {
    private let cluster: SSHCluster
    /// The environment of local processes (a run adds its process token to dsbench's own).
    private let localEnvironment: [String: String]?

    public init(ssh: SSHSettings, nodeSSH: [String: SSHSettings] = [:], parallel: Int = SSHCluster.defaultParallel,
                localEnvironment: [String: String]? = nil) {
        cluster = SSHCluster(settings: ssh, nodeSettings: nodeSSH, parallel: parallel)
        self.localEnvironment = localEnvironment
    }

    public func executor(for node: String) -> any Executor {
        guard node == Suite.localNode else { return cluster.executor(for: node) }
        return localEnvironment.map { LocalExecutor(nodeName: node, environment: $0) } ?? LocalExecutor(nodeName: node)
    }

    public func shutdown() { cluster.shutdown() }
}
