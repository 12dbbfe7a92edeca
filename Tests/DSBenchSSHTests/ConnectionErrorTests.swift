import DSBenchCore
import DSBenchExec
@testable import DSBenchSSH
import DSBenchTestSupport
import Foundation
import Testing

/// Each way of not getting in is a one-line reason that names the node and the cause.
@Suite(.serialized) struct ConnectionErrorTests {
    static func firstFailure(_ node: String, _ settings: SSHSettings) async -> String {
        let cluster = SSHCluster(settings: settings, parallel: 2)
        defer { cluster.shutdown() }
        let result = await cluster.executor(for: node).run(
            PlannedCommand(label: "main", argv: ["true"], timeoutSeconds: 10), output: nil)
        guard case .failedToStart(let why) = result.termination else { return "unexpected: \(result.termination)" }
        return why
    }

    @Test func everyBadConnectionIsOneLineNamingTheNode() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let knownHosts = try keys.writeKnownHosts(["127.0.0.2"], port: sshd.port)
        let good = keys.settings(port: sshd.port, knownHosts: knownHosts)

        let dns = await Self.firstFailure("no-such-node.invalid", good)
        #expect(dns.hasPrefix("node no-such-node.invalid unreachable: "), "\(dns)")

        var wrongPort = good
        wrongPort.port = try unusedPort(on: "127.0.0.2")
        #expect(await Self.firstFailure("127.0.0.2", wrongPort) == "node 127.0.0.2 unreachable: Connection refused")

        var wrongUser = good
        wrongUser.user = "dsbench-no-such-user"
        let user = await Self.firstFailure("127.0.0.2", wrongUser)
        #expect(user.hasPrefix("node 127.0.0.2: authentication as dsbench-no-such-user failed: "), "\(user)")

        var missingKey = good
        missingKey.identityFile = keys.dir.appendingPathComponent("absent_key").path
        #expect(await Self.firstFailure("127.0.0.2", missingKey)
                == "node 127.0.0.2: bad ssh setting: identity file \(missingKey.identityFile!) does not exist or is not readable")

        var badPort = good
        badPort.port = 70000
        #expect(await Self.firstFailure("127.0.0.2", badPort) == "node 127.0.0.2: bad ssh setting: port 70000 is out of range")

        var deadJump = good
        deadJump.jumpHost = "127.0.0.1:1"
        let jump = await Self.firstFailure("127.0.0.2", deadJump)
        #expect(jump.hasPrefix("node 127.0.0.2 unreachable: "), "\(jump)")
        #expect(!jump.contains("\n"))
    }

    @Test func encryptedKeyWithoutAgentIsAnAuthFailure() async throws {
        let keys = try TestKeys()
        let sshd = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2"])
        defer { sshd.stop() }
        let encrypted = keys.dir.appendingPathComponent("encrypted_ed25519").path
        try Spawn.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret phrase", "-f", encrypted])
        // Authorize it, so only the passphrase stands in the way.
        let pub = try String(contentsOfFile: encrypted + ".pub", encoding: .utf8)
        try pub.write(toFile: keys.authorizedKeys, atomically: true, encoding: .utf8)
        var settings = keys.settings(port: sshd.port, knownHosts: try keys.writeKnownHosts(["127.0.0.2"], port: sshd.port))
        settings.identityFile = encrypted
        unsetenv("SSH_AUTH_SOCK")
        let why = await Self.firstFailure("127.0.0.2", settings)
        #expect(why.hasPrefix("node 127.0.0.2: authentication as root failed: "), "\(why)")
        #expect(!why.contains("\n"))
    }
}
