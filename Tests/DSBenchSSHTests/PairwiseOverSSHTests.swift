import DSBenchTestSupport
import Foundation
import Testing

/// Pairwise plans and bisection end to end: `dsbench run` and `dsbench bisect` on loopback "nodes"
/// served by a real sshd, each job an Open MPI `mpirun` whose daemons start over ssh (the rsh
/// launcher), one rank per node. The stand-in `all_reduce_perf` only learns its job's members the
/// way a real rank would, from where it runs: each rank writes the address its ssh session reached
/// (`$SSH_CONNECTION`) under the job's PMIx namespace, and rank 0 prints a real 8×H200 capture —
/// the healthy all_reduce, or the NCCL_P2P_DISABLE=1 one (10.9 GB/s instead of 367) when the job
/// holds the chosen bad node or the chosen bad pair.
@Suite(.serialized) struct PairwiseOverSSHTests {
    struct Cluster {
        let keys: TestKeys
        let sshd: TestSSHD
        let nodes: [String]
        let sshConfig: String
        let knownHosts: String

        init(nodes count: Int) throws {
            keys = try TestKeys()
            nodes = loopbackNodes(count)
            sshd = try TestSSHD.start(keys: keys, addresses: nodes)
            knownHosts = try keys.writeKnownHosts(nodes, port: sshd.port)
            sshConfig = keys.dir.appendingPathComponent("ssh_config").path
            try """
                Host \(nodes.joined(separator: " "))
                  Port \(sshd.port)
                  IdentityFile \(keys.clientKey)
                  UserKnownHostsFile \(knownHosts)
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                  BatchMode yes

                """.write(toFile: sshConfig, atomically: true, encoding: .utf8)
        }

        /// A directory holding the stand-in `all_reduce_perf` for `slow`: a job is slow when its
        /// members hold `badNode`, or both of `badPair`.
        func standIn(badNode: String? = nil, badPair: [String] = []) throws -> String {
            let bin = keys.dir.appendingPathComponent("nccl-tests-\(UUID().uuidString.prefix(6))")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let jobs = bin.appendingPathComponent("jobs").path
            let healthy = Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path
            let degraded = Fixtures.url("h200-x8/e_p2p_disable.txt").path
            let pairTest = badPair.isEmpty ? "false"
                : badPair.map { "has \($0)" }.joined(separator: " && ")
            let script = bin.appendingPathComponent("all_reduce_perf").path
            try """
                #!/bin/sh
                # nccl-tests' help without output_file: no -J at run time.
                if [ "$1" = "-h" ]; then echo "USAGE: all_reduce_perf [-b minbytes] [-e maxbytes]"; exit 0; fi
                set -- $SSH_CONNECTION
                job="\(jobs)/${PMIX_NAMESPACE:?}"
                mkdir -p "$job"
                echo "$3" > "$job/r$OMPI_COMM_WORLD_RANK.tmp" && mv "$job/r$OMPI_COMM_WORLD_RANK.tmp" "$job/r$OMPI_COMM_WORLD_RANK"
                [ "$OMPI_COMM_WORLD_RANK" = 0 ] || exit 0
                tries=0
                while [ "$(ls "$job" | grep -c -v tmp)" -lt "$OMPI_COMM_WORLD_SIZE" ]; do
                  tries=$((tries + 1)); [ $tries -gt 600 ] && { echo "members never all arrived" >&2; exit 3; }
                  sleep 0.05
                done
                members=" $(cat "$job"/r* | tr '\\n' ' ')"
                has() { case "$members" in *" $1 "*) return 0;; esac; return 1; }
                if \(badNode.map { "has \($0)" } ?? "false") || { \(pairTest); }; then exec cat "\(degraded)"; fi
                exec cat "\(healthy)"

                """.write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            return bin.path
        }

