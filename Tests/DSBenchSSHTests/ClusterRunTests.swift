import DSBenchCore
import DSBenchEngine
import DSBenchExec
@testable import DSBenchSSH
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// Whole runs through the engine's `Runner` across loopback "nodes" served by real sshd processes.
@Suite(.serialized) struct ClusterRunTests {
    /// Two sshd: one for 127.0.0.2–16, one for 127.0.0.17 alone (so it can be stopped or killed).
    struct Cluster: Sendable {
        let keys: TestKeys
        let main: TestSSHD
        let single: TestSSHD
        let nodes: [String]

        init() throws {
            keys = try TestKeys()
            nodes = loopbackNodes(16)
            let both = try TestSSHD.startSharingAPort(keys: keys, groups: [(Array(nodes.prefix(15)), []), ([nodes[15]], [])])
            main = both[0]
            single = both[1]
        }

        func stop() { main.stop(); single.stop() }
    }

    static func plan(_ nodes: [String], steps: [(name: String, argv: [String], timeout: Double)]) -> Plan {
        var planned: [PlannedStep] = []
        for step in steps {
            for node in nodes {
                planned.append(PlannedStep(seq: planned.count, name: step.name, kind: .command, node: node, commands: [
                    PlannedCommand(label: "main", argv: step.argv, timeoutSeconds: step.timeout),
                ]))
            }
        }
        return Plan(suiteName: "ssh", nodes: nodes, steps: planned)
    }

    static func run(_ plan: Plan, cluster: SSHCluster, dir: URL) async throws -> (Store, RunOutcome, RunDetail) {
        let store = try Store.open(path: dir.appendingPathComponent("dsbench-\(UUID().uuidString.prefix(6)).db").path)
        let runner = Runner(store: store, version: "test", executorFor: { cluster.executor(for: $0) })
        let outcome = try await runner.run(RunRequest(suiteName: "ssh", suiteText: "", suiteHash: "x", plan: plan))
        let detail = try #require(try store.runDetail(id: outcome.runID))
        return (store, outcome, detail)
    }

    /// `$SSH_CONNECTION` is "client-ip client-port server-ip server-port": the address the step reached.
    static let whereAmI = ["sh", "-c", "set -- $SSH_CONNECTION; echo $3"]

    @Test func sixteenNodesThreeStepsOneSessionPerNode() async throws {
        let setup = try Cluster()
        defer { setup.stop() }
        let cluster = SSHCluster(settings: setup.keys.settings(
            port: setup.main.port, knownHosts: try setup.keys.writeKnownHosts(setup.nodes, port: setup.main.port)), parallel: 8)
        defer { cluster.shutdown() }
        let plan = Self.plan(setup.nodes, steps: [("where", Self.whereAmI, 30), ("echo", ["echo", "a b"], 30),
                                                   ("status", ["sh", "-c", "exit 0"], 30)])
        let (store, outcome, detail) = try await Self.run(plan, cluster: cluster, dir: setup.keys.dir)
        #expect(outcome.status == .completed)
        #expect(detail.steps.count == 48)
        #expect(detail.steps.allSatisfy { $0.status == .completed && $0.exitCode == 0 })
        let artifacts = try store.artifacts(runID: outcome.runID)
        for node in setup.nodes {
            let whereStep = try #require(detail.steps.first { $0.node == node && $0.name == "where" })
            let out = try #require(artifacts.first { $0.stepID == whereStep.id && $0.name == "main.stdout" })
            #expect(String(decoding: out.bytes, as: UTF8.self) == node + "\n")
            #expect(cluster.handshakeCount(for: node) == 1)
        }
        #expect(cluster.totalHandshakes == 16)
        // sshd's own count of accepted connections, per address: one session for three steps.
        var accepted = setup.main.acceptedConnections()
        accepted.merge(setup.single.acceptedConnections()) { $0 + $1 }
        #expect(accepted == Dictionary(uniqueKeysWithValues: setup.nodes.map { ($0, 1) }))
    }

    @Test func stoppedNodeIsUnreachableAndTheRestFinish() async throws {
        let setup = try Cluster()
        defer { setup.stop() }
        setup.single.stop()
        let dead = setup.nodes[15]
        let cluster = SSHCluster(settings: setup.keys.settings(
            port: setup.main.port, knownHosts: try setup.keys.writeKnownHosts(setup.nodes, port: setup.main.port)), parallel: 8)
        defer { cluster.shutdown() }
        let plan = Self.plan(setup.nodes, steps: [("where", Self.whereAmI, 30), ("true", ["true"], 30)])
        let (_, outcome, detail) = try await Self.run(plan, cluster: cluster, dir: setup.keys.dir)
        #expect(outcome.status == .failed)
        for step in detail.steps {
            if step.node == dead {
                #expect(step.status == .failed)
                #expect(step.error?.contains("node \(dead) unreachable: Connection refused") == true, "\(step.error ?? "")")
            } else {
                #expect(step.status == .completed)
            }
        }
        let row = try #require(detail.nodes.first { $0.name == dead })
        #expect(row.status == "unreachable")
        #expect(row.error == "node \(dead) unreachable: Connection refused")
        #expect(detail.nodes.filter { $0.status == "ok" }.count == 15)
        // The refused node is tried once, not once per step.
        #expect(cluster.handshakeCount(for: dead) == 1)
    }

