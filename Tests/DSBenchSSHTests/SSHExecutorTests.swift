import DSBenchCore
import DSBenchExec
@testable import DSBenchSSH
import DSBenchTestSupport
import Foundation
import Testing

/// One command at a time against a real sshd on loopback addresses.
@Suite(.serialized) struct SSHExecutorTests {
    static func command(_ argv: [String], timeout: Double = 30, env: [EnvVar] = [], workdir: String? = nil) -> PlannedCommand {
        PlannedCommand(label: "main", argv: argv, env: env, workingDirectory: workdir, timeoutSeconds: timeout)
    }

    @Test func streamsAndExitStatusArriveSeparately() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 4)
        defer { cluster.shutdown() }
        let result = await cluster.executor(for: "127.0.0.2")
            .run(Self.command(["sh", "-c", "echo out; echo err >&2; exit 3"]), output: nil)
        #expect(String(decoding: result.stdout, as: UTF8.self) == "out\n")
        #expect(String(decoding: result.stderr, as: UTF8.self) == "err\n")
        #expect(result.termination == .exited(3))

        let killed = await cluster.executor(for: "127.0.0.2").run(Self.command(["sh", "-c", "kill -USR1 $$"]), output: nil)
        #expect(killed.termination == .signaled(SIGUSR1))
        #expect(cluster.handshakeCount(for: "127.0.0.2") == 1)
    }

    @Test func valuesReachTheRemoteSideLiterally() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 2)
        defer { cluster.shutdown() }
        let canary = keys.dir.appendingPathComponent("canary").path
        _ = FileManager.default.createFile(atPath: canary, contents: Data("alive".utf8))
        let hostile = ["; rm -f \(canary)", "$(rm -f \(canary))", "`rm -f \(canary)`", "it's \"quoted\"", "a b\tc", "", "*"]
        let space = keys.dir.appendingPathComponent("dir with 'quote'").path
        try FileManager.default.createDirectory(atPath: space, withIntermediateDirectories: true)
        let result = await cluster.executor(for: "127.0.0.2").run(Self.command(
            ["sh", "-c", "printf '[%s]\\n' \"$@\"; printf 'V=[%s]\\n' \"$V\"; pwd", "argv0"] + hostile,
            env: [EnvVar("V", "x; rm -f \(canary) 'q'")], workdir: space), output: nil)
        #expect(result.termination == .exited(0))
        let expected = hostile.map { "[\($0)]" } + ["V=[x; rm -f \(canary) 'q']", space]
        #expect(String(decoding: result.stdout, as: UTF8.self) == expected.joined(separator: "\n") + "\n")
        #expect(FileManager.default.fileExists(atPath: canary))
    }

    @Test func missingProgramAndDirectoryAreStartFailures() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 2)
        defer { cluster.shutdown() }
        let executor = cluster.executor(for: "127.0.0.2")
        let missing = await executor.run(Self.command(["no_such_perf", "-b", "8"]), output: nil)
        #expect(missing.termination == .failedToStart("no_such_perf: command not found on node 127.0.0.2"))
        let nodir = await executor.run(Self.command(["true"], workdir: "/no/such/dir"), output: nil)
        #expect(nodir.termination == .failedToStart("cannot change to directory /no/such/dir on node 127.0.0.2"))
        let badEnv = await executor.run(Self.command(["true"], env: [EnvVar("A;B", "x")]), output: nil)
        #expect(badEnv.termination == .failedToStart("'A;B' is not an environment variable name on node 127.0.0.2"))
    }

    @Test func hangingCommandIsKilledAtItsTimeoutWithItsRemoteProcess() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 2)
        defer { cluster.shutdown() }
        let pidFile = keys.dir.appendingPathComponent("remote.pid").path
        // The handshake is paid first, so the time measured is the command's alone.
        let warm = await cluster.executor(for: "127.0.0.2").run(Self.command(["true"]), output: nil)
        #expect(warm.termination == .exited(0))
        let began = Date()
        let result = await cluster.executor(for: "127.0.0.2").run(Self.command(
            ["sh", "-c", "sleep 300 & echo $! > \(pidFile); echo started; wait"], timeout: 1.5), output: nil)
        let elapsed = Date().timeIntervalSince(began)
        #expect(result.termination == .timedOut(seconds: 1.5))
        #expect(String(decoding: result.stdout, as: UTF8.self) == "started\n")
        #expect(elapsed >= 1.5 && elapsed < 5, "took \(elapsed) s")
        let remote = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone { gone = !Spawn.isAlive(remote); if !gone { usleep(30_000) } }
        #expect(gone, "remote sleep \(remote) survived the timeout")
        // The session survives a timeout: the next command reuses it.
        let next = await cluster.executor(for: "127.0.0.2").run(Self.command(["true"]), output: nil)
        #expect(next.termination == .exited(0))
        #expect(cluster.handshakeCount(for: "127.0.0.2") == 1)
    }

    @Test func onePoolThreadStillRunsCommandsSideBySide() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2", "127.0.0.3"])
        defer { sshd.stop() }
        // The pool bounds handshakes and channel opens; running commands are waited for by the
        // watcher thread. Before, a running command held a pool thread, and with one thread these
        // four would have run one after another.
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2", "127.0.0.3"], parallel: 1)
        defer { cluster.shutdown() }
        // Both handshakes first: on one thread they are serial, and a loaded machine could spend
        // the length of a command on the second one.
        for node in ["127.0.0.2", "127.0.0.3"] {
            #expect(await cluster.executor(for: node).run(Self.command(["true"]), output: nil).termination == .exited(0))
        }
        let results = await withTaskGroup(of: ExecResult.self) { group in
            for node in ["127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3"] {
                group.addTask { await cluster.executor(for: node).run(Self.command(["sleep", "2"], timeout: 30), output: nil) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.map(\.termination) == Array(repeating: .exited(0), count: 4))
        let lastStart = results.map(\.startedAt).max()!, firstEnd = results.map(\.endedAt).min()!
        #expect(lastStart < firstEnd, "all four were running at the same moment")
        #expect(results.allSatisfy { $0.endedAt.timeIntervalSince($0.startedAt) >= 1.9 })
    }

    @Test func cancellationStopsTheRemoteProcess() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 2)
        defer { cluster.shutdown() }
        let pidFile = keys.dir.appendingPathComponent("remote.pid").path
        let executor = cluster.executor(for: "127.0.0.2")
        let task = Task { await executor.run(Self.command(["sh", "-c", "echo $$ > \(pidFile); exec sleep 300"]), output: nil) }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: pidFile) { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let result = await task.value
        #expect(result.termination == .cancelled)
        let remote = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone { gone = !Spawn.isAlive(remote); if !gone { usleep(30_000) } }
        #expect(gone)
    }

    @Test func captureRunsBesideACommandOnTheSameSession() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let cluster = try keys.cluster(sshd, nodes: ["127.0.0.2"], parallel: 2)
        defer { cluster.shutdown() }
        let executor = cluster.executor(for: "127.0.0.2")
        let pidFile = keys.dir.appendingPathComponent("capture.pid").path
        let countFile = keys.dir.appendingPathComponent("capture.count").path
        let capture = await executor.startCapture(PlannedCapture(
            name: "ticks", argv: ["sh", "-c", """
                echo $$ > \(pidFile); n=0; while :; do echo tick; n=$((n+1)); echo $n > \(countFile); sleep 0.1; done
                """], parser: nil))
        // The step lasts until the capture beside it has ticked five times (or its timeout).
        let step = await executor.run(Self.command(["sh", "-c", """
            until [ "$(cat \(countFile) 2>/dev/null)" -ge 5 ] 2>/dev/null; do sleep 0.05; done
            """], timeout: 20), output: nil)
        #expect(step.termination == .exited(0))
        let stopped = await capture.stop()
        let ticks = String(decoding: stopped.stdout, as: UTF8.self).split(separator: "\n")
        #expect(ticks.count >= 5 && ticks.allSatisfy { $0 == "tick" }, "\(ticks)")
        #expect(stopped.termination == .signaled(SIGTERM), "\(String(decoding: stopped.stderr, as: UTF8.self))")
        let remote = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Spawn.isAlive(remote))
        #expect(cluster.handshakeCount(for: "127.0.0.2") == 1)
    }
}