        /// A suite of one all_reduce over every node, jobs through mpirun over this cluster's ssh.
        func suite(_ name: String, nodes: [String], pattern: String?, ncclTests: String) throws -> String {
            let path = keys.dir.appendingPathComponent("\(name).yaml").path
            try """
                suite: \(name)
                nodes: [\(nodes.joined(separator: ", "))]
                defaults: {nccl_tests_path: [\(ncclTests)]}
                steps:
                  - name: ar
                    nccl: all_reduce
                    \(pattern.map { "pattern: \($0)" } ?? "")
                    placement: all
                    captures: []
                    launcher: {type: mpirun, ranks_per_node: 1, allow_run_as_root: true, rsh_agent: "ssh -F \(sshConfig)"}

                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func dsbench(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try DSBenchBinary.run(arguments + ["--db", keys.dir.appendingPathComponent("dsbench.db").path,
                                               "--ssh-config", "/dev/null", "--known-hosts", knownHosts,
                                               "--identity", keys.clientKey, "--ssh-port", String(sshd.port)])
        }

        /// The stored findings of the newest run whose rule starts with `pairs.`, as (rule, node, message).
        func pairFindings() throws -> [(rule: String, node: String?, message: String)] {
            let shown = try DSBenchBinary.run(["show", "--json", "--db", keys.dir.appendingPathComponent("dsbench.db").path])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any],
                                      "\(shown.output.prefix(2000))")
            let findings = try #require(object["findings"] as? [[String: Any]])
            return findings.compactMap { finding in
                guard let rule = finding["rule"] as? String, rule.hasPrefix("pairs.") else { return nil }
                return (rule, finding["node"] as? String, finding["message"] as? String ?? "")
            }
        }
    }

    @Test func everyPairOfOneNodeSlowNamesTheNode() throws {
        let cluster = try Cluster(nodes: 8)
        defer { cluster.sshd.stop() }
        let bad = cluster.nodes[2]
        let suite = try cluster.suite("pairs-node", nodes: cluster.nodes, pattern: "pairs",
                                      ncclTests: try cluster.standIn(badNode: bad))
        let ran = try cluster.dsbench(["run", suite])
        #expect(ran.status == 1, "degraded hardware fails the run: \(ran.output.suffix(3000))")
        let findings = try cluster.pairFindings()
        #expect(findings.map(\.rule) == ["pairs.bad_node"], "\(findings)")
        #expect(findings.first?.node == bad)
        #expect(findings.first?.message.contains("node \(bad) is slow in all 7 of its pairs") == true, "\(findings)")
        // 28 jobs, each one ssh connection per member node: 7 per node.
        #expect(cluster.sshd.acceptedConnections() == Dictionary(uniqueKeysWithValues: cluster.nodes.map { ($0, 7) }))
    }

    @Test func oneSlowPairOfFineNodesNamesTheLink() throws {
        let cluster = try Cluster(nodes: 8)
        defer { cluster.sshd.stop() }
        let pair = [cluster.nodes[1], cluster.nodes[5]]
        let suite = try cluster.suite("pairs-link", nodes: cluster.nodes, pattern: "pairs",
                                      ncclTests: try cluster.standIn(badPair: pair))
        let ran = try cluster.dsbench(["run", suite])
        #expect(ran.status == 1, "\(ran.output.suffix(3000))")
        let findings = try cluster.pairFindings()
        #expect(findings.map(\.rule) == ["pairs.bad_link"], "\(findings)")
        #expect(findings.first?.message.contains("between nodes \(pair[0]) and \(pair[1])") == true, "\(findings)")
    }

    @Test func bisectFindsTheBadNodeOfSixteenInFourStages() throws {
        let cluster = try Cluster(nodes: 16)
        defer { cluster.sshd.stop() }
        let bad = cluster.nodes[11]
        let suite = try cluster.suite("bisect16", nodes: cluster.nodes, pattern: nil,
                                      ncclTests: try cluster.standIn(badNode: bad))
        let searched = try cluster.dsbench(["bisect", suite, "--step", "ar"])
        #expect(searched.status == 1, "a culprit named: \(searched.output.suffix(3000))")
        let stages = searched.output.split(separator: "\n").filter { $0.hasPrefix("stage ") }
        #expect(stages.count == 4, "⌈log2 16⌉ stages: \(searched.output)")
        #expect(searched.output.contains("culprit: node \(bad) (slow beside a healthy partner)"), "\(searched.output)")
        #expect(searched.output.contains("4 stage(s)"), "\(searched.output)")
        // Each stage is a stored run labelled with the search and its stage.
        let db = cluster.keys.dir.appendingPathComponent("dsbench.db").path
        let runs = try DSBenchBinary.run(["runs", "--suite", "bisect16", "--db", db])
        #expect(runs.output.split(separator: "\n").filter { $0.contains("bisect16") }.count == 4, "\(runs.output)")
        let last = try DSBenchBinary.run(["show", "--json", "--db", db])
        let labels = (try JSONSerialization.jsonObject(with: Data(last.output.utf8)) as? [String: Any])?["labels"]
        #expect((labels as? [String: String])?["bisect_stage"] == "4", "\(last.output.prefix(1500))")
        #expect((labels as? [String: String])?["bisect"]?.hasPrefix("bisect16-ar-") == true)
    }
}
