import DSBenchCore
import DSBenchEngine
import DSBenchParse
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// Parsing and ingesting a large query-gpu capture take a small multiple of its size in memory.
/// Before, a row was a dictionary of its fields (9.8× the input to parse) and the health rules
/// decoded every stored row again (22–27× to ingest, release build; 30× here in debug). The
/// bounds leave room for a debug build; release figures are in docs/performance.md.
@Suite(.serialized) struct LargeCaptureMemoryTests {
    static let size = 8 << 20

    /// Peak resident bytes above what was resident before `body`, per input byte.
    static func peakPerInputByte(_ input: [UInt8], _ body: () throws -> Void) throws -> Double? {
        guard MemoryHighWater.reset(), let before = MemoryHighWater.currentBytes else { return nil }
        try body()
        guard let peak = MemoryHighWater.peakBytes else { return nil }
        return Double(peak - before) / Double(input.count)
    }

    @Test func parseTakesUnderSixTimesTheInput() throws {
        let input = try IngestLinearityTests.capture(bytes: Self.size)
        let ratio = try Self.peakPerInputByte(input) {
            let records = Parsers.parse(.queryGPU, input)
            #expect(RecordCount.of(records) > 40_000)
        }
        let measured = try #require(ratio, "needs /proc/self/clear_refs (Linux)")
        #expect(measured < 6, "parse peaked at \(measured)× the input")
    }

    @Test func ingestTakesUnderTenTimesTheInput() throws {
        let input = try IngestLinearityTests.capture(bytes: Self.size)
        let dir = try makeScratchDirectory("dsbench-ingest-memory")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let ratio = try Self.peakPerInputByte(input) {
            let outcome = try Ingestor(store: store, version: "test")
                .ingest([Ingestor.File(kind: .queryGPU, path: "gpus.csv", bytes: input)], node: "local", runID: nil)
            #expect(outcome.unparseable.isEmpty)
        }
        try store.close()
        let measured = try #require(ratio, "needs /proc/self/clear_refs (Linux)")
        #expect(measured < 10, "ingest peaked at \(measured)× the input")
    }
}
