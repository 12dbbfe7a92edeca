import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// The byte-scan parsers give exactly what the ones they replaced gave (kept in Reference/): on
/// every fixture of their kind, each cut short at every stride, with CRLF line ends, repeated,
/// with seeded random edits (`ParserDispatchFuzzTests.mutate`, and whole-line ones: `editLines`), and on non-ASCII lines where
/// `Character` and byte logic could part (combining marks after the syntax, a prepended mark,
/// invalid UTF-8).
@Suite struct ParserEquivalenceTests {
    static let mutations = 400

    /// Each source and its variants.
    static func inputs(_ paths: [String], extra: [String] = [], seed: UInt64) throws -> [[UInt8]] {
        var sources = try paths.map { Array(try Fixtures.data($0)) } + extra.map { Array($0.utf8) }
        sources += extra.map { Array($0.utf8) + [0xFF, 0x0A, 0xE2, 0x82, 0x0A, 0xC3] }
        var all: [[UInt8]] = []
        var random = SmiSplitMix64(seed: seed)
        for source in sources {
            all.append(source)
            all.append(source + source)
            all.append(Array(String(decoding: source, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8))
            let stride = max(1, source.count / 300)
            for end in Swift.stride(from: 0, to: source.count, by: stride) { all.append(Array(source.prefix(end))) }
            // Fewer edits of a large capture (the 214 KB XML), to keep the debug build quick.
            let rounds = max(20, min(mutations, 4_000_000 / max(source.count, 1)))
            for _ in 0..<rounds { all.append(ParserDispatchFuzzTests.mutate(source, &random)) }
            for _ in 0..<lineEdits { all.append(editLines(source, &random)) }
        }
        return all
    }

    static let lineEdits = 60
    static let fieldTexts = ["", " ", "N/A", "[N/A]", "0", "-1", "1e400", "0x1F", "nan", "\"", "é", "{", "]", ",", "1.5 W"]

    /// Whole-line edits, one to three: a line deleted, repeated, moved, or one of its fields
    /// (between blanks, commas or quotes) replaced.
    static func editLines(_ source: [UInt8], _ random: inout SmiSplitMix64) -> [UInt8] {
        var lines = source.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        for _ in 0...random.below(3) where !lines.isEmpty {
            let at = random.below(lines.count)
            switch random.below(4) {
            case 0: lines.remove(at: at)
            case 1: lines.insert(lines[at], at: random.below(lines.count + 1))
            case 2: lines.swapAt(at, random.below(lines.count))
            default:
                let line = lines[at]
                let stops = line.indices.filter { [0x20, 0x2C, 0x22, 0x09].contains(line[$0]) }
                guard stops.count >= 2 else { continue }
                let first = random.below(stops.count - 1)
                let text = fieldTexts[random.below(fieldTexts.count)]
                lines[at].replaceSubrange((stops[first] + 1)..<stops[first + 1], with: Array(text.utf8))
            }
        }
        return Array(lines.joined(separator: [0x0A]))
    }

    static func compare<R: Equatable>(_ inputs: [[UInt8]], _ new: ([UInt8]) -> R, _ old: ([UInt8]) -> R) {
        var differing = 0
        for (index, input) in inputs.enumerated() where new(input) != old(input) {
            differing += 1
            if differing <= 3 {
                Issue.record("input \(index) differs: \(String(decoding: input.prefix(300), as: UTF8.self).debugDescription)")
            }
        }
        #expect(differing == 0, "\(differing) of \(inputs.count) inputs differ")
    }

    @Test func kernelLog() throws {
        let extra = [
            "[1.0] NVRM: Xid (PCI:0000:00:06): 7\u{301}9, pid=1, x\n[2.0] NVRM: \u{600}SXid (PCI:0000:05:00.0): 12, y\n",
            "[é] NVRM: Xid (PCI:0000:00:06): 79, pid='7', name=pythö, détail\n  \t \nNVRM: Xid (PCI:0: 1\n",
            "Dec 02 02:19:02 hóst kernel: NVRM: Xid (PCI:0000:3b:00): 43,\u{301} pid=4242, name=<unknown>\n",
            "2026 x kernel: nvidia: SXid (): 123456789, pid=\"-3\", name=, Fatal\n[ ] Xid (PCI:): 1,pid=2,\n",
        ]
        let inputs = try Self.inputs(["health/built_kernel_log_forms.txt", "health/dmesg_nvrm.txt",
                                      "health/edited_dmesg_xid79.txt"], extra: extra, seed: 31)
        Self.compare(inputs, KernelLogParser.parse, ReferenceKernelLogParser.parse)
    }

    @Test func nvlinkErrors() throws {
        let extra = [
            "GPU \u{301}0: x\nGPU 1: y\n\t Link 0:\u{301} Replay Errors: 0\n\t Link 0: Replay Érrors: 1 : 2\n",
            "GPU 2: z\n Link 0: A : b : c \nLink +3: CRC: 5\nLink : CRC: 1\nLink x: CRC: 1\nLink 1: : 4\nLink 1: CRC\n",
            "GPU : q\nGPU 99999999999999999999: r\n Link 0: Replay Errors: N/A\n Link 0: Replay Errors: 7 us\n Link 0: Replay Errors: 8\n",
        ]
        let inputs = try Self.inputs(["health/built_nvlink_e.txt", "health/built_nvlink_e_rising.txt"], extra: extra, seed: 32)
        Self.compare(inputs, NvlinkErrorsParser.parse, ReferenceNvlinkErrorsParser.parse)
    }

    static let queryGPUFixtures = ["health/smi_query_health.txt", "health/edited_smi_query_health_faults.txt",
                                   "h200-x8/a_query-gpu_csv.txt", "h200-x1/query-gpu.txt"]
    static let headerChanges = [
        "index, name\n0, A\nindex, name\nindex,name\nindex, name \nindex, uuid\n1, B\nindex, uuid\nindex, name\n2, C\n",
        "index, temperature.gpu [C]\r\n0, 36 C\r\nindex, temperature.gpu [C]\nindex, temperature.gpu [C]\r\n1, 37 C\n",
    ]

    @Test func smiHealth() throws {
        let inputs = try Self.inputs(Self.queryGPUFixtures, extra: Self.headerChanges, seed: 33)
        Self.compare(inputs, SmiHealthParser.parse, ReferenceSmiHealthParser.parse)
    }

    @Test func queryGPU() throws {
        let inputs = try Self.inputs(Self.queryGPUFixtures, extra: Self.headerChanges, seed: 34)
        Self.compare(inputs, { GPUQueryParser.parse($0) }, { ReferenceGPUQueryParser.parse($0) })
        let fields = ["index", "name", "memory.total"]
        let headerless = try Self.inputs(["h200-x8/a_query-gpu_csv_nounits_noheader.txt"], seed: 35)
        Self.compare(headerless, { GPUQueryParser.parse($0, fields: fields) }, { ReferenceGPUQueryParser.parse($0, fields: fields) })
    }
}
