import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// Pairwise plans (issue 16): the round-robin schedule, the quick and batch patterns, GPU pairs,
/// and what `dsbench plan` prints.
@Suite struct PairPlannerTests {
    static func nodesSuite(_ count: Int, pattern: String, extra: String = "") throws -> Plan {
        let yaml = """
            suite: pairs
            nodes: node-[01-\(String(format: "%02d", count))]
            steps:
              - name: ar
                nccl: all_reduce
                sizes: {min: 1G, max: 8G, factor: 2}
                gpus: 1
                pattern: \(pattern)
            \(extra)
                placement: all
                captures: []
                launcher: {type: mpirun, ranks_per_node: 8}
            """
        return try Planner.plan(try SuiteLoader.load(text: yaml, file: "pairs.yaml").suite)
    }

    /// Each round as the sets of its jobs' members.
    static func rounds(_ plan: Plan) -> [[[String]]] {
        var rounds: [[[String]]] = []
        var batch: Int?
        for step in plan.steps {
            guard let slot = step.pairing else { continue }
            if slot.batch != batch { rounds.append([]); batch = slot.batch }
            rounds[rounds.count - 1].append(slot.members)
        }
        return rounds
    }

    /// A `dsbench bisect` stage: the given groups as one batch of launcher jobs, whatever the step's pattern.
    @Test func groupsOverrideIsOneRoundOfJobsOverTheGroups() throws {
        let yaml = """
            suite: bisect
            nodes: node-[01-08]
            steps:
              - {name: ar, nccl: all_reduce, gpus: 1, placement: all, captures: [], launcher: {type: mpirun, ranks_per_node: 8}}
              - {name: other, command: [/bin/true]}
            """
        let suite = try SuiteLoader.load(text: yaml, file: "b.yaml").suite
        let groups = [["node-01", "node-02", "node-03", "node-04"], ["node-05", "node-06", "node-07", "node-08"]]
        let plan = try Planner.plan(suite, overrides: PlanOverrides(only: ["ar"], groups: groups))
        #expect(plan.steps.map(\.jobNodes) == groups)
        #expect(plan.steps.map { $0.pairing?.batch } == [0, 0], "both halves start at once")
        #expect(plan.steps.allSatisfy { $0.pairing?.pattern == PairSlot.bisectPattern })
        #expect(plan.steps[1].commands[0].argv.contains("node-05:8,node-06:8,node-07:8,node-08:8"))
        #expect(plan.nodes == ["local"] + groups.flatMap { $0 })
    }

