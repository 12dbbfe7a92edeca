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
        let dir = setup.keys.dir.path
        // Each node's capture counts its ticks in a file named after the address it was reached on,
        // so the test acts on what the captures did rather than on how long they usually take.
        func ticks(_ node: String) -> Int {
            Int(((try? String(contentsOfFile: "\(dir)/\(node).ticks", encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        let tick = PlannedCapture(name: "tick", argv: ["sh", "-c", """
            f=\(dir)/$(set -- $SSH_CONNECTION; echo $3).ticks; n=0
            while :; do echo tick; n=$((n+1)); echo $n > "$f"; sleep 0.1; done
            """], parser: nil)
        // The survivor's step ends once its capture has ticked three times; the victim's would run
        // for 30 s, so only the dropped connection can end it.
        let mains = [
            survivor: "f=\(dir)/\(survivor).ticks; until [ \"$(cat \"$f\" 2>/dev/null)\" -ge 3 ] 2>/dev/null; do sleep 0.05; done; echo done",
            victim: "sleep 30; echo done",
        ]
        let steps = [survivor, victim].enumerated().map { index, node in
            PlannedStep(seq: index, name: "slow", kind: .command, node: node, commands: [
                PlannedCommand(label: "main", argv: ["sh", "-c", mains[node]!], timeoutSeconds: 30),
            ], captures: [tick])
        }
        let killer = Task {
            // Two ticks after the first, its bytes have long left the node's sshd.
            for _ in 0..<1_000 where ticks(victim) < 3 { try await Task.sleep(for: .milliseconds(20)) }
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
