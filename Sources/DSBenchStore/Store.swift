import DSBenchCore
import DSBMigrations
import DSBSchema
import Foundation
import GRDB

/// The SQLite database of runs, steps, raw artifacts and parsed records (one file, WAL mode).
///
/// Every method is synchronous and thread-safe: writes are serialized by SQLite's single writer,
/// reads run concurrently (a GRDB `DatabasePool`; one connection for `.single`). Call it from a
/// thread that may block.
public final class Store: Sendable {
    /// The file, or `:memory:` for `openInMemory()`.
    public let path: String
    let writer: any DatabaseWriter
    /// The writer when it is one connection (`.single`, read-only stores): its reads can share a
    /// transaction (`snapshot`).
    private let queue: DatabaseQueue?
    /// Runs left `running` by a dsbench process that is gone, which a read-only store cannot mark:
    /// it reports them `interrupted`, as the next writing command will record them.
    let abandoned: Set<Int64>

    /// Runs a read-only store reports `interrupted` though they are stored `running`.
    public var abandonedRunIDs: [Int64] { abandoned.sorted() }

    init(writer: any DatabaseWriter, path: String, abandoned: Set<Int64> = []) {
        self.writer = writer
        self.queue = writer as? DatabaseQueue
        self.path = path
        self.abandoned = abandoned
    }

    /// How a store reaches its file.
    public enum Connections: Sendable {
        /// A writer and reader connections beside it: for a command whose threads read while
        /// another writes (`run`: the executors, the live progress).
        case pool
        /// One connection for writes and reads: for a command that reads only what it wrote, from
        /// one thread at a time (`ingest`). A reader connection reads the whole schema again and
        /// costs every read a hop to its queue: 4 % of ingesting the 16 captures (callgrind).
        case single
    }

