import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

typealias SmiSplitMix64 = SplitMix64

/// Seeded random edits of real captures; every parser must return (not trap) and keep its
/// line numbers inside the input.
@Suite struct ParserDispatchFuzzTests {
    static let iterations = 3000

    /// Bytes that matter to these formats, so that mutations hit the parsers' branches.
    static let interesting: [[UInt8]] = [
        [0x0A], [0x0D, 0x0A], [0x0D], [0x09], [0x20], [0x23], [0x2C], [0x2D], [0x2C, 0x20], [0x5B], [0x5D],
        Array("[N/A]".utf8), Array("<inactive>".utf8), Array(" X ".utf8), Array("\u{1B}[4m".utf8), [0x1B],
        Array("99999999999999999999999999".utf8), Array("-1".utf8), Array("nan".utf8), Array("1e400".utf8),
        Array("GPU ".utf8), Array("Link ".utf8), Array(": ".utf8), Array("(UUID: ".utf8), Array("GB/s".utf8),
        Array("#Date Time gpu".utf8), Array("NIC Legend:".utf8), Array("Driver Version:".utf8), Array("=\"".utf8),
        [0xFF], [0xC3], [0xE2, 0x82], [0x00],
    ]

    static func mutate(_ input: [UInt8], _ random: inout SmiSplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            let at = random.below(bytes.count + 1)
            switch random.below(7) {
            case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: random.next()) }
            case 1: bytes.insert(contentsOf: interesting[random.below(interesting.count)], at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + random.below(64)))
            case 3: bytes.removeSubrange(at...)
            case 4:
                let end = min(bytes.count, at + random.below(400))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: random.below(bytes.count + 1))
            case 5: bytes.insert(contentsOf: random.bytes(count: random.below(32)), at: at)
            default:
                // Swap two line breaks' neighbourhoods: reorders rows and headers.
                let other = random.below(bytes.count + 1)
                let (low, high) = (min(at, other), max(at, other))
                if high - low > 1 { bytes[low..<high].reverse() }
            }
        }
        return bytes
    }

    static func lineCount(_ bytes: [UInt8]) -> Int { bytes.count(where: { $0 == 0x0A }) + 1 }

    /// Every line number a parser reports, from records and diagnostics.
    static func reportedLines(_ records: ParsedRecords) -> [Int] {
        var lines = records.diagnostics.compactMap(\.line)
        switch records {
        case .dmon(let dmon): lines += dmon.samples.map(\.line)
        case .queryGPU(let table):
            lines += table.records.map(\.line)
            // The record's typed accessors read the same untrusted text.
            for record in table.records {
                _ = record.index
                for field in table.fieldNames { _ = (record.integer(field), record.number(field)) }
            }
        default: break
        }
        return lines
    }

    static func fuzz(_ kind: ParserKind, _ capture: String, seed: UInt64, excerptLines: Int? = nil) throws {
        var source = Array(try Fixtures.data("h200-x8/" + capture))
        if let excerptLines {
            // Keep the debug-build run short: the head (with a reprinted header) and the cut tail.
            let lines = source.split(separator: 0x0A, omittingEmptySubsequences: false)
            let kept = lines.prefix(excerptLines) + lines.suffix(3)
            source = Array(kept.joined(separator: [0x0A]))
        }
        var random = SmiSplitMix64(seed: seed)
        for iteration in 0..<iterations {
            let input = mutate(source, &random)
            let lines = reportedLines(Parsers.parse(kind, input))
            let limit = lineCount(input)
            #expect(lines.allSatisfy { $0 >= 1 && $0 <= limit }, "\(kind) seed \(seed) iteration \(iteration)")
        }
    }

    @Test func dmonText() throws { try Self.fuzz(.dmon, "f_dmon_pucvmet_during_allreduce.txt", seed: 1, excerptLines: 52) }
    @Test func dmonCSV() throws { try Self.fuzz(.dmon, "f_dmon_format_csv_c3.txt", seed: 2) }
    @Test func queryGPU() throws { try Self.fuzz(.queryGPU, "a_query-gpu_csv.txt", seed: 3) }
    @Test func topology() throws { try Self.fuzz(.topo, "a_topo-m.txt", seed: 4) }
    @Test func nvlink() throws { try Self.fuzz(.nvlink, "a_nvlink-s.txt", seed: 5) }
    @Test func smiSummary() throws { try Self.fuzz(.smiSummary, "a_nvidia-smi.txt", seed: 6) }
    @Test func uname() throws { try Self.fuzz(.uname, "a_uname.txt", seed: 7) }
    @Test func osRelease() throws { try Self.fuzz(.osRelease, "a_os-release.txt", seed: 8) }

    @Test func generatorIsDeterministic() {
        var a = SmiSplitMix64(seed: 42), b = SmiSplitMix64(seed: 42)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        var zero = SmiSplitMix64(seed: 0)
        // Reference output of SplitMix64 seeded with 0.
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}
