import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// nvbandwidth's device↔device matrix read as a GPU pair matrix, on the 8×H200 node of the
/// captures (its inventory and `nvidia-smi topo -m`). The matrix text is nvbandwidth v0.8's format
/// (as in `h200-x1/nvb_all.txt`) for 8 GPUs, edited: healthy peers at ≈ 390 GB/s (what NV18 gave
/// between two H200s in the 2-GPU JSON case), one GPU or one pair slowed to PCIe-like 25 GB/s.
@Suite struct PeerCopyMatrixTests {
    typealias F = HealthFixtures

    /// `memcpy CE GPU(row) -> GPU(column)` for 8 GPUs; `slow` decides which cells are 25 GB/s.
    static func text(slow: (Int, Int) -> Bool, testcase: String = "device_to_device_memcpy_write_ce",
                     override: [String: String] = [:]) -> String {
        var lines = ["nvbandwidth Version: v0.8", "", "Running \(testcase).",
                     "memcpy CE GPU(row) -> GPU(column) bandwidth (GB/s)",
                     "    " + (0..<8).map { String(repeating: " ", count: 9) + String($0) }.joined()]
        var sum = 0.0
        for row in 0..<8 {
            let cells = (0..<8).map { column -> String in
                if row == column { return "       N/A" }
                if let fixed = override["\(row),\(column)"] { return String(repeating: " ", count: max(0, 10 - fixed.count)) + fixed }
                let value = slow(row, column) ? 25.13 : 389.5 + Double((row * 8 + column) % 5) * 0.3
                sum += value
                return String(format: "%10.2f", value)
            }
            lines.append(String(format: "%2d", row) + cells.joined())
        }
        lines += ["", "SUM \(testcase) \(String(format: "%.2f", sum))", ""]
        return lines.joined(separator: "\n")
    }

    static func input(_ text: String) throws -> HealthInput {
        var input = try F.input()
        input.peerCopies = HealthPeerCopy.from(NvbandwidthTextParser.parse(text), node: F.node, stepKey: "nvbw#0@\(F.node)")
        return input
    }

    @Test func aGPUSlowToEveryPeerIsTheBadGPU() throws {
        let input = try Self.input(Self.text { $0 == 5 || $1 == 5 })
        #expect(input.peerCopies.count == 56)
        let matrix = try #require(PairAnalysis.matrices(input).first)
        #expect(matrix.scope == .gpus && matrix.node == F.node && matrix.members == (0..<8).map(String.init))
        #expect(matrix.series == "nvbw device_to_device_memcpy_write_ce@\(F.node)")
        #expect(matrix.cells.count == 28 && matrix.cells.filter(\.slow).count == 7)
        #expect(matrix.culprits == [PairCulprit(kind: .member, members: ["5"], slowPairs: 7, pairs: 7)])
        let findings = HealthCheck.run(input).filter { $0.rule.hasPrefix("pairs.") }
        #expect(findings.map(\.rule) == ["pairs.bad_gpu"])
        #expect(findings.first?.gpu == 5 && findings.first?.node == F.node)
        #expect(findings.first?.message.contains("GPU 5 is slow in all 7 of its pairs") == true, "\(findings)")
    }

    @Test func oneSlowDirectionOfOnePairIsABadLinkOnItsNVLinkPath() throws {
        let input = try Self.input(Self.text { $0 == 2 && $1 == 6 })
        let matrix = try #require(PairAnalysis.matrices(input).first)
        #expect(matrix.cell("2", "6")?.busbw == 25.13, "the slower direction is the pair's value")
        #expect(matrix.culprits.map(\.kind) == [.link] && matrix.culprits.first?.members == ["2", "6"])
        #expect(matrix.culprits.first?.path?.hasPrefix("NV18") == true, "\(matrix.culprits)")
        let findings = HealthCheck.run(input).filter { $0.rule.hasPrefix("pairs.") }
        #expect(findings.map(\.rule) == ["pairs.bad_link"])
    }

    @Test func aHealthyMatrixNamesNobodyAndAnImpossibleCopyIsNotBelieved() throws {
        // 9e+06 GB/s is what a no-op prints (the 1-GPU nccl-tests capture); no H200 copies that fast.
        let input = try Self.input(Self.text(slow: { _, _ in false }, override: ["3,4": "9000000.00"]))
        let matrix = try #require(PairAnalysis.matrices(input).first)
        #expect(matrix.culprits.isEmpty)
        #expect(matrix.cell("3", "4").map { $0.busbw < 400 } == true, "the other direction stands for the pair")
        #expect(matrix.cells.allSatisfy { $0.busbw < 400 })
        #expect(HealthCheck.run(input).filter { $0.rule.hasPrefix("pairs.") }.isEmpty)
    }

    @Test func hostCopiesAndOneGPUNodesGiveNoPeerMatrix() throws {
        let oneGPU = NvbandwidthTextParser.parse(try Fixtures.text("h200-x1/nvb_all.txt"))
        #expect(HealthPeerCopy.from(oneGPU, node: "h200").isEmpty)
        var input = try F.input()
        input.peerCopies = HealthPeerCopy.from(oneGPU, node: "h200")
        #expect(PairAnalysis.matrices(input).isEmpty)
    }
}
