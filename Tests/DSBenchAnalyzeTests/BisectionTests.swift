import DSBenchAnalyze
import DSBenchCore
import Testing

/// The halving search on simulated jobs: a job is slow (10.9 GB/s, NCCL_P2P_DISABLE=1 on the H200)
/// when it holds a bad node or both ends of a bad link, else 367 GB/s (the healthy capture).
@Suite struct BisectionTests {
    static func nodes(_ count: Int) -> [String] { (1...count).map { "n\($0)" } }

    static func search(_ nodes: [String], bad: Set<String> = [], link: Set<String> = [], expected: Double? = nil,
                       failing: Set<String> = []) -> Bisection {
        var search = Bisection(nodes: nodes, fraction: 0.8, expected: expected)
        var guardStages = 0
        while !search.isFinished && guardStages < 20 {
            let groups = search.nextGroups()
            let members = groups.flatMap { $0 }
            #expect(Set(members).count == members.count, "a node is in one job of a stage: \(groups)")
            search.record(groups.map { group in
                if !failing.isDisjoint(with: group) { return (group, nil) }
                let slow = !bad.isDisjoint(with: group) || (!link.isEmpty && link.isSubset(of: group))
                return (group, slow ? 10.9 : 367.0)
            })
            guardStages += 1
        }
        return search
    }

    @Test func sixteenNodesOneBadNodeInFourStages() {
        for bad in Self.nodes(16) {
            let search = Self.search(Self.nodes(16), bad: [bad])
            #expect(search.stages.count == 4, "⌈log2 16⌉ stages for \(bad)")
            #expect(search.culprits == [PairCulprit(kind: .member, members: [bad], slowPairs: 1, pairs: 1)])
            #expect(search.unresolved.isEmpty)
        }
        let stages = Self.search(Self.nodes(16), bad: ["n6"]).stages
        #expect(stages.map { $0.groups.map(\.members.count) } == [[8, 8], [4, 4], [2, 2], [2, 2]])
        #expect(stages[0].groups.map(\.slow) == [true, false])
        #expect(stages[3].groups.map(\.members) == [["n5", "n9"], ["n6", "n10"]],
                "each suspect beside a node the first stage found healthy")
        #expect(stages[3].decision == "bad: n6")
    }

    @Test func aSlowPairOfFineNodesIsTheirLink() {
        let search = Self.search(Self.nodes(8), link: ["n1", "n2"])
        #expect(search.culprits == [PairCulprit(kind: .link, members: ["n1", "n2"], slowPairs: 1, pairs: 1)])
        #expect(search.stages.count == 3)
    }

    @Test func aLinkAcrossTheHalvesIsSaidNotGuessed() {
        let search = Self.search(Self.nodes(8), link: ["n1", "n8"])
        #expect(search.culprits.isEmpty)
        #expect(search.stages.count == 1)
        #expect(search.unresolved.count == 1)
        #expect(search.unresolved[0].contains("neither half is slow on its own"))
    }

    @Test func twoBadNodesInBothHalvesNeedTheExpectedFigure() {
        // Without a reference both halves look alike: nothing is blamed, and it says why.
        let relative = Self.search(Self.nodes(8), bad: ["n2", "n7"])
        #expect(relative.culprits.isEmpty)
        #expect(relative.unresolved.first?.contains("neither half") == true)
        // With the expected busbw both halves are slow and both are searched, down to the two nodes;
        // the last suspects have no healthy partner left in one stage and wait for the next.
        let expected = Self.search(Self.nodes(8), bad: ["n2", "n7"], expected: 360)
        #expect(Set(expected.culprits.map(\.members)) == [["n2"], ["n7"]])
        #expect(expected.unresolved.isEmpty)
    }

    @Test func anOddNodeCountSplitsWithTheOddNodeFirst() {
        let search = Self.search(Self.nodes(7), bad: ["n7"])
        #expect(search.culprits.map(\.members) == [["n7"]])
        #expect(search.stages[0].groups.map(\.members.count) == [4, 3])
        #expect(search.stages.allSatisfy { stage in stage.groups.allSatisfy { $0.members.count >= 2 } })
    }

    @Test func aFailedJobIsUnresolvedNotHealthy() {
        let search = Self.search(Self.nodes(8), bad: ["n3"], failing: ["n3"])
        #expect(search.culprits.isEmpty)
        #expect(search.unresolved == ["n1,n2,n3,n4…n8 (8): a job failed, so it could not be measured"]
                || search.unresolved.first?.contains("a job failed") == true)
        #expect(!search.healthy.contains("n3"))
    }

    @Test func aFastFleetHasNoCulprit() {
        let search = Self.search(Self.nodes(16))
        #expect(search.culprits.isEmpty)
        #expect(search.stages.count == 1)
        #expect(search.stages[0].decision == "neither half of n1…n16 (16) is slow")
    }
}
