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
        let relay = output.map { handler in { @Sendable (isStderr: Bool, bytes: [UInt8]) in handler(isStderr ? .stderr : .stdout, bytes) } }
        let cancel = CancelFlag()
        return await withTaskCancellationHandler {
            let start = await cluster.pool.run {
                RemoteRun.start(cluster: cluster, node: node, command: remote, cancel: cancel, output: relay, startedAt: startedAt)
            }
            guard case .running(let connection, let channel, let began) = start else {
                if case .failed(let result) = start { return result }
                preconditionFailure("unreachable")
            }
            let deadline = timeout.isFinite && timeout > 0 ? began.addingTimeInterval(timeout) : nil
            let (end, endedAt) = await withCheckedContinuation { (continuation: CheckedContinuation<(ChannelWatcher.End, Date), Never>) in
                cluster.watcher.add(ChannelWatcher.Watch(
                    connection: connection, channel: channel, deadline: deadline, cancel: cancel,
                    grace: max(0, cluster.settings(for: connection.node).killGraceSeconds),
                    done: { continuation.resume(returning: ($0, Date())) }))
            }
            return await cluster.pool.run {
                RemoteRun.complete(cluster: cluster, node: node, connection: connection, channel: channel, end: end,
                                   timeout: timeout, began: began, endedAt: endedAt)
            }
        } onCancel: {
            cancel.raise()
            cluster.watcher.wake()
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

    /// Between commands no watch reads the node's session, so the capture's bytes would wait in
    /// libssh and be counted in the next step's window: read them first.
    func progress() async -> CaptureProgress {
        let connection = self.connection, channel = self.channel
        return await cluster.pool.run {
            let now = connection.pumpedStdout(channel)
            return CaptureProgress(stdoutBytes: now.stdout.count, ended: now.finished)
        }
    }

    func stdoutSoFar() async -> [UInt8] {
        let connection = self.connection, channel = self.channel
        return await cluster.pool.run { connection.pumpedStdout(channel).stdout }
    }

    func stop() async -> ExecResult {
        let connection = self.connection, channel = self.channel, cluster = self.cluster, startedAt = self.startedAt
        // A raised flag makes the watcher close the capture's stdin at once and wait, at most the
        // kill grace + 5 s, for the remote watchdog to end it.
        let stopNow = CancelFlag()
        stopNow.raise()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            cluster.watcher.add(ChannelWatcher.Watch(connection: connection, channel: channel, deadline: nil, cancel: stopNow,
                                                     grace: max(0, cluster.settings(for: connection.node).killGraceSeconds),
                                                     done: { _ in continuation.resume() }))
        }
        return await cluster.pool.run {
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
    func progress() async -> CaptureProgress { CaptureProgress(stdoutBytes: 0, ended: true) }
    func stdoutSoFar() async -> [UInt8] { [] }
    func stop() async -> ExecResult { result }
}

extension SSHExecutor: NodeHealthReporting {
    public var unreachableReason: String? { cluster.failure(for: nodeName)?.description }
}
