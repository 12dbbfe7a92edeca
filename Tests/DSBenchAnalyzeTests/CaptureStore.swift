import DSBenchCore
import DSBenchEngine
import DSBenchStore
import DSBenchTestSupport
import Foundation

/// Real 8×H200 captures ingested into a real (in-memory) store, as `dsbench ingest` does.
struct CaptureStore {
    let store: Store
    let ingestor: Ingestor

    init() throws {
        store = try Store.openInMemory()
        ingestor = Ingestor(store: store, version: "test")
    }

    /// A new run (or `runID`) holding `capture` as an nccl-tests log of `node`.
    @discardableResult
    func ingest(_ capture: String, node: String = "local", into runID: Int64? = nil, suite: String = "ingest") throws -> Int64 {
        try ingest(bytes: Array(try Fixtures.h200(capture).utf8), name: capture, node: node, into: runID, suite: suite)
    }

    @discardableResult
    func ingest(bytes: [UInt8], name: String, node: String = "local", into runID: Int64? = nil,
                suite: String = "ingest") throws -> Int64 {
        try ingestor.ingest([Ingestor.File(kind: .ncclTests, path: name, bytes: bytes)], node: node, runID: runID,
                            suiteName: suite).runID
    }
}

/// Scales every time up and every bandwidth down by `factor` in an nccl-tests text table, leaving
/// everything else as captured: a node `factor` times slower.
func slowedDown(_ text: String, by factor: Double) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        let fields = line.split(separator: " ")
        guard fields.count == 13, Int64(fields[0]) != nil else { return String(line) }
        var out = fields.map(String.init)
        for index in [5, 9] { if let t = Double(out[index]) { out[index] = String(format: "%.2f", t * factor) } }
        for index in [6, 7, 10, 11] { if let b = Double(out[index]) { out[index] = String(format: "%.2f", b / factor) } }
        return "  " + out.joined(separator: "  ")
    }.joined(separator: "\n")
}