    /// Opens (creating the file and its directory if needed) and migrates the database at `path`.
    /// Refuses a database that a newer dsbench has migrated further than this binary knows.
    public static func open(path: String, connections: Connections = .pool) throws(StoreError) -> Store {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !FileStatus.isDirectory(directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.cannotOpen, "cannot create the directory \(directory.path) for the database "
                    + "\(path): \(error.localizedDescription); check its permissions or use --db to point at another file")
            }
        }
        try refuseForeign(path: path)
        try NewDatabaseFile.createIfAbsent(path: path)
        let writer: any DatabaseWriter
        do {
            switch connections {
            case .pool: writer = try DatabasePool(path: path, configuration: configuration())
            case .single: writer = try singleConnection(path: path)
            }
        } catch {
            let hint = StoreError.hint(for: error)
            throw StoreError(.cannotOpen, "cannot open the database \(path): \(error)"
                + (hint.isEmpty ? "; if it is not a dsbench database, use --db to point at another file" : hint))
        }
        let store = Store(writer: writer, path: path)
        try store.migrate()
        return store
    }

    /// One connection in WAL mode, set here rather than by GRDB: its WAL set-up writes and drops a
    /// table for the readers of a pool (its issue 102) after looking the -wal's size up through
    /// FileManager (passwd, group), 4.3 M instructions, 3 % of ingesting the 16 captures
    /// (callgrind), for readers this connection does not have. A new file's image is marked WAL
    /// already; a file filled in place is switched here.
    private static func singleConnection(path: String) throws -> DatabaseQueue {
        var single = configuration()
        single.journalMode = .default
        let queue = try DatabaseQueue(path: path, configuration: single)
        try queue.writeWithoutTransaction { db in
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" else { return }
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw StoreError(.cannotOpen, "SQLite could not switch \(path) to WAL mode")
            }
        }
        return queue
    }

    /// A private database in memory, migrated like a file. SQLite keeps no WAL in memory, so the
    /// journal mode differs from `open(path:)`; everything else behaves the same.
    public static func openInMemory() throws(StoreError) -> Store {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            throw StoreError(.cannotOpen, "cannot create an in-memory database: \(error)")
        }
        let store = Store(writer: queue, path: ":memory:")
        try store.migrate()
        return store
    }

    /// Closes the connections now (they also close when the store is released). A closed store
    /// refuses further use with an error.
    public func close() throws(StoreError) {
        do { try writer.close() } catch { throw StoreError.database("closing", path: path, error) }
    }

    /// Migration ids recorded in the database, in the order applied.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read("reading the migrations") { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
    }

    /// Bytes per page of a new database (see `configuration()`).
    static let pageSize = SchemaScript.pageSize

    static func configuration() -> Configuration {
        var config = Configuration()
        config.label = "dsbench.store"
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        // DatabasePool switches to WAL itself; a DatabaseQueue on a file would need this too.
        config.journalMode = .wal
        config.prepareDatabase { db in
            // 16 KiB pages for new databases (a no-op on existing ones): a bulk ingest writes every
            // page to the WAL and again at the checkpoint, and four times fewer pages cut the CPU
            // per inserted row by 5–10 % (dsbench-bench, docs/performance.md).
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            // In WAL mode NORMAL never corrupts; a power cut may lose the last commits only.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Bulk ingest rewrites index pages many times; a larger cache keeps them from spilling
            // to the WAL mid-transaction (a cap, not an allocation, but filled by a large ingest).
            // A reader reads a page about once (the health pass reads a large capture's rows back
            // once): its cache stays small (with 64 MiB there, the 200 MiB ingest peaked 13 MiB higher).
            // The writer's 64 MiB fills on any large ingest: a constant part of its peak.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -65536")
        }
        return config
    }

    private func migrate() throws(StoreError) {
        let state = try read("reading the schema version") { db in try SchemaState.of(db) }
        switch state {
        case .empty:
            if try createSchema() { return }
        case .foreign(let tables):
            throw foreignDatabase(tables)
        case .dsbench(let applied):
            if let newer = newerSchema(applied) { throw newer }
            // Up to date (every open after the first): the migrator would only read the table
            // again and open a transaction to find nothing to do.
            if Set(applied).isSuperset(of: Migrations.all.map(\.id)) { return }
        }
        var migrator = DatabaseMigrator()
        for migration in Migrations.all {
            let path = self.path
            migrator.registerMigration(migration.id) { db in
                do {
                    try db.execute(sql: migration.sql)
                } catch {
                    throw StoreError(.migrationFailed, "migration \(migration.id) failed on \(path): \(error); "
                        + "the database was left at the previous migration")
                }
            }
        }
        do {
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.migrationFailed, "migrating \(path) failed: \(error)")
        }
    }

    /// A new file gets every migration in one transaction, recorded in GRDB's `grdb_migrations`
    /// as its migrator records them, so later migrations apply on top as usual. The migrator runs
    /// each in its own transaction with foreign keys off and a `foreign_key_check` after it: 12 %
    /// of an ingest of the 16 captures into a new file (perf, 4 of its 34 ms). false: another
    /// process created the schema meanwhile, and the migrator takes it from there.
    private func createSchema() throws(StoreError) -> Bool {
        let path = self.path
        do {
            return try writer.writeWithoutTransaction { db in try Self.createSchema(db, path: path) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.migrationFailed, "creating the schema of \(path) failed: \(error)")
        }
    }

    /// Every migration in one transaction on the empty database `db` (false if it is not empty).
    static func createSchema(_ db: Database, path: String) throws -> Bool {
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
        var created = false
        try db.inTransaction(.immediate) {
            guard try SchemaState.of(db) == .empty else { return .rollback }
            do throws(SchemaScript.Failure) {
                try SchemaScript.run(on: db.sqliteConnection, migrations: SchemaScript.compiledMigrations)
            } catch {
                throw error.storeError(path: path)
            }
            db.clearSchemaCache()
            try db.checkForeignKeys()
            created = true
            return .commit
        }
        return created
    }

    // MARK: - Helpers for the extensions

    /// Runs `body` in one write transaction; any error rolls all of it back.
    func write<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.database(what(), path: path, error)
        }
    }

    /// Runs `body` in a read transaction of its own, or in the one `snapshot` holds.
    func read<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            guard let queue else { return try writer.read(body) }
            // On the one connection's queue, a transaction already open is `snapshot`'s: it is
            // held for the whole of `snapshot`'s body, and nothing else runs on the queue meanwhile.
            return try queue.unsafeReentrantRead { db in
                if db.isInsideTransaction { return try body(db) }
                return try db.readOnly { try Self.inReadTransaction(db) { try body(db) } }
            }
        } catch {
            throw StoreError.database(what(), path: path, error)
        }
    }

    /// Runs `body`, every read of this store in it seeing the same state of the file: one read
    /// transaction instead of one per read. `show` reads a run in 41 reads, each of which began
    /// and committed a transaction (82 statements prepared of its 125, 4 M instructions,
    /// callgrind); a run stored while they ran could be read half old, half new. On a store of
    /// several connections (`.pool`) the reads stay transactions of their own.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        guard let queue else { return try body() }
        return try queue.unsafeReentrantRead { db in
            if db.isInsideTransaction { return try body() }
            return try db.readOnly {
                do {
                    return try Self.inReadTransaction(db, body)
                } catch let error as DatabaseError {
                    throw StoreError.database("reading \(path)", path: path, error)
                }
            }
        }
    }

    private static func inReadTransaction<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.deferred) {
            result = try body()
            return .commit
        }
        return result!
    }

    /// Raw SQL for tests and maintenance inside the module (never public: callers get typed APIs).
    func executeRaw(_ sql: String) throws(StoreError) {
        try write("executing \(sql)") { db in try db.execute(sql: sql) }
    }

    /// First column of each row as text, read on the writer connection (pragmas are per connection).
    func queryRaw(_ sql: String) throws(StoreError) -> [String?] {
        do {
            return try writer.writeWithoutTransaction { db in
                try DatabaseValue.fetchAll(db, sql: sql).map { value -> String? in
                    switch value.storage {
                    case .null: return nil
                    case .int64(let number): return String(number)
                    case .double(let number): return String(number)
                    case .string(let text): return text
                    case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
                    }
                }
            }
        } catch {
            throw StoreError.database("querying \(sql)", path: path, error)
        }
    }
}
