import DSBenchCore
import DSBenchEngine
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench ingest query-gpu` grows linearly with the capture: store the raw bytes, parse, write
/// one row per GPU row, run the health rules. 200 MB once did not finish in 300 s (issue 12); the
/// rules decoded every stored row again to keep one per GPU. Speed and memory figures for
/// 50–200 MB are in `Benchmarks/large-capture-bench` (docs/performance.md); this checks the
/// growth only, with the generous bound of the parser family (< 3× per doubling, best of 2).
@Suite(.serialized) struct IngestLinearityTests {
    static func capture(bytes: Int) throws -> [UInt8] {
        let lines = try Fixtures.h200("a_query-gpu_csv.txt").split(separator: "\n")
        let rows = Array((lines.dropFirst().joined(separator: "\n") + "\n").utf8)
        var out = Array((lines[0] + "\n").utf8)
        while out.count < bytes { out += rows }
        return out
    }

    static func ingestSeconds(_ input: [UInt8]) throws -> Double {
        let dir = try makeScratchDirectory("dsbench-ingest-linear")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = try Ingestor(store: store, version: "test")
            .ingest([Ingestor.File(kind: .queryGPU, path: "gpus.csv", bytes: input)], node: "local", runID: nil)
        let elapsed = clock.now - started
        #expect(outcome.unparseable.isEmpty)
        try store.close()
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    @Test func queryGPUIngestGrowsLinearly() throws {
        var times: [Double] = []
        for size in [512 << 10, 1 << 20, 2 << 20] {
            let input = try Self.capture(bytes: size)
            times.append(max(try (0..<2).map { _ in try Self.ingestSeconds(input) }.min() ?? 0, 0.05))
        }
        let perDoubling = (times[2] / times[0]).squareRoot()
        #expect(perDoubling < 3, "\(times)")
    }

    /// The rules see each GPU once, its latest row, however many rows the capture repeats.
    @Test func repeatedRowsAreJudgedOncePerGPU() throws {
        let dir = try makeScratchDirectory("dsbench-ingest-latest")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try Ingestor(store: store, version: "test").ingest(
            [Ingestor.File(kind: .queryGPU, path: "gpus.csv", bytes: try Self.capture(bytes: 64 << 10))],
            node: "local", runID: nil)
        let all = try store.inventoryGPUs(runID: outcome.runID)
        let latest = try store.latestInventoryGPUs(runID: outcome.runID)
        #expect(all.count > 300)
        #expect(latest.map(\.index) == Array(0..<8))
        #expect(latest.map(\.stepID) == Array(repeating: all.last?.stepID, count: 8))
    }
}
