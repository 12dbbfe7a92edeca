import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// Keeps raw outputs, compressed with their sha256, in their own transaction: call it before
    /// parsing, so a crash in a parser (or in the store) never loses what a step printed.
    /// Returns the artifact ids in input order.
    public func storeArtifacts(runID: Int64, stepID: Int64?, node: String,
                               _ inputs: [ArtifactInput]) throws(StoreError) -> [Int64] {
        // Compress and hash before taking the write lock: other writers need not wait for zlib.
        var prepared: [PreparedArtifact] = []
        for input in inputs { prepared.append(try PreparedArtifact(input, runID: runID, node: node)) }
        let createdAt = TimeText.format(Date())
        return try write("storing \(inputs.count) artifacts of \(node) for run \(runID)") { db in
            try requireRun(db, runID)
            if let stepID {
                let stepRun = try Int64.fetchOne(db, sql: "SELECT run_id FROM steps WHERE id = ?", arguments: [stepID])
                guard stepRun != nil else { throw notFound(step: stepID) }
                guard stepRun == runID else {
                    throw StoreError(.invalidInput, "step \(stepID) does not belong to run \(runID) in \(path)")
                }
            }
            let insert = try Self.artifactInsert(db)
            var ids: [Int64] = []
            for item in prepared {
                ids.append(try item.insert(with: insert, db, runID: runID, stepID: stepID, node: node, createdAt: createdAt))
            }
            return ids
        }
    }

    static func artifactInsert(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: """
            INSERT INTO artifacts (run_id, step_id, node, name, parser, encoding, size, sha256, content, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Every artifact of the run (by id), inflated and verified against its sha256. A damaged
    /// artifact is an error that names it.
    public func artifacts(runID: Int64) throws(StoreError) -> [StoredArtifact] {
        let rows = try read("reading the artifacts of run \(runID)") { db in
            try requireRun(db, runID)
            return try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE run_id = ? ORDER BY id", arguments: [runID])
                .map(RawArtifact.init)
        }
        var artifacts: [StoredArtifact] = []
        artifacts.reserveCapacity(rows.count)
        for row in rows { artifacts.append(try verified(row)) }
        return artifacts
    }

    /// One artifact, verified; nil when the id is unknown.
    public func artifact(id: Int64) throws(StoreError) -> StoredArtifact? {
        let row = try read("reading artifact \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM artifacts WHERE id = ?", arguments: [id]).map(RawArtifact.init)
        }
        guard let row else { return nil }
        return try verified(row)
    }

    private func verified(_ raw: RawArtifact) throws(StoreError) -> StoredArtifact {
        let label = "artifact \(raw.id) (\(raw.node)/\(raw.name)"
            + (raw.stepID.map { " of step \($0)" } ?? "") + ", run \(raw.runID))"
        let advice = "; the raw output cannot be trusted — rerun the step, or restore \(path) from a backup"
        let bytes: [UInt8]
        switch raw.encoding {
        case "identity":
            bytes = raw.content
        case "zlib":
            do {
                bytes = try Zlib.decompress(raw.content, expectedSize: raw.size)
            } catch {
                throw StoreError(.corruptArtifact, "\(label) is corrupt in \(path): \(Zlib.describe(error))" + advice)
            }
        default:
            throw StoreError(.corruptArtifact, "\(label) in \(path) has unknown encoding '\(raw.encoding)'"
                + "; a newer dsbench may have written it — upgrade dsbench")
        }
        let digest = SHA256.hex(bytes)
        guard digest == raw.sha256, bytes.count == raw.size else {
            throw StoreError(.corruptArtifact, "\(label) is corrupt in \(path): recorded sha256 \(raw.sha256) "
                + "(\(raw.size) bytes), stored bytes hash to \(digest) (\(bytes.count) bytes)" + advice)
        }
        return StoredArtifact(id: raw.id, runID: raw.runID, stepID: raw.stepID, node: raw.node, name: raw.name,
                              parser: raw.parser.flatMap(ParserKind.init(rawValue:)), bytes: bytes,
                              sha256: raw.sha256, storedSize: raw.content.count,
                              createdAt: TimeText.parse(raw.createdAt))
    }
}

/// An artifacts row before inflation.
private struct RawArtifact {
    var id: Int64
    var runID: Int64
    var stepID: Int64?
    var node: String
    var name: String
    var parser: String?
    var encoding: String
    var size: Int
    var sha256: String
    var content: [UInt8]
    var createdAt: String?

    init(_ row: Row) {
        id = row["id"]; runID = row["run_id"]; stepID = row["step_id"]; node = row["node"]; name = row["name"]
        parser = row["parser"]; encoding = row["encoding"]; size = row["size"]; sha256 = row["sha256"]
        content = [UInt8]((row["content"] as Data?) ?? Data())
        createdAt = row["created_at"]
    }
}

extension Statement {
    /// Executes with `arguments` and lets go of them: a cached statement keeps its last arguments
    /// (GRDB's `Statement.arguments`) and SQLite its bound copy until the next use, which pinned
    /// a large capture's compressed artifact (27 MB at 200 MiB) and its summary's device list
    /// (19 MB) for the rest of the process (valgrind massif, docs/performance.md, session 11).
    func executeReleasing(_ arguments: StatementArguments) throws {
        defer { setUncheckedArguments(StatementArguments()) }
        try execute(arguments: arguments)
    }
}
