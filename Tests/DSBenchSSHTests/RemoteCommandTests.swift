import DSBenchCore
@testable import DSBenchSSH
import Foundation
import Testing

@Suite struct RemoteCommandTests {
    @Test func quotingKeepsEveryValueOneLiteralWord() {
        #expect(RemoteCommand.quote("; rm -rf /") == "'; rm -rf /'")
        #expect(RemoteCommand.quote("it's") == "'it'\\''s'")
        #expect(RemoteCommand.quote("") == "''")
        #expect(RemoteCommand.quote("$(id) `id` \"x\"") == "'$(id) `id` \"x\"'")
    }

    @Test func quotedWordsSurviveARealShell() throws {
        let words = ["; rm -rf /", "it's", "", "a\nb", "$HOME", "\\", "'''", "*"]
        let script = "printf '[%s]' " + words.map(RemoteCommand.quote).joined(separator: " ")
        let output = try Self.sh(script)
        #expect(output == words.map { "[\($0)]" }.joined())
    }

    @Test func builtCommandCarriesArgvEnvAndDirectory() throws {
        let built = try RemoteCommand.build(argv: ["all_reduce_perf", "-b", "8"], env: [EnvVar("NCCL_DEBUG", "INFO")],
                                            workingDirectory: "/tmp", searchPaths: ["/opt/nccl tests/bin"], killGrace: 2)
        #expect(built.hasPrefix("exec sh -c '"))
        #expect(built.hasSuffix("' dsbench-remote 'all_reduce_perf' '-b' '8'"))
        #expect(built.contains("NCCL_DEBUG='\\''INFO'\\''; export NCCL_DEBUG"))
        #expect(built.contains("PATH='\\''/opt/nccl tests/bin'\\'':\"$PATH\"; export PATH"))
        #expect(built.contains("setsid \"$@\""))
        #expect(built.contains("  exec \"$@\""))
        #expect(built.contains("kill -TERM -$p; sleep 2; kill -KILL -$p"))
    }

    @Test func badInputIsRefusedBeforeAnythingRuns() {
        #expect(throws: RemoteCommand.Problem.emptyArgv) {
            try RemoteCommand.build(argv: [], env: [], workingDirectory: nil, searchPaths: [], killGrace: 1)
        }
        #expect(throws: RemoteCommand.Problem.badEnvName("X=Y")) {
            try RemoteCommand.build(argv: ["true"], env: [EnvVar("X=Y", "1")], workingDirectory: nil, searchPaths: [], killGrace: 1)
        }
        #expect(throws: RemoteCommand.Problem.nulCharacter("argument 'a\0b'")) {
            try RemoteCommand.build(argv: ["a\0b"], env: [], workingDirectory: nil, searchPaths: [], killGrace: 1)
        }
    }

    static func sh(_ script: String) throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rc-\(UUID().uuidString).out").path
        defer { unlink(log) }
        let pid = try Spawn.start("/bin/sh", ["-c", script], outputPath: log)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return try String(contentsOfFile: log, encoding: .utf8)
    }
}

/// The handshake cap is per server: aliases of one address share it, and so does every node
/// reached through one jump host.
@Suite struct HandshakeTargetTests {
    @Test func nodesShareACapWhenTheyShareAServer() {
        let plain = SSHSettings()
        #expect(SSHCluster.handshakeTarget(node: "gpu-001", settings: plain) == "gpu-001:22")
        #expect(SSHCluster.handshakeTarget(node: "gpu-001", settings: SSHSettings(port: 2222)) == "gpu-001:2222")
        let alias = SSHSettings(port: 2200, hostName: "10.0.0.5")
        #expect(SSHCluster.handshakeTarget(node: "a", settings: alias) == SSHCluster.handshakeTarget(node: "b", settings: alias))
        let jumped = SSHSettings(jumpHost: "bastion")
        #expect(SSHCluster.handshakeTarget(node: "gpu-001", settings: jumped) == "via bastion")
        #expect(SSHCluster.handshakeTarget(node: "gpu-002", settings: jumped) == "via bastion")
    }
}
