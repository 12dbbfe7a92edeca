import DSBenchCore
import DSBenchExec
import Foundation

/// Runs planned commands on one remote node over its shared libssh session.
///
/// Never throws for a node problem: an unreachable node, a refused host key or a failed login is
/// `Termination.failedToStart` with a one-line reason naming the node; a connection that drops
/// mid-command keeps the partial output and ends as SIGHUP with the reason appended to stderr.
public struct SSHExecutor: Executor {
    public let nodeName: String
    let cluster: SSHCluster

    init(node: String, cluster: SSHCluster) {
        nodeName = node
        self.cluster = cluster
    }

    public func run(_ command: PlannedCommand, output: OutputHandler?) async -> ExecResult {
        let startedAt = Date()
        if Task.isCancelled { return ExecResult(stdout: [], stderr: [], termination: .cancelled, startedAt: startedAt, endedAt: Date()) }
        let remote: String
        do {
            remote = try RemoteCommand.build(argv: command.argv, env: command.env,
                                             workingDirectory: command.workingDirectory,
                                             searchPaths: command.searchPaths,
                                             killGrace: cluster.settings(for: nodeName).killGraceSeconds)
        } catch {
            return ExecResult(stdout: [], stderr: [], termination: .failedToStart("\(error) on node \(nodeName)"),
                              startedAt: startedAt, endedAt: Date())
        }
        let cluster = self.cluster
        let node = nodeName
        let timeout = command.timeoutSeconds
        return await cluster.pool.runCancellable { cancel in
            RemoteRun(cluster: cluster, node: node, command: remote, timeout: timeout, cancel: cancel,
                      output: output.map { handler in { @Sendable isStderr, bytes in handler(isStderr ? .stderr : .stdout, bytes) } })
                .execute(startedAt: startedAt)
        }
    }

    public func startCapture(_ capture: PlannedCapture) async -> any RunningCapture {
        let startedAt = Date()
        let remote: String
        do {
            remote = try RemoteCommand.build(argv: capture.argv, env: capture.env, workingDirectory: nil,
                                             searchPaths: [], killGrace: cluster.settings(for: nodeName).killGraceSeconds)
        } catch {
            return SSHFailedCapture(result: ExecResult(stdout: [], stderr: [], termination: .failedToStart("\(error) on node \(nodeName)"),
                                                       startedAt: startedAt, endedAt: Date()))
        }
        let cluster = self.cluster
        let node = nodeName
        return await cluster.pool.runCancellable { cancel -> any RunningCapture in
            switch cluster.connection(for: node, cancel: cancel) {
            case .failure(let failure):
                return SSHFailedCapture(result: ExecResult(stdout: [], stderr: [], termination: .failedToStart(failure.description),
                                                           startedAt: startedAt, endedAt: Date()))
            case .success(let connection):
                do {
                    let channel = try connection.exec(remote, output: nil)
                    return SSHCapture(cluster: cluster, connection: connection, channel: channel, startedAt: startedAt)
                } catch {
                    return SSHFailedCapture(result: ExecResult(stdout: [], stderr: [], termination: .failedToStart("\(error)"),
                                                               startedAt: startedAt, endedAt: Date()))
                }
            }
        }
    }
}

/// A background capture on a remote node: its channel is read by whichever command of the node is
/// running, and `stop()` closes its stdin so the remote watchdog stops the capture's process group.
final class SSHCapture: RunningCapture, @unchecked Sendable {
    let cluster: SSHCluster
    let connection: SSHConnection
    let channel: RemoteChannel
    let startedAt: Date

    init(cluster: SSHCluster, connection: SSHConnection, channel: RemoteChannel, startedAt: Date) {
        self.cluster = cluster; self.connection = connection; self.channel = channel; self.startedAt = startedAt
    }

    func stop() async -> ExecResult {
        let connection = self.connection, channel = self.channel, cluster = self.cluster, startedAt = self.startedAt
        return await cluster.pool.run {
            connection.sendEOF(channel)
            let limit = Date().addingTimeInterval(max(0, cluster.settings(for: connection.node).killGraceSeconds) + 5)
            while !connection.isFinished(channel) && connection.lost == nil && Date() < limit {
                if !connection.pump() { connection.waitReadable(milliseconds: 50) }
            }
            let lost = connection.lost
            let status = connection.finish(channel)
            let (stdout, stderr) = connection.outputs(channel)
            let termination: Termination = lost.map { _ in .signaled(SIGHUP) }
                ?? status.map(\.termination) ?? .signaled(SIGKILL)
            return ExecResult(stdout: stdout, stderr: stderr, termination: termination, startedAt: startedAt, endedAt: Date())
        }
    }
}

struct SSHFailedCapture: RunningCapture {
    let result: ExecResult
    func stop() async -> ExecResult { result }
}

extension SSHExecutor: NodeHealthReporting {
    public var unreachableReason: String? { cluster.failure(for: nodeName)?.description }
}
