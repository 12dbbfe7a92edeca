import DSBenchCore
import DSBMigrations
import Foundation
import GRDB

/// What an SQLite file holds before dsbench writes to it: nothing, dsbench's schema (with the
/// migrations applied), or another application's tables, which dsbench never adds to.
enum SchemaState: Equatable {
    case empty
    case dsbench(applied: [String])
    case foreign(tables: [String])

    static func of(_ db: Database) throws -> SchemaState {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        if tables.isEmpty { return .empty }
        guard tables.contains("grdb_migrations") else { return .foreign(tables: tables) }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        // Another GRDB application keeps its migrations in the same table, none of them dsbench's first.
        guard let first = Migrations.all.first?.id, applied.contains(first) else { return .foreign(tables: tables) }
        return .dsbench(applied: applied)
    }
}

extension Store {
    /// Opening a pool switches the file to WAL, which rewrites its header: another application's
    /// database is recognised read-only first, so it is left byte for byte as it was. A file
    /// SQLite cannot read at all is left to the pool's open, which says so.
    static func refuseForeign(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        guard let size = FileStatus.size(path), size > 0,
              let queue = try? DatabaseQueue(path: path, configuration: configuration),
              case .foreign(let tables)? = try? queue.read({ db in try SchemaState.of(db) }) else { return }
        try? queue.close()
        throw Store(writer: queue, path: path).foreignDatabase(tables)
    }

    func foreignDatabase(_ tables: [String]) -> StoreError {
        let listed = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? " and \(tables.count - 5) more" : "")
        return StoreError(.notDsbench, "\(path) is not a dsbench database: it holds the tables \(listed) but not "
            + "dsbench's schema, and dsbench never adds its tables to another database; use --db to point at a dsbench "
            + "database or at a new file")
    }

    func newerSchema(_ applied: [String]) -> StoreError? {
        let known = Migrations.all.map(\.id)
        let unknown = applied.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return nil }
        return StoreError(.newerSchema, "\(path) was written by a newer dsbench (schema "
            + "\(unknown.joined(separator: ", ")) unknown to this binary, which knows up to "
            + "\(known.last ?? "no schema")); upgrade dsbench or use --db to point at another file")
    }

    /// A read-only store reads only a database at this binary's schema: it cannot migrate one.
    func requireCurrentSchema() throws(StoreError) {
        switch try read("reading the schema version", { db in try SchemaState.of(db) }) {
        case .empty:
            throw StoreError(.notDsbench, "\(path) is not a dsbench database: it holds no tables; use --db to "
                + "point at a dsbench database")
        case .foreign(let tables):
            throw foreignDatabase(tables)
        case .dsbench(let applied):
            if let newer = newerSchema(applied) { throw newer }
            let missing = Migrations.all.map(\.id).filter { !applied.contains($0) }
            guard missing.isEmpty else {
                throw StoreError(.needsMigration, "\(path) was written by an older dsbench and needs migrating "
                    + "(schema \(applied.max() ?? "?") → \(Migrations.all.last?.id ?? "?")); read commands never change "
                    + "a database: a command that writes (ingest, run, check, compare, reparse) migrates it first")
            }
        }
    }
}
