import DSBenchCore
import DSBenchEngine
import DSBenchExec
@testable import DSBenchSSH
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// A node's connection drops while a step and its capture both run on it: both end, what they
/// printed is kept, and freeing their channels after the session is gone does not crash.
@Suite(.serialized) struct CaptureLossTests {
    @Test func sshdKilledWithACaptureRunningFailsOnlyThatNode() async throws {
        let setup = try ClusterRunTests.Cluster()
        defer { setup.stop() }
        let victim = setup.nodes[15], survivor = setup.nodes[0]
        let cluster = SSHCluster(settings: setup.keys.settings(
            port: setup.main.port, knownHosts: try setup.keys.writeKnownHosts(setup.nodes, port: setup.main.port)), parallel: 4)
        defer { cluster.shutdown() }
        let marker = setup.keys.dir.appendingPathComponent("\(victim).started").path
        let tick = PlannedCapture(name: "tick", argv: ["sh", "-c", "while :; do echo tick; sleep 0.1; done"], parser: nil)
        let steps = [survivor, victim].enumerated().map { index, node in
            PlannedStep(seq: index, name: "slow", kind: .command, node: node, commands: [
                PlannedCommand(label: "main", argv: ["sh", "-c", """
                    touch \(setup.keys.dir.path)/$(set -- $SSH_CONNECTION; echo $3).started; sleep 2; echo done
                    """], timeoutSeconds: 30),
            ], captures: [tick])
        }
        let killer = Task {
            for _ in 0..<200 where !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(20)) }
            try await Task.sleep(for: .milliseconds(300))   // the capture has ticked a few times
            setup.single.stop(sessions: true)
        }
        let (store, outcome, detail) = try await ClusterRunTests.run(Plan(suiteName: "ssh", nodes: [survivor, victim], steps: steps),
                                                                     cluster: cluster, dir: setup.keys.dir)
        try await killer.value
        let byNode = Dictionary(uniqueKeysWithValues: detail.steps.map { ($0.node, $0) })
        #expect(byNode[survivor]?.status == .completed)
        #expect(byNode[victim]?.status == .failed)
        #expect(byNode[victim]?.signal == SIGHUP)
        let artifacts = try store.artifacts(runID: outcome.runID)
        func text(_ node: String, _ name: String) -> String {
            String(decoding: artifacts.first { $0.node == node && $0.name == name }?.bytes ?? [], as: UTF8.self)
        }
        #expect(text(survivor, "main.stdout") == "done\n")
        #expect(text(survivor, "tick.stdout").hasPrefix("tick\ntick\n"))
        #expect(text(victim, "tick.stdout").hasPrefix("tick\n"), "what the capture printed before the drop is kept")
        #expect(text(victim, "main.stderr").contains("dsbench: connection to node \(victim) lost"))
    }
}
