import DSBenchCore
import Foundation

/// One command on one node, from channel open to exit status. Runs on a pool thread.
struct RemoteRun {
    let cluster: SSHCluster
    let node: String
    let command: String
    let timeout: Double
    let cancel: CancelFlag
    let output: (@Sendable (Bool, [UInt8]) -> Void)?

    private enum Stop { case timeout, cancel }

    func execute(startedAt: Date) -> ExecResult {
        func failed(_ why: String) -> ExecResult {
            ExecResult(stdout: [], stderr: [], termination: .failedToStart(why), startedAt: startedAt, endedAt: Date())
        }
        let connection: SSHConnection
        switch cluster.connection(for: node, cancel: cancel) {
        case .failure(let failure):
            return cancel.isRaised ? ExecResult(stdout: [], stderr: [], termination: .cancelled, startedAt: startedAt, endedAt: Date())
                : failed(failure.description)
        case .success(let open): connection = open
        }
        let channel: RemoteChannel
        do {
            channel = try connection.exec(command, output: output)
        } catch {
            if case .lost = error { cluster.discard(connection) }
            return failed(error.description)
        }

        // The clock starts when the command does: waiting for a pool thread or for the node's
        // handshake is not the command's time.
        let began = Date()
        let deadline = timeout.isFinite && timeout > 0 ? began.addingTimeInterval(timeout) : nil
        let grace = max(0, cluster.settings(for: node).killGraceSeconds)
        var stop: Stop?
        var stopSentAt = Date.distantFuture
        var idle = IdleWait()
        while !connection.isFinished(channel) && connection.lost == nil {
            if stop == nil {
                if cancel.isRaised { stop = .cancel }
                else if let deadline, Date() >= deadline { stop = .timeout }
                if stop != nil {
                    connection.sendEOF(channel)
                    stopSentAt = Date()
                }
            } else if Date().timeIntervalSince(stopSentAt) > grace + 5 {
                break   // the watchdog did not end it: give up on the channel, not on the run
            }
            if connection.pump() { idle.reset() } else { connection.waitReadable(milliseconds: idle.next()) }
        }
        let lost = connection.lost
        let status = connection.finish(channel)
        var (stdout, stderr) = connection.outputs(channel)
        let termination: Termination
        if let lost {
            cluster.discard(connection)
            stderr += Array("\ndsbench: connection to node \(node) lost: \(lost)\n".utf8)
            termination = .signaled(SIGHUP)
        } else if let stop {
            termination = stop == .timeout ? .timedOut(seconds: timeout) : .cancelled
        } else if let status {
            if case .status(let code) = status, let why = Self.startFailure(status: code, stdout: stdout, stderr: stderr) {
                return failed("\(why) on node \(node)")
            }
            termination = status.termination
        } else {
            stderr += Array("\ndsbench: node \(node) sent no exit status\n".utf8)
            termination = .signaled(SIGKILL)
        }
        return ExecResult(stdout: stdout, stderr: stderr, termination: termination, startedAt: began, endedAt: Date())
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

/// How long to sleep on the socket when nothing arrived: 1 ms, doubling to 50 ms, back to 1 ms on
/// any progress. libssh may already hold the next packets in its own buffer, where `poll` on the
/// socket cannot see them, so a flat 50 ms wait cost every short command 50 ms (measured); a
/// long-running command still costs at most 20 idle wake-ups a second.
struct IdleWait {
    private var milliseconds: Int32 = 1
    mutating func reset() { milliseconds = 1 }
    mutating func next() -> Int32 {
        defer { milliseconds = min(milliseconds * 2, 50) }
        return milliseconds
    }
}
