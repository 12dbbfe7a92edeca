import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import Foundation
import Testing

/// Rings of 3 of the 8×H200 node's GPUs (`gpu-rings`), each ring a real capture: the healthy
/// all_reduce, or NCCL_P2P_DISABLE=1 (10.9 GB/s instead of 367) for every ring holding the bad GPU.
@Suite struct RingAnalysisTests {
    typealias F = HealthFixtures

    static func ringSteps(size: Int = 3, slow: ([String]) -> Bool) throws -> [HealthNcclStep] {
        let healthy = try F.report("b_all_reduce_8-8G_r1.txt"), degraded = try F.report("e_p2p_disable.txt")
        return (0..<8).map { start in
            let members = (0..<size).map { String((start + $0) % 8) }
            let slot = PairSlot(pattern: "gpu-rings", scope: .gpus, round: start, batch: start, members: members)
            var step = HealthNcclStep(key: "ring[\(slot.variantLabel)]#0@\(F.node)", name: "ring", node: F.node,
                                      report: slow(members) ? degraded : healthy)
            step.pairing = slot
            return step
        }
    }

    @Test func aGPUSlowInEveryRingItIsInIsNamed() throws {
        let input = try F.input(nccl: try Self.ringSteps { $0.contains("5") })
        let reading = try #require(PairAnalysis.rings(input).first)
        #expect(reading.rings.count == 8 && reading.rings.filter(\.slow).count == 3)
        #expect(reading.culprits == [PairCulprit(kind: .member, members: ["5"], slowPairs: 3, pairs: 3)])
        #expect(PairAnalysis.matrices(input).isEmpty, "rings are not pairs")
        let findings = HealthCheck.run(input).filter { $0.rule.hasPrefix("pairs.") }
        #expect(findings.map(\.rule) == ["pairs.bad_gpu"])
        #expect(findings.first?.gpu == 5)
        #expect(findings.first?.message.contains("GPU 5 is slow in all 3 of its rings") == true, "\(findings)")
    }

    @Test func healthyRingsAndAnAllSlowNodeNameNobody() throws {
        for slow in [{ (_: [String]) in false }, { (_: [String]) in true }] {
            let input = try F.input(nccl: try Self.ringSteps(slow: slow))
            #expect(PairAnalysis.rings(input).first?.culprits == [])
            #expect(HealthCheck.run(input).filter { $0.rule.hasPrefix("pairs.") }.isEmpty)
        }
    }

    /// Rings of 4: four of the eight hold the bad GPU, so the median sits between slow and fast; the
    /// slow rings are still below 0.8 × it and the GPU's neighbours each have a fast ring.
    @Test func ringsOfFourStillNameTheGPU() throws {
        let input = try F.input(nccl: try Self.ringSteps(size: 4) { $0.contains("2") })
        #expect(PairAnalysis.rings(input).first?.culprits.map(\.members) == [["2"]])
    }
}
