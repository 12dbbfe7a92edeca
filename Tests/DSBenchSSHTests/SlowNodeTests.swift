import DSBenchCore
import DSBenchExec
@testable import DSBenchSSH
import DSBenchTestSupport
import Foundation
import Testing

/// A node whose sshd stops answering holds its session's lock in a blocking channel open; the
/// watcher must go on enforcing the other nodes' timeouts meanwhile.
@Suite(.serialized) struct SlowNodeTests {
    @Test func aFrozenNodeDoesNotDelayAnotherNodesTimeout() async throws {
        let keys = try TestKeys()
        let both = try TestSSHD.startSharingAPort(keys: keys, groups: [(["127.0.0.2"], []), (["127.0.0.3"], [])])
        let frozen = both[0], healthy = both[1]
        var stopped: [pid_t] = []
        defer {
            for pid in stopped { kill(pid, SIGCONT) }
            frozen.stop(); healthy.stop()
        }
        let cluster = try keys.cluster(frozen, nodes: ["127.0.0.2", "127.0.0.3"], parallel: 4)
        defer { cluster.shutdown() }
        let slowNode = cluster.executor(for: "127.0.0.2"), otherNode = cluster.executor(for: "127.0.0.3")

        // A command keeps a watch on the frozen node's session, then its sshd processes are stopped.
        let longStarted = keys.dir.appendingPathComponent("long.started").path
        let long = Task {
            await slowNode.run(PlannedCommand(label: "main", argv: ["sh", "-c", "touch \(longStarted); exec sleep 30"],
                                              timeoutSeconds: 60), output: nil)
        }
        _ = await otherNode.run(PlannedCommand(label: "warm", argv: ["true"], timeoutSeconds: 10), output: nil)
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: longStarted) { try await Task.sleep(for: .milliseconds(20)) }
        stopped = Self.descendants(of: frozen.pid)
        #expect(!stopped.isEmpty)
        for pid in stopped { kill(pid, SIGSTOP) }

        // A second command on the frozen node blocks in its channel open, holding the session.
        let blocked = Task { await slowNode.run(PlannedCommand(label: "main", argv: ["true"], timeoutSeconds: 10), output: nil) }
        try await Task.sleep(for: .milliseconds(300))
        // And a third one asks the cluster for the frozen node's session, which is busy.
        let waiting = Task { await slowNode.run(PlannedCommand(label: "main", argv: ["true"], timeoutSeconds: 10), output: nil) }
        try await Task.sleep(for: .milliseconds(300))
        let sent = Date()
        let timed = await otherNode.run(PlannedCommand(label: "main", argv: ["sleep", "10"], timeoutSeconds: 1), output: nil)
        #expect(timed.termination == .timedOut(seconds: 1))
        // The test settings' connect timeout (libssh's blocking limit) is 5 s: a watcher, or a
        // cluster lookup, waiting for the frozen session would have held this command up that long.
        #expect(timed.endedAt.timeIntervalSince(timed.startedAt) < 4, "\(timed.endedAt.timeIntervalSince(timed.startedAt)) s")
        #expect(Date().timeIntervalSince(sent) < 4, "from the call to its result: \(Date().timeIntervalSince(sent)) s")

        for pid in stopped { kill(pid, SIGCONT) }
        long.cancel()
        _ = await blocked.value
        _ = await waiting.value
        _ = await long.value
    }

    /// Every process below `pid` (sshd's per-connection monitor and its unprivileged child).
    static func descendants(of pid: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        var frontier = [pid]
        while let next = frontier.popLast() {
            let children = Spawn.children(of: next)
            found += children
            frontier += children
        }
        return found
    }
}
