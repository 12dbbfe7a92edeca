import DSBenchCore
import Foundation
import GRDB

/// A capture too large to hold twice (`dsbench ingest` of a mapped file): its raw bytes are
/// compressed and hashed piece by piece, and its nccl-tests rows are written as they are parsed,
/// so what the process holds is a piece of the input and a batch of rows, not the whole of
/// either. The order of the one-shot methods is kept: the raw artifact is committed before
/// anything parses it, and the step with its records in one transaction after.
extension Store {
    /// Bytes deflated per piece, two pieces at a time: large enough that the handoff between the
    /// threads and the flush at a piece's end cost nothing measurable, small enough that the pages
    /// behind can be given back as it goes (8 MiB in flight, as with one 8 MiB piece before).
    static let streamedPiece = 4 << 20

    /// `storeStepArtifacts` of one artifact read from `bytes` once; `consumed` is told the offset
    /// before which the bytes are no longer needed (a mapped file gives those pages back).
    public func storeStepArtifact(runID: Int64, stepID: Int64, node: String, name: String, parser: ParserKind?,
                                  streaming bytes: UnsafeBufferPointer<UInt8>,
                                  consumed: (Int) -> Void = { _ in }) throws(StoreError) -> Int64 {
        let prepared: PreparedArtifact
        do {
            prepared = try PreparedArtifact(streaming: bytes, name: name, parser: parser, consumed: consumed)
        } catch {
            throw StoreError(.invalidInput, "cannot compress artifact \(node)/\(name) of run \(runID) "
                + "(\(bytes.count) bytes): \(Zlib.describe(error))")
        }
        let createdAt = TimeText.format(Date())
        return try write("storing artifact \(node)/\(name) of run \(runID)") { db in
            try requireRun(db, runID)
            guard let owner = try Int64.fetchOne(db, sql: "SELECT run_id FROM steps WHERE id = ?", arguments: [stepID]) else {
                throw notFound(step: stepID)
            }
            guard owner == runID else {
                throw StoreError(.invalidInput, "step \(stepID) does not belong to run \(runID) in \(path)")
            }
            return try prepared.insert(with: try Self.artifactInsert(db), db, runID: runID, stepID: stepID, node: node,
                                       createdAt: createdAt)
        }
    }

    /// `finishStep` of a step whose one artifact is nccl-tests output parsed while it is written:
    /// `parse` hands each batch of rows to its sink and returns the report without them; the
    /// step's status and error come from `completion`, given that report and its row count.
    /// All of it is one transaction: a parse that stops the process leaves the step unfinished
    /// and its raw artifact stored.
    public func finishStep(streamingNcclOf artifactID: Int64, stepID: Int64,
                           parse: (_ sink: (inout [NcclTestsRow]) -> Void) -> (report: NcclTestsReport, rowCount: Int),
                           completion: (_ report: NcclTestsReport, _ rowCount: Int) -> StepCompletion)
        throws(StoreError) -> (report: NcclTestsReport, rowCount: Int) {
        try write("finishing step \(stepID)") { db in
            guard let runID = try Int64.fetchOne(db, sql: "SELECT run_id FROM steps WHERE id = ?", arguments: [stepID]) else {
                throw notFound(step: stepID)
            }
            let node = try artifactNode(db, artifactID: artifactID, runID: runID, context: "step \(stepID)")
            let writer = RecordWriter(db: db, runID: runID)
            let origin = RecordWriter.Origin(stepID: stepID, node: node, artifactID: artifactID)
            let written = try writer.writeNccl(streaming: origin, parse: parse)
            try writer.writeDiagnostics(written.report.diagnostics + written.notes, origin)
            var finished = completion(written.report, written.rowCount)
            finished.parsed = []
            try finish(finished, in: db)
            return (written.report, written.rowCount)
        }
    }
}

extension PreparedArtifact {
    /// Compressed two pieces at a time on two threads (`PieceDeflate`), hashed in order on the
    /// first thread after its piece; `consumed` is told after each pair.
    init(streaming bytes: UnsafeBufferPointer<UInt8>, name: String, parser: ParserKind?,
         pieceBytes: Int = Store.streamedPiece, consumed: (Int) -> Void) throws(Zlib.Failure) {
        var zlib = try PieceDeflate(expectedInput: bytes.count)
        var hash = SHA256()
        var offset = 0
        repeat {
            let first = offset..<min(bytes.count, offset + pieceBytes)
            let second = first.upperBound..<min(bytes.count, first.upperBound + pieceBytes)
            let last = second.upperBound == bytes.count
            try zlib.append(first: first, second: second, of: bytes, last: last, alsoOnFirst: {
                hash.update(UnsafeBufferPointer(rebasing: bytes[first.lowerBound..<second.upperBound]))
            })
            offset = second.upperBound
            consumed(offset)
        } while offset < bytes.count
        let compressed = zlib.finish()
        // As `init(_:)`: bytes that do not shrink are kept as they are.
        let keepRaw = !bytes.isEmpty && compressed.count >= bytes.count
        self.init(name: name, parser: parser, size: bytes.count, encoding: keepRaw ? "identity" : "zlib",
                  content: keepRaw ? Array(bytes) : compressed, sha256: SHA256.hex(digest: hash.finalize()))
    }
}
