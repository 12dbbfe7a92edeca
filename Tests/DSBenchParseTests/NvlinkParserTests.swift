import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// `nvidia-smi nvlink -s` on 8×H200: 18 NVLink4 links per GPU at 26.562 GB/s.
@Suite struct NvlinkParserTests {
    @Test func realCapture() throws {
        let status = NvlinkParser.parse(try Fixtures.h200("a_nvlink-s.txt"))
        #expect(status.diagnostics.isEmpty)
        #expect(status.gpus.map(\.index) == Array(0..<8))
        #expect(status.gpus.allSatisfy { $0.name == "NVIDIA H200" })
        #expect(status.gpus.allSatisfy { $0.links.map(\.link) == Array(0..<18) })
        #expect(status.gpus.allSatisfy { $0.links.allSatisfy { $0.gbPerSecond == 26.562 && !$0.inactive && $0.note == nil } })
        #expect(status.gpus[0].uuid == "GPU-7d58ef82-82b7-a78e-aad4-6e4a929e1032")
        #expect(status.gpus[7].uuid == "GPU-bd05f9f8-5085-18ad-8e40-1184d7d59b6b")
    }

    @Test func uuidsMatchTheQueryGPUCapture() throws {
        let status = NvlinkParser.parse(try Fixtures.h200("a_nvlink-s.txt"))
        let table = GPUQueryParser.parse(try Fixtures.h200("a_query-gpu_csv.txt"))
        #expect(status.gpus.map(\.uuid) == table.records.map { $0.string("uuid") ?? "" })
    }

    @Test func inactiveLinksAndTrailingText() throws {
        var lines = try Fixtures.h200("a_nvlink-s.txt").components(separatedBy: "\n")
        // GPU 3 starts at line 58 (index 57); its links 4 and 5 are lines 63 and 64.
        #expect(lines[57].hasPrefix("GPU 3:"))
        lines[62] = "\t Link 4: <inactive>"
        lines[63] = "\t Link 5: 26.562 GB/s (sleep: L1)"
        lines[64] = "\t Link 6: 0 GB/s"
        let status = NvlinkParser.parse(lines.joined(separator: "\n"))
        #expect(status.diagnostics.isEmpty)
        let gpu3 = status.gpus[3]
        #expect(gpu3.links[4] == NvlinkLink(link: 4, gbPerSecond: nil, inactive: true, note: nil))
        #expect(gpu3.links[5] == NvlinkLink(link: 5, gbPerSecond: 26.562, inactive: false, note: "(sleep: L1)"))
        #expect(gpu3.links[6].gbPerSecond == 0)
        #expect(gpu3.links.filter(\.inactive).count == 1)
    }

    @Test func terminalCopyWithSpacesAndCRLF() throws {
        let real = try Fixtures.h200("a_nvlink-s.txt")
        let reference = NvlinkParser.parse(real)
        let copied = real.replacingOccurrences(of: "\t ", with: "         ").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(NvlinkParser.parse(copied) == reference)
    }

    @Test func oddLinesAreReported() {
        let text = """
        \t Link 0: 26.562 GB/s
        GPU 0: NVIDIA H200
        \t Link 0: N/A
        something else

        """
        let status = NvlinkParser.parse(text)
        #expect(status.gpus.count == 1 && status.gpus[0].uuid == "" && status.gpus[0].name == "NVIDIA H200")
        #expect(status.gpus[0].links == [NvlinkLink(link: 0, gbPerSecond: nil, inactive: false, note: "N/A")])
        #expect(status.diagnostics.compactMap(\.line) == [1, 2, 3, 4])
    }

    @Test func emptyAndRandomInput() {
        let empty = NvlinkParser.parse("")
        #expect(empty.gpus.isEmpty && empty.diagnostics.count == 1)
        var random = SmiSplitMix64(seed: 0x4E56)
        for _ in 0..<50 {
            let status = NvlinkParser.parse(random.bytes(count: random.below(2000)))
            #expect(status.gpus.allSatisfy { $0.index >= 0 })
        }
    }
}
