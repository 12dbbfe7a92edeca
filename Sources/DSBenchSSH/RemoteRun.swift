import DSBenchCore
import Foundation

/// One command on one node, in three parts: `start` opens the channel (pool thread), the cluster's
/// `ChannelWatcher` waits for it without holding a thread, `complete` reads the exit status and
/// closes the channel (pool thread).
enum RemoteRun {
    enum Start {
        case failed(ExecResult)
        case running(SSHConnection, RemoteChannel, began: Date)
    }

    static func start(cluster: SSHCluster, node: String, command: String, cancel: CancelFlag,
                      output: (@Sendable (Bool, [UInt8]) -> Void)?, startedAt: Date) -> Start {
        func failed(_ why: String) -> Start {
            .failed(ExecResult(stdout: [], stderr: [], termination: .failedToStart(why), startedAt: startedAt, endedAt: Date()))
        }
        let connection: SSHConnection
        switch cluster.connection(for: node, cancel: cancel) {
        case .failure(let failure):
            return cancel.isRaised
                ? .failed(ExecResult(stdout: [], stderr: [], termination: .cancelled, startedAt: startedAt, endedAt: Date()))
                : failed(failure.description)
        case .success(let open): connection = open
        }
        do {
            let channel = try connection.exec(command, output: output)
            // The clock starts when the command does: waiting for a pool thread or for the node's
            // handshake is not the command's time.
            return .running(connection, channel, began: Date())
        } catch {
            if case .lost = error { cluster.discard(connection) }
            return failed(error.description)
        }
    }

    static func complete(cluster: SSHCluster, node: String, connection: SSHConnection, channel: RemoteChannel,
                         end: ChannelWatcher.End, timeout: Double, began: Date, endedAt: Date) -> ExecResult {
        let lost = connection.lost
        let status = connection.finish(channel)
        var (stdout, stderr) = connection.outputs(channel)
        let termination: Termination
        if let lost {
            cluster.discard(connection)
            stderr += Array("\ndsbench: connection to node \(node) lost: \(lost)\n".utf8)
            termination = .signaled(SIGHUP)
        } else {
            switch end {
            case .stopped(let reason):
                termination = reason == .timeout ? .timedOut(seconds: timeout) : .cancelled
            case .finished:
                if let status {
                    if case .status(let code) = status, let why = startFailure(status: code, stdout: stdout, stderr: stderr) {
                        return ExecResult(stdout: [], stderr: [], termination: .failedToStart("\(why) on node \(node)"),
                                          startedAt: began, endedAt: endedAt)
                    }
                    termination = status.termination
                } else {
                    stderr += Array("\ndsbench: node \(node) sent no exit status\n".utf8)
                    termination = .signaled(SIGKILL)
                }
            }
        }
        return ExecResult(stdout: stdout, stderr: stderr, termination: termination, startedAt: began, endedAt: endedAt)
    }

    /// An exit-status is an exit code: a command killed by a signal makes sshd send exit-signal
    /// (the wrapper execs the command, or re-raises the signal; see `RemoteCommand`), so 130 here is
    /// a command that called `exit 130`.
    static func termination(ofStatus status: Int32) -> Termination {
        .exited(status)
    }

    /// The wrapper's own "could not start" message (missing program, bad working directory).
    static func startFailure(status: Int32, stdout: [UInt8], stderr: [UInt8]) -> String? {
        guard status == RemoteCommand.notFoundStatus || status == RemoteCommand.cannotStartStatus,
              stdout.isEmpty else { return nil }
        let text = String(decoding: stderr, as: UTF8.self)
        guard let line = text.split(separator: "\n").last, line.hasPrefix(RemoteCommand.failureMarker) else { return nil }
        return String(line.dropFirst(RemoteCommand.failureMarker.count))
    }
}

