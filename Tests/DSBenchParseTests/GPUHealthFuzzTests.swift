import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse

/// Seeded random edits (`ParserDispatchFuzzTests.mutate`) and every truncation of the health
/// captures: each parser returns, never traps, and reports lines inside its input.
@Suite struct GPUHealthFuzzTests {
    static let iterations = 1500

    static func fuzz(_ kind: ParserKind, _ path: String, seed: UInt64) throws {
        let source = Array(try Fixtures.data(path))
        var random = SmiSplitMix64(seed: seed)
        for iteration in 0..<iterations {
            let input = ParserDispatchFuzzTests.mutate(source, &random)
            let records = Parsers.parse(kind, input)
            let limit = ParserDispatchFuzzTests.lineCount(input)
            var lines = records.diagnostics.compactMap(\.line)
            if case .kernelLog(let log) = records { lines += log.events.map(\.line) }
            #expect(lines.allSatisfy { $0 >= 1 && $0 <= limit }, "\(kind) seed \(seed) iteration \(iteration)")
        }
    }

    /// Every prefix, at a stride that keeps the debug build quick.
    static func truncations(_ kind: ParserKind, _ path: String) throws {
        let source = Array(try Fixtures.data(path))
        let stride = max(1, source.count / 600)
        for end in Swift.stride(from: 0, through: source.count, by: stride) {
            let records = Parsers.parse(kind, Array(source.prefix(end)))
            if case .gpuHealth(let report) = records { #expect(report.gpus.count <= 8) }
        }
    }

    @Test func smiQText() throws { try Self.fuzz(.smiQ, "health/smi_q_perf.txt", seed: 21) }
    @Test func smiQECCText() throws { try Self.fuzz(.smiQ, "health/smi_q_ecc.txt", seed: 22) }
    @Test func smiQXML() throws { try Self.fuzz(.smiQ, "health/nvidia-smi-q-x.txt", seed: 23) }
    @Test func smiHealth() throws { try Self.fuzz(.smiHealth, "health/smi_query_health.txt", seed: 24) }
    @Test func kernelLog() throws { try Self.fuzz(.kernelLog, "health/built_kernel_log_forms.txt", seed: 25) }
    @Test func nvlinkErrors() throws { try Self.fuzz(.nvlinkErrors, "health/built_nvlink_e.txt", seed: 26) }

    @Test func everyTruncation() throws {
        try Self.truncations(.smiQ, "health/smi_q_perf.txt")
        try Self.truncations(.smiQ, "h200-x8/a_nvidia-smi-q-x.txt")
        try Self.truncations(.smiHealth, "health/smi_query_health.txt")
        try Self.truncations(.kernelLog, "health/built_kernel_log_forms.txt")
        try Self.truncations(.nvlinkErrors, "health/built_nvlink_e.txt")
    }

    @Test func garbageAndBinary() {
        var random = SmiSplitMix64(seed: 27)
        for _ in 0..<200 {
            let junk = random.bytes(count: random.below(2000))
            for kind in [ParserKind.smiQ, .smiHealth, .kernelLog, .nvlinkErrors] { _ = Parsers.parse(kind, junk) }
            _ = Parsers.parse(.smiQ, Array("<".utf8) + junk)
        }
    }
}
