import DSBenchCore
import Foundation
import GRDB
import GRDBSQLite

/// Several steps stored at once (`dsbench ingest` of many files): one transaction where the
/// one-step methods take one each, and compression and hashing spread over the cores before the
/// write lock is taken. Per file, a transaction and its commit cost more than the file's rows.
extension Store {
    /// One artifact for each step, all in one transaction; ids in input order. Like
    /// `storeArtifacts`, call it before parsing: the raw bytes are kept whatever the parsers do.
    public func storeStepArtifacts(runID: Int64, node: String,
                                   _ items: [(stepID: Int64, input: ArtifactInput)]) throws(StoreError) -> [Int64] {
        let prepared: [PreparedArtifact]
        do {
            let inputs = items.map(\.input)
            prepared = try ParallelMap.map(inputs) { (input: ArtifactInput) throws -> PreparedArtifact in
                try PreparedArtifact(input, runID: runID, node: node)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.invalidInput, "cannot prepare the artifacts of run \(runID): \(error)")
        }
        let createdAt = TimeText.format(Date())
        return try write("storing \(items.count) artifacts of \(node) for run \(runID)") { db in
            try requireRun(db, runID)
            let stepRun = try db.makeStatement(sql: "SELECT run_id FROM steps WHERE id = ?")
            let insert = try Self.artifactInsert(db)
            var ids: [Int64] = []
            ids.reserveCapacity(items.count)
            for (item, artifact) in zip(items, prepared) {
                guard let owner = try Int64.fetchOne(stepRun, arguments: [item.stepID]) else { throw notFound(step: item.stepID) }
                guard owner == runID else {
                    throw StoreError(.invalidInput, "step \(item.stepID) does not belong to run \(runID) in \(path)")
                }
                ids.append(try artifact.insert(with: insert, db, runID: runID, stepID: item.stepID, node: node,
                                               createdAt: createdAt))
            }
            return ids
        }
    }

    /// `finishStep` for each, in one transaction: all are recorded, or (on an error) none.
    public func finishSteps(_ completions: [StepCompletion]) throws(StoreError) {
        guard !completions.isEmpty else { return }
        try finishSteps("finishing steps \(completions.first!.stepID)–\(completions.last!.stepID)") { finish in
            for completion in completions { try finish(completion) }
        }
    }

    /// The same for steps whose completions `body` hands to `finish` as they are ready (their
    /// files still being parsed on the other cores): one transaction for all of them, rolled back
    /// when `body` or a `finish` throws.
    public func finishSteps(_ what: @autoclosure () -> String,
                            _ body: (_ finish: (StepCompletion) throws -> Void) throws -> Void) throws(StoreError) {
        try write(what()) { db in
            try body { completion in try finish(completion, in: db) }
        }
    }
}

/// An artifact compressed and hashed, ready to insert.
struct PreparedArtifact: Sendable {
    var name: String
    var parser: ParserKind?
    /// Uncompressed bytes.
    var size: Int
    var encoding: String
    var content: [UInt8]
    var sha256: String

    init(name: String, parser: ParserKind?, size: Int, encoding: String, content: [UInt8], sha256: String) {
        self.name = name; self.parser = parser; self.size = size
        self.encoding = encoding; self.content = content; self.sha256 = sha256
    }

    init(_ input: ArtifactInput, runID: Int64, node: String) throws(StoreError) {
        let compressed: [UInt8]
        do {
            compressed = try Zlib.compress(input.bytes)
        } catch {
            throw StoreError(.invalidInput, "cannot compress artifact \(node)/\(input.name) of run \(runID) "
                + "(\(input.bytes.count) bytes): \(Zlib.describe(error))")
        }
        // Incompressible bytes (already compressed, random) are kept as they are. Empty input
        // stays zlib: SQLite would store an empty blob as NULL.
        let keepRaw = !input.bytes.isEmpty && compressed.count >= input.bytes.count
        self.init(name: input.name, parser: input.parser, size: input.bytes.count, encoding: keepRaw ? "identity" : "zlib",
                  content: keepRaw ? input.bytes : compressed, sha256: SHA256.hex(input.bytes))
    }

    func insert(with statement: Statement, _ db: Database, runID: Int64, stepID: Int64?, node: String,
                createdAt: String) throws -> Int64 {
        // The content is bound where it lies (SQLITE_STATIC): through `Data` it was copied once more,
        // 54 MB for a 400 MiB capture; the other values are bound (and let go of) as usual.
        statement.setUncheckedArguments([runID, stepID, node, name, parser?.rawValue, encoding, size, sha256, nil, createdAt])
        defer { statement.setUncheckedArguments(StatementArguments()) }
        try content.withUnsafeBytes { raw in
            let code = raw.isEmpty ? sqlite3_bind_zeroblob(statement.sqliteStatement, 9, 0)
                : sqlite3_bind_blob64(statement.sqliteStatement, 9, raw.baseAddress, sqlite3_uint64(raw.count), nil)
            guard code == SQLITE_OK else {
                throw StoreError(.database, "cannot bind artifact \(name) (\(raw.count) bytes): \(String(cString: sqlite3_errstr(code)))")
            }
            try statement.execute()
        }
        return db.lastInsertedRowID
    }
}
