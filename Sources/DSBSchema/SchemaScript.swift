import GRDBSQLite

/// The schema of a new database: every migration's SQL, each followed by its row in GRDB's
/// `grdb_migrations` (as GRDB's migrator records it, so later migrations apply on top as usual),
/// run through `sqlite3_exec` on a bare connection. One script serves the image of a new file,
/// built when dsbench is built (`EmbedSchemaImage`), and an existing empty file, filled in place.
///
/// Why not `Database.execute(sql:)`: GRDB's set-up of a connection (0.4 ms) and its authorizer and
/// schema-cache work per statement are not needed for one script (3.1 → 2.9 ms for the 44 objects
/// in a new process, where SQLite's own cold compile is most of it; docs/performance.md, session 11).
public enum SchemaScript {
    /// Bytes per page of a new database: a bulk ingest writes every page to the WAL and again at
    /// the checkpoint, and 16 KiB pages cut the CPU per inserted row by 5–10 % (dsbench-bench).
    public static let pageSize = 16384

    public struct Failure: Error, Sendable {
        /// What was being run: "migration 0001_init", "the migrations table", "serializing".
        public let step: String
        public let message: String
        public let code: Int32
    }

    public static func run(on connection: OpaquePointer?, migrations: [(id: String, sql: String)]) throws(Failure) {
        try exec(connection, "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)", step: "the migrations table")
        for migration in migrations {
            try exec(connection, migration.sql, step: "migration \(migration.id)")
            let quoted = "'" + migration.id.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
            try exec(connection, "INSERT INTO grdb_migrations (identifier) VALUES (\(quoted))", step: "recording migration \(migration.id)")
        }
    }

    /// The bytes of an SQLite file holding the migrated schema, with `pageSize` pages, marked for
    /// WAL (header bytes 18 and 19 = 2, as `PRAGMA journal_mode = WAL` writes them).
    public static func image(migrations: [(id: String, sql: String)]) throws(Failure) -> [UInt8] {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        guard sqlite3_open_v2(":memory:", &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            throw Failure(step: "opening a database in memory", message: "out of memory?", code: SQLITE_NOMEM)
        }
        try exec(connection, "PRAGMA page_size = \(pageSize); BEGIN IMMEDIATE", step: "beginning")
        try run(on: connection, migrations: migrations)
        try exec(connection, "COMMIT", step: "committing")
        var size: sqlite3_int64 = 0
        guard let bytes = sqlite3_serialize(connection, "main", &size, 0), size >= 100 else {
            throw Failure(step: "serializing", message: "out of memory?", code: SQLITE_NOMEM)
        }
        defer { sqlite3_free(bytes) }
        bytes[18] = 2
        bytes[19] = 2
        return Array(UnsafeBufferPointer(start: bytes, count: Int(size)))
    }

    private static func exec(_ connection: OpaquePointer?, _ sql: String, step: String) throws(Failure) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(connection, sql, nil, nil, &message)
        guard code != SQLITE_OK else { return }
        let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        sqlite3_free(message)
        throw Failure(step: step, message: text, code: code)
    }
}
