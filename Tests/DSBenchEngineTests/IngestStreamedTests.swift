import DSBenchCore
@testable import DSBenchEngine
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// A large nccl-tests capture is ingested in place (`Ingestor.File(mapped:)`): raw bytes
/// compressed and hashed a piece at a time, rows written as they are parsed. What it stores
/// must be what the batch path stores from the same bytes, to the byte.
@Suite struct IngestStreamedTests {
    /// The 16 nccl-tests captures process-bench ingests (whole runs, cut runs, INFO logs, errors).
    static let captures = [
        "b_all_reduce_8-8G_c1_n50.txt", "b_all_reduce_8-8G_r1.txt", "c_all_gather_8-1G.txt", "c_alltoall_8-1G.txt",
        "d_all_reduce_1M-256M_INFO.txt", "e_p2p_disable_INFO.txt", "e_p2p_shm_disable_socket_killed_by_timeout.txt",
        "f_all_reduce_under_dmon.txt", "g_mpirun_all_reduce_np8.txt", "i_err_invalid_flag.txt", "i_err_too_many_gpus.txt",
    ]

    /// Everything an ingest leaves that a reader sees, ids and clock readings aside.
    struct Stored: Equatable {
        var steps: [String]
        var artifacts: [String]
        var summaries: [StoredNcclStep]
        var rows: [[NcclResultRow]]
        var diagnostics: [String]
        var findings: [String]
        var unparseable: [String]
        var counts: [Int]
    }

    static func ingest(_ files: [Ingestor.File], in dir: URL, name: String) throws -> Stored {
        let store = try Store.open(path: dir.appendingPathComponent(name).path)
        let fixed = Date(timeIntervalSince1970: 1_700_000_000)
        let outcome = try Ingestor(store: store, version: "test", clock: { fixed })
            .ingest(files, node: "local", runID: nil)
        let detail = try #require(try store.runDetail(id: outcome.runID))
        return Stored(
            steps: detail.steps.map { "\($0.seq) \($0.key) \($0.status) \($0.error ?? "-")" },
            artifacts: try store.artifacts(runID: outcome.runID).map {
                "\($0.stepID ?? -1) \($0.name) \($0.parser?.rawValue ?? "-") \($0.sha256) \($0.storedSize) \(SHA256.hex($0.bytes))"
            },
            summaries: try store.ncclSteps(runID: outcome.runID),
            rows: try detail.steps.map { try store.ncclResults(stepID: $0.id) },
            diagnostics: try store.diagnostics(runID: outcome.runID).map { "\($0.stepID ?? -1) \($0.source ?? "-") \($0.diagnostic)" },
            findings: try store.findings(runID: outcome.runID).map { "\($0.finding.rule) \($0.finding.severity) \($0.finding.message)" },
            unparseable: outcome.unparseable, counts: outcome.files.map(\.rows))
    }

    @Test func aCaptureReadInPlaceStoresWhatItsBytesStore() throws {
        let dir = try makeScratchDirectory("dsbench-ingest-streamed")
        defer { try? FileManager.default.removeItem(at: dir) }
        var whole: [Ingestor.File] = [], mapped: [Ingestor.File] = []
        for name in Self.captures {
            let bytes = Array(try Fixtures.data("h200-x8/" + name))
            whole.append(Ingestor.File(kind: .ncclTests, path: name, bytes: bytes))
            let file = try #require(MappedFile.open(Fixtures.url("h200-x8/" + name).path, limit: 1 << 30))
            mapped.append(Ingestor.File(kind: .ncclTests, path: name, mapped: file))
        }
        // Several batches of rows (the parser hands them over 1,024 at a time) in one capture.
        let repeated = Array(try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt")), long = dir.appendingPathComponent("long.txt")
        try Data(Array(repeatElement(repeated, count: 150).joined())).write(to: long)
        whole.append(Ingestor.File(kind: .ncclTests, path: "long.txt", bytes: Array(try Data(contentsOf: long))))
        mapped.append(Ingestor.File(kind: .ncclTests, path: "long.txt", mapped: try #require(MappedFile.open(long.path, limit: 1 << 30))))
        let batch = try Self.ingest(whole, in: dir, name: "batch.db")
        let streamed = try Self.ingest(mapped, in: dir, name: "streamed.db")
        #expect(streamed == batch)
        #expect(batch.rows.joined().count > 200)
        #expect((batch.rows.last?.count ?? 0) > 3 * 1024)
        #expect(batch.rows.last?.map(\.seq) == Array(0..<(batch.rows.last?.count ?? 0)))
        #expect(batch.steps.count == Self.captures.count + 1)
    }

    @Test func filesReadInPlaceAreEachAStepOfTheirOwnBetweenBatches() throws {
        let dir = try makeScratchDirectory("dsbench-ingest-segments")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log.txt").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        let mapped = Ingestor.File(kind: .ncclTests, path: path, mapped: try #require(MappedFile.open(path, limit: 10)))
        let small = Ingestor.File(kind: .ncclTests, path: "a", bytes: [1])
        let dmon = Ingestor.File(kind: .dmon, path: path, mapped: try #require(MappedFile.open(path, limit: 10)))
        #expect(Ingestor.segments([small, small, mapped, small, mapped, mapped]) == [0..<2, 2..<3, 3..<4, 4..<5, 5..<6])
        // Only nccl-tests text is parsed as it is read; another mapped kind goes with its batch.
        #expect(Ingestor.segments([small, dmon, small]) == [0..<3])
        #expect(Ingestor.segments([]) == [])
    }
}