    @Test func changedHostKeyIsRefusedEvenWithAcceptNew() async throws {
        let setup = try Cluster()
        defer { setup.stop() }
        let changed = setup.nodes[3], unknown = setup.nodes[4]
        let knownHosts = try setup.keys.writeKnownHosts(setup.nodes.filter { $0 != unknown }, port: setup.main.port,
                                                        overrides: [changed: try setup.keys.otherPublicKey()])
        let fingerprint = try setup.keys.hostFingerprint()
        let plan = Self.plan(setup.nodes, steps: [("true", ["true"], 30)])

        let strict = SSHCluster(settings: setup.keys.settings(port: setup.main.port, knownHosts: knownHosts), parallel: 8)
        let (_, _, first) = try await Self.run(plan, cluster: strict, dir: setup.keys.dir)
        strict.shutdown()
        let byNode = Dictionary(uniqueKeysWithValues: first.steps.map { ($0.node, $0) })
        #expect(byNode[changed]?.status == .failed)
        #expect(byNode[changed]?.error?.contains("node \(changed): HOST KEY CHANGED — the server offers \(fingerprint)") == true,
                "\(byNode[changed]?.error ?? "")")
        #expect(byNode[unknown]?.error?.contains("node \(unknown): host key \(fingerprint) is not in \(knownHosts)") == true,
                "\(byNode[unknown]?.error ?? "")")
        #expect(first.steps.filter { $0.status == .completed }.count == 14)

        let accepting = SSHCluster(settings: setup.keys.settings(port: setup.main.port, knownHosts: knownHosts, accept: true),
                                   parallel: 8)
        let (_, _, second) = try await Self.run(plan, cluster: accepting, dir: setup.keys.dir)
        accepting.shutdown()
        let again = Dictionary(uniqueKeysWithValues: second.steps.map { ($0.node, $0) })
        #expect(again[unknown]?.status == .completed)
        #expect(again[changed]?.status == .failed)
        let file = try String(contentsOfFile: knownHosts, encoding: .utf8)
        #expect(file.contains("[\(unknown)]:\(setup.main.port) ssh-ed25519 "))
    }

    @Test func sshdKilledMidStepFailsOnlyThatNode() async throws {
        let setup = try Cluster()
        defer { setup.stop() }
        let victim = setup.nodes[15], survivor = setup.nodes[0]
        let cluster = SSHCluster(settings: setup.keys.settings(
            port: setup.main.port, knownHosts: try setup.keys.writeKnownHosts(setup.nodes, port: setup.main.port)), parallel: 4)
        defer { cluster.shutdown() }
        let pidFile = setup.keys.dir.appendingPathComponent("\(victim).pid").path
        // The victim's step would run for 30 s, so only the dropped connection ends it; its pid
        // file appears complete (written, then renamed) so the killer never reads half of it.
        let argv = [survivor: ["sh", "-c", "sleep 0.5; echo done"],
                    victim: ["sh", "-c", "echo $$ > \(pidFile).tmp && mv \(pidFile).tmp \(pidFile); sleep 30; echo done"]]
        let plan = Plan(suiteName: "ssh", nodes: [survivor, victim], steps: [survivor, victim].enumerated().map { seq, node in
            PlannedStep(seq: seq, name: "slow", kind: .command, node: node,
                        commands: [PlannedCommand(label: "main", argv: argv[node]!, timeoutSeconds: 30)])
        })
        let killer = Task {
            for _ in 0..<1_000 where !FileManager.default.fileExists(atPath: pidFile) {
                try await Task.sleep(for: .milliseconds(20))
            }
            setup.single.stop(sessions: true)
        }
        let (store, outcome, detail) = try await Self.run(plan, cluster: cluster, dir: setup.keys.dir)
        try await killer.value
        let byNode = Dictionary(uniqueKeysWithValues: detail.steps.map { ($0.node, $0) })
        #expect(byNode[survivor]?.status == .completed)
        #expect(byNode[victim]?.status == .failed)
        #expect(byNode[victim]?.signal == SIGHUP)
        #expect(outcome.status == .failed)
        let stderr = try store.artifacts(runID: outcome.runID).first { $0.node == victim && $0.name == "main.stderr" }
        let stderrText = String(decoding: stderr?.bytes ?? [], as: UTF8.self)
        #expect(stderrText.contains("dsbench: connection to node \(victim) lost"), "\(stderrText)")
        // The victim's remote shell went with its connection (the stdin watchdog fired).
        let remote = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone { gone = !Spawn.isAlive(remote); if !gone { usleep(30_000) } }
        #expect(gone)
    }
}
