import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import Foundation
import Testing

/// The pair matrix and its culprits from real captures: the healthy 8-GPU all_reduce for good
/// pairs, NCCL_P2P_DISABLE=1 (10.9 GB/s instead of 367) for bad ones.
@Suite struct PairAnalysisTests {
    typealias F = HealthFixtures

    static func pairSteps(_ members: [String], scope: PairSlot.Scope = .nodes, node: String = "local",
                          slow: (String, String) -> Bool) throws -> [HealthNcclStep] {
        let healthy = try F.report("b_all_reduce_8-8G_r1.txt"), degraded = try F.report("e_p2p_disable.txt")
        var steps: [HealthNcclStep] = []
        for first in members.indices {
            for second in members.indices where second > first {
                let names = [members[first], members[second]], round = steps.count
                let slot = PairSlot(pattern: scope == .gpus ? "gpu-pairs" : "pairs", scope: scope, round: round,
                                    batch: round, members: names)
                var step = HealthNcclStep(key: "ar[\(slot.variantLabel)]#0@\(node)", name: "ar", node: node,
                                          report: slow(names[0], names[1]) ? degraded : healthy)
                step.pairing = slot
                steps.append(step)
            }
        }
        return steps
    }

    static let nodes = (1...8).map { String(format: "node-%02d", $0) }

    @Test func aNodeWhoseEveryPairIsSlowIsTheCulprit() throws {
        let steps = try Self.pairSteps(Self.nodes) { $0 == "node-03" || $1 == "node-03" }
        let input = try F.input(nccl: steps)
        let matrices = PairAnalysis.matrices(input)
        let matrix = try #require(matrices.first)
        #expect(matrices.count == 1)
        #expect(matrix.series == "ar" && matrix.scope == .nodes && matrix.members == Self.nodes)
        #expect(matrix.cells.count == 28)
        #expect(matrix.cells.filter(\.slow).count == 7)
        #expect(abs(matrix.fleetMedian - 366.97) < 0.01)
        #expect(matrix.culprits == [PairCulprit(kind: .member, members: ["node-03"], slowPairs: 7, pairs: 7)])
        let findings = HealthCheck.run(input).filter { $0.rule.hasPrefix("pairs.") }
        #expect(findings.map(\.rule) == ["pairs.bad_node"])
        #expect(findings.first?.node == "node-03")
        #expect(findings.first?.message.contains("node node-03 is slow in all 7 of its pairs") == true)
    }

    @Test func oneSlowPairOfFineNodesIsABadLink() throws {
        let steps = try Self.pairSteps(Self.nodes) { Set([$0, $1]) == ["node-02", "node-06"] }
        let matrix = try #require(PairAnalysis.matrices(try F.input(nccl: steps)).first)
        #expect(matrix.culprits == [PairCulprit(kind: .link, members: ["node-02", "node-06"], slowPairs: 1, pairs: 1)])
        let findings = HealthCheck.run(try F.input(nccl: steps)).filter { $0.rule.hasPrefix("pairs.") }
        #expect(findings.map(\.rule) == ["pairs.bad_link"])
        #expect(findings.first?.message.contains("network link or path between nodes node-02 and node-06") == true)
    }

    @Test func aSlowGPUPairNamesItsNVLinkPathFromTheTopology() throws {
        let gpus = (0..<8).map(String.init)
        let steps = try Self.pairSteps(gpus, scope: .gpus, node: F.node) { Set([$0, $1]) == ["1", "4"] }
        let matrix = try #require(PairAnalysis.matrices(try F.input(nccl: steps)).first)
        #expect(matrix.series == "ar@\(F.node)" && matrix.node == F.node && matrix.cells.count == 28)
        let culprit = try #require(matrix.culprits.first)
        #expect(culprit.kind == .link && culprit.members == ["1", "4"])
        #expect(culprit.path?.hasPrefix("NV18: NVLink (18 links)") == true, "\(culprit.path ?? "nil")")
        let bad = try Self.pairSteps(gpus, scope: .gpus, node: F.node) { $0 == "5" || $1 == "5" }
        let findings = HealthCheck.run(try F.input(nccl: bad)).filter { $0.rule.hasPrefix("pairs.") }
        #expect(findings.map(\.rule) == ["pairs.bad_gpu"])
        #expect(findings.first?.gpu == 5 && findings.first?.node == F.node)
    }

    @Test func aHealthyFleetAndAllSlowFleetNameNobody() throws {
        let healthy = try Self.pairSteps(Self.nodes) { _, _ in false }
        #expect(PairAnalysis.matrices(try F.input(nccl: healthy)).first?.culprits == [])
        let slow = try Self.pairSteps(Self.nodes) { _, _ in true }
        #expect(PairAnalysis.matrices(try F.input(nccl: slow)).first?.culprits == [])
    }

    @Test func matrixJSONRoundTrips() throws {
        let steps = try Self.pairSteps(Self.nodes) { $0 == "node-08" || $1 == "node-08" }
        let matrix = try #require(PairAnalysis.matrices(try F.input(nccl: steps)).first)
        #expect(try PairMatrixJSON.decode(try PairMatrixJSON.encode(matrix)) == matrix)
    }
}
