import DSBMigrations
import GRDB
import GRDBSQLite

/// The schema of a new database: every migration's SQL, each followed by its row in GRDB's
/// `grdb_migrations` (as GRDB's migrator records it, so later migrations apply on top as usual),
/// run through `sqlite3_exec` inside the caller's transaction.
///
/// Why not `Database.execute(sql:)`: the image is built on a bare connection, without GRDB's
/// set-up of one (0.4 ms) or its authorizer and schema-cache work per statement (3.1 → 2.9 ms for
/// the 44 objects in a new process, where SQLite's own cold compile is most of it;
/// docs/performance.md, session 11), and one script serves the image and the empty file alike.
enum SchemaScript {
    static func run(on connection: OpaquePointer?, path: String) throws(StoreError) {
        try exec(connection, "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)", failing: "the migrations table", path: path)
        for migration in Migrations.all {
            try exec(connection, migration.sql, failing: "migration \(migration.id)", path: path)
            let quoted = "'" + migration.id.replacingOccurrences(of: "'", with: "''") + "'"
            try exec(connection, "INSERT INTO grdb_migrations (identifier) VALUES (\(quoted))",
                     failing: "recording migration \(migration.id)", path: path)
        }
    }

    private static func exec(_ connection: OpaquePointer?, _ sql: String, failing what: String, path: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(connection, sql, nil, nil, &message)
        guard code != SQLITE_OK else { return }
        let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        sqlite3_free(message)
        throw StoreError(.migrationFailed, "\(what) failed on \(path): \(text) (SQLite code \(code)); nothing was written")
    }
}
