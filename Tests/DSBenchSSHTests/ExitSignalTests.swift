import DSBenchCore
@testable import DSBenchSSH
import Foundation
import Testing

/// `exit 130` and death by SIGINT both make a shell's `wait` say 130. The remote wrapper execs the
/// command in place, so sshd itself sees the wait status and sends exit-status or exit-signal.
@Suite(.serialized) struct ExitSignalTests {
    @Test func exitCodesAbove128AreExitsAndSignalsAreSignals() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 2)
        defer { cluster.shutdown() }
        let node = cluster.executor(for: "127.0.0.2")
        func run(_ script: String) async -> Termination {
            await node.run(PlannedCommand(label: "main", argv: ["sh", "-c", script], timeoutSeconds: 30), output: nil).termination
        }
        #expect(await run("exit 130") == .exited(130))
        // SIGINT reaches the command with its default action (as a background job of a shell, the
        // old wrapper's way, it had SIGINT ignored: POSIX shells do that for asynchronous lists).
        #expect(await run("kill -INT $$; echo survived") == .signaled(SIGINT))
        #expect(await run("exit 139") == .exited(139))
        #expect(await run("kill -SEGV $$") == .signaled(SIGSEGV))
        #expect(await run("exit 137") == .exited(137))
        #expect(await run("kill -KILL $$") == .signaled(SIGKILL))
        #expect(await run("exit 255") == .exited(255))
        #expect(cluster.handshakeCount(for: "127.0.0.2") == 1)
    }
}
