import DSBenchCore
@testable import DSBenchSSH
import DSBenchStore
import Foundation
import Testing

/// `node_overrides:` through the real `dsbench run`: two of four loopback nodes listen on another
/// port than the suite's `ssh: {port}`, and only their override lets the run reach them.
@Suite(.serialized) struct NodeOverrideSSHTests {
    struct Setup {
        let keys: TestKeys
        let main: TestSSHD
        let other: TestSSHD
        let knownHosts: String

        init() throws {
            keys = try TestKeys()
            main = try TestSSHD.start(keys: keys, addresses: ["127.0.0.2", "127.0.0.3"])
            other = try TestSSHD.start(keys: keys, addresses: ["127.0.0.4", "127.0.0.5"], excluding: [main.port])
            let first = try String(contentsOfFile: keys.writeKnownHosts(["127.0.0.2", "127.0.0.3"], port: main.port), encoding: .utf8)
            let second = try String(contentsOfFile: keys.writeKnownHosts(["127.0.0.4", "127.0.0.5"], port: other.port), encoding: .utf8)
            knownHosts = keys.dir.appendingPathComponent("known_hosts_both").path
            try (first + second).write(toFile: knownHosts, atomically: true, encoding: .utf8)
        }

        func stop() { main.stop(); other.stop() }

        /// The suite, with or without the override that names the other port.
        func suite(withOverride: Bool) throws -> String {
            var yaml = """
            suite: mixed
            nodes: 127.0.0.[2-5]
            ssh: {port: \(main.port), identity: \(keys.clientKey), known_hosts: \(knownHosts), connect_timeout: 5s}
            defaults:
              env: {WHO: default}
            steps:
              - name: where
                command: [sh, -c, 'set -- $SSH_CONNECTION; echo "$3:$4 $WHO"']
                captures: []

            """
            if withOverride {
                yaml += """
                node_overrides:
                  127.0.0.[4-5]:
                    ssh: {port: \(other.port)}
                    env: {WHO: "other port"}

                """
            }
            let path = keys.dir.appendingPathComponent("mixed-\(withOverride).yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func twoNodesOnAnotherPortAreReachedOnlyThroughTheirOverride() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let db = setup.keys.dir.appendingPathComponent("override.db").path
        let common = ["--db", db, "--ssh-config", "/dev/null", "--retries", "0"]

        let plan = try DSBenchBinary.run(["plan", try setup.suite(withOverride: true)])
        #expect(plan.status == 0, "\(plan.output)")
        #expect(plan.output.contains("env: WHO='other port'"), "\(plan.output)")

        let good = try DSBenchBinary.run(["run", try setup.suite(withOverride: true)] + common)
        #expect(good.status == 0, "\(good.output)")
        let runID = try #require(good.output.split(whereSeparator: \.isNewline).compactMap { Int64($0) }.last)
        let store = try Store.open(path: db)
        let detail = try #require(try store.runDetail(id: runID))
        let artifacts = try store.artifacts(runID: runID)
        var seen: [String: String] = [:]
        for step in detail.steps {
            #expect(step.status == .completed, "\(step.node): \(step.status)")
            let out = artifacts.first { $0.stepID == step.id && $0.name == "main.stdout" }
            seen[step.node] = out.map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        #expect(seen == [
            "127.0.0.2": "127.0.0.2:\(setup.main.port) default\n", "127.0.0.3": "127.0.0.3:\(setup.main.port) default\n",
            "127.0.0.4": "127.0.0.4:\(setup.other.port) other port\n", "127.0.0.5": "127.0.0.5:\(setup.other.port) other port\n",
        ])

        // Without the override the same two nodes are tried on the suite's port, and refused.
        let bad = try DSBenchBinary.run(["run", try setup.suite(withOverride: false)] + common)
        #expect(bad.status == 2, "\(bad.output)")
        let badID = try #require(bad.output.split(whereSeparator: \.isNewline).compactMap { Int64($0) }.last)
        let failed = try #require(try store.runDetail(id: badID)).steps.filter { $0.status != .completed }.map(\.node)
        #expect(failed.sorted() == ["127.0.0.4", "127.0.0.5"])

        // The command line still wins: --ssh-port sends every node, overridden or not, to one port.
        let forced = try DSBenchBinary.run(["run", try setup.suite(withOverride: true), "--ssh-port", String(setup.main.port)] + common)
        #expect(forced.status == 2, "\(forced.output)")
    }

    /// `hostname`: the node keeps its name in the run, the connection goes to the given address.
    @Test func hostNameIsTheAddressConnectedTo() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        var aliased = setup.keys.settings(port: setup.other.port, knownHosts: setup.knownHosts)
        aliased.hostName = "127.0.0.5"
        let cluster = SSHCluster(settings: setup.keys.settings(port: setup.main.port, knownHosts: setup.knownHosts),
                                 nodeSettings: ["gpu-b": aliased], parallel: 2)
        defer { cluster.shutdown() }
        let command = PlannedCommand(label: "main", argv: ["sh", "-c", "set -- $SSH_CONNECTION; echo $3:$4"], timeoutSeconds: 30)
        let viaAlias = await cluster.executor(for: "gpu-b").run(command, output: nil)
        #expect(String(decoding: viaAlias.stdout, as: UTF8.self) == "127.0.0.5:\(setup.other.port)\n", "\(viaAlias.termination)")
        let plain = await cluster.executor(for: "127.0.0.2").run(command, output: nil)
        #expect(String(decoding: plain.stdout, as: UTF8.self) == "127.0.0.2:\(setup.main.port)\n", "\(plain.termination)")
        // Without the override the name itself is looked up, and does not resolve.
        let unknown = await cluster.executor(for: "gpu-c").run(command, output: nil)
        #expect(!unknown.termination.isSuccess)
    }
}