    /// Open MPI 4's session directory race between mpiruns that start together (MpirunSessionDirectory).
    @Test func theMpirunJobsOfARoundEachGetATmpdirOfTheirOwn() throws {
        let plan = try Self.nodesSuite(8, pattern: "pairs")
        func tmpdir(_ step: PlannedStep) -> String? { step.commands[0].env.first { $0.name == "TMPDIR" }?.value }
        var byRound: [Int: [String?]] = [:]
        for step in plan.steps { byRound[try #require(step.pairing).batch, default: []].append(tmpdir(step)) }
        #expect(byRound.count == 7)
        for (_, dirs) in byRound {
            #expect(dirs == (0..<4).map { "/tmp/dsbench-mpirun-\(getuid()).\($0)" }, "one per job of the round and user, reused by the next round")
        }
        #expect(plan.steps.allSatisfy { !$0.commands[0].argv.contains { $0.contains("TMPDIR") } },
                "mpirun's own environment, not exported to the ranks")

        let own = try Self.nodesSuite(4, pattern: "pairs", extra: "    env: {TMPDIR: /scratch/tmp}")
        #expect(own.steps.allSatisfy { tmpdir($0) == "/scratch/tmp" }, "a TMPDIR the suite sets is kept")
    }

    @Test func eightNodesAre28PairsIn7RoundsNoNodeTwiceInARound() throws {
        let plan = try Self.nodesSuite(8, pattern: "pairs")
        let rounds = Self.rounds(plan)
        #expect(plan.steps.count == 28)
        #expect(rounds.count == 7)
        #expect(rounds.allSatisfy { $0.count == 4 })
        for round in rounds {
            let members = round.flatMap { $0 }
            #expect(Set(members).count == members.count, "a node twice in \(round)")
        }
        let pairs = Set(rounds.flatMap { $0 }.map { Set($0) })
        #expect(pairs.count == 28)
        #expect(plan.steps.allSatisfy { $0.node == Suite.localNode && $0.jobNodes?.count == 2 })
        let first = try #require(plan.steps.first)
        #expect(first.commands[0].argv == [
            "mpirun", "-np", "16", "-H", "node-01:8,node-08:8", "--map-by", "ppr:8:node",
            "all_reduce_perf", "-b", "1073741824", "-e", "8589934592", "-f", "2", "-g", "1",
        ])
        #expect(first.variant == "pair node-01+node-08")
        #expect(Set(plan.steps.map(\.key)).count == 28)
        #expect(plan.nodes == ["local"] + (1...8).map { String(format: "node-%02d", $0) })
    }

    @Test func sevenNodesAre21PairsIn7RoundsWithOneByeEach() throws {
        let plan = try Self.nodesSuite(7, pattern: "pairs")
        let rounds = Self.rounds(plan)
        #expect(plan.steps.count == 21)
        #expect(rounds.count == 7)
        var byes: [String] = []
        for round in rounds {
            let members = round.flatMap { $0 }
            #expect(Set(members).count == 6)
            byes += Set(plan.nodes.dropFirst()).subtracting(members)
        }
        #expect(byes.count == 7)
        #expect(Set(byes).count == 7, "each node sits out exactly once: \(byes)")
        let text = PlanText.render(plan)
        #expect(text.contains("round 1 of pairs 'ar': 3 jobs at once: node-02+node-07, node-03+node-06, node-04+node-05; bye: node-01"))
    }

    @Test func pairsQuickMeasuresEveryNodeTwiceWithDifferentPartners() throws {
        for count in [2, 3, 7, 8, 16] {
            let plan = try Self.nodesSuite(count, pattern: "pairs-quick")
            var partners: [String: [String]] = [:]
            for round in Self.rounds(plan) {
                let members = round.flatMap { $0 }
                #expect(Set(members).count == members.count)
                for pair in round { partners[pair[0], default: []].append(pair[1]); partners[pair[1], default: []].append(pair[0]) }
            }
            #expect(partners.count == count)
            for (node, list) in partners {
                let expected = count == 2 ? 1 : 2
                #expect(list.count == expected && Set(list).count == expected, "\(count) nodes: \(node) against \(list)")
            }
            #expect(plan.steps.count == PairSchedule.groupCount(.pairsQuick, members: count))
        }
    }

    @Test func kBatchGroupsKNodesAndFoldsASingleRemainder() throws {
        let plan = try Self.nodesSuite(9, pattern: "k-batch", extra: "    k: 4")
        #expect(Self.rounds(plan) == [[
            ["node-01", "node-02", "node-03", "node-04"], ["node-05", "node-06", "node-07", "node-08", "node-09"],
        ]])
        #expect(plan.steps[0].variant == "batch node-01+node-02+node-03+node-04")
        #expect(PairSchedule.batches(10, size: 4) == [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]])
    }

    @Test func eightGPUsAre28PairsOneAtATimeByDefault() throws {
        let yaml = """
            suite: gpu-pairs
            nodes: [gpu-a, gpu-b]
            steps:
              - name: p2p
                nccl: all_reduce
                sizes: 8G
                gpus: 8
                pattern: gpu-pairs
                captures: []
            """
        let plan = try Planner.plan(try SuiteLoader.load(text: yaml, file: "g.yaml").suite)
        let onA = plan.steps.filter { $0.node == "gpu-a" }
        #expect(onA.count == 28)
        #expect(Set(onA.map { Set($0.pairing?.members ?? []) }).count == 28)
        #expect(Set(onA.map { $0.pairing?.batch }).count == 28, "sequential by default: each pair its own batch")
        let first = try #require(onA.first)
        #expect(first.commands[0].argv == ["all_reduce_perf", "-b", "8589934592", "-e", "8589934592", "-g", "2"])
        #expect(first.commands[0].env == [EnvVar("CUDA_VISIBLE_DEVICES", "0,1")])
        #expect(first.variant == "gpus 0+1")
        let text = PlanText.render(plan)
        #expect(text.contains("main: all_reduce_perf -b 8589934592 -e 8589934592 -g 2"))
        #expect(text.contains("env: CUDA_VISIBLE_DEVICES=0,1"))
    }

    @Test func concurrentGPUPairsShareARound() throws {
        let yaml = """
            suite: gpu-pairs
            nodes: [gpu-a]
            node_overrides:
              gpu-a: {gpus: 8}
            steps:
              - name: p2p
                nccl: all_reduce
                gpus: auto
                pattern: gpu-pairs
                concurrent: true
                captures: []
            """
        let plan = try Planner.plan(try SuiteLoader.load(text: yaml, file: "g.yaml").suite)
        let rounds = Self.rounds(plan)
        #expect(plan.steps.count == 28)
        #expect(rounds.count == 7 && rounds.allSatisfy { $0.count == 4 })
        #expect(PlanText.render(plan).contains("round 1 of gpu-pairs 'p2p' on gpu-a: 4 jobs at once: 0+7, 1+6, 2+5, 3+4"))
    }

    /// Rings of 3 of 8 GPUs: 8 windows around the ring, each GPU in 3 of them, `-g 3`; one at a time
    /// by default, disjoint windows together with `concurrent: true`.
    @Test func eightGPUsInRingsOfThree() throws {
        for concurrent in [false, true] {
            let yaml = """
                suite: gpu-rings
                nodes: [gpu-a]
                steps:
                  - {name: ring, nccl: all_reduce, sizes: 8G, gpus: 8, pattern: gpu-rings, k: 3, concurrent: \(concurrent),
                     captures: []}
                """
            let plan = try Planner.plan(try SuiteLoader.load(text: yaml, file: "r.yaml").suite)
            let windows = (0..<8).map { start in (0..<3).map { String((start + $0) % 8) } }
            #expect(Set(plan.steps.map { $0.pairing?.members ?? [] }) == Set(windows))
            #expect(plan.steps.count == 8)
            #expect(plan.steps.allSatisfy { $0.commands[0].argv.suffix(2) == ["-g", "3"] })
            let wrapping = try #require(plan.steps.first { $0.pairing?.members == ["6", "7", "0"] })
            #expect(wrapping.commands[0].env == [EnvVar("CUDA_VISIBLE_DEVICES", "6,7,0")])
            #expect(wrapping.variant == "gpus 6+7+0")
            for gpu in 0..<8 {
                #expect(plan.steps.filter { $0.pairing?.members.contains(String(gpu)) == true }.count == 3)
            }
            let rounds = Self.rounds(plan)
            for round in rounds {
                let members = round.flatMap { $0 }
                #expect(Set(members).count == members.count, "no GPU twice in a round")
            }
            // Two disjoint rings of 3 fit in 8 GPUs, so at least 4 rounds; greedy packing takes 5.
            #expect(concurrent ? (4...7).contains(rounds.count) : rounds.count == 8, "\(rounds)")
        }
        #expect(PairSchedule.rings(4, size: 4, concurrent: false) == [[[0, 1, 2, 3]]])
        #expect(throws: (any Error).self) {
            try SuiteLoader.load(text: "suite: r\nsteps:\n  - {nccl: all_reduce, pattern: gpu-rings, gpus: 8}\n", file: "r.yaml")
        }
    }

    @Test func nodePatternsNeedPlacementAll() throws {
        let yaml = """
            suite: bad
            nodes: [a, b]
            steps:
              - {name: ar, nccl: all_reduce, pattern: pairs}
            """
        #expect(throws: PlanError.self) { try Planner.plan(try SuiteLoader.load(text: yaml, file: "b.yaml").suite) }
    }

    @Test func kWithoutKBatchIsAnError() {
        let yaml = """
            suite: bad
            nodes: [a, b]
            steps:
              - {name: ar, nccl: all_reduce, pattern: pairs, k: 3, placement: all, launcher: {type: mpirun}}
            """
        #expect(throws: (any Error).self) { try SuiteLoader.load(text: yaml, file: "b.yaml") }
    }

    /// Issue 16: planning 1,024 nodes' pairs (523,776 jobs) under a second. Measured in a debug build
    /// too, so the bound here is loose; docs/performance.md has the release numbers.
    @Test func plansAThousandNodesPairs() throws {
        let started = Date()
        let rounds = PairSchedule.allPairs(1024)
        #expect(rounds.count == 1023 && rounds.allSatisfy { $0.count == 512 })
        #expect(rounds.reduce(0) { $0 + $1.count } == 523_776)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// Nodes that differ in what a launcher could need (here a node_override's gpus) get each job's
    /// argv built whole; nodes that agree get the first job's argv with the hosts swapped. Both give
    /// the argv the job's hosts get planned alone, as one placement: all step.
    @Test func everyJobsArgvIsTheOneItsHostsWouldGetAlone() throws {
        for overrides in ["", "node_overrides:\n  node-05: {gpus: 4}\n"] {
            func suite(nodes: String, pattern: String) throws -> Suite {
                try loadSuite("""
                    suite: pairs
                    nodes: node-[01-06]
                    defaults: {nccl_tests_path: [/opt/nccl-tests/build]}
                    \(overrides)steps:
                      - {name: ar, nccl: all_reduce, \(pattern)placement: all, captures: [], nodes: \(nodes),
                         launcher: {type: mpirun, ranks_per_node: 8, allow_run_as_root: true}}
                    """)
            }
            let pairs = try Planner.plan(try suite(nodes: "\"node-[01-06]\"", pattern: "pattern: pairs, "))
            #expect(pairs.steps.count == 15)
            for step in pairs.steps {
                let members = try #require(step.jobNodes)
                let alone = try Planner.plan(try suite(nodes: "[\(members.joined(separator: ", "))]", pattern: ""))
                #expect(step.commands.map(\.argv) == alone.steps[0].commands.map(\.argv), "\(members) \(overrides)")
                #expect(step.commands[0].argv.contains("\(members[0]):8,\(members[1]):8"))
            }
        }
    }
}
