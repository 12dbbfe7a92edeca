import DSBMigrations
import DSBenchStore
import DSBenchTestSupport
import Foundation
import GRDB
import Testing

/// A new file gets its schema in one transaction (`Store.createSchema`); it must be the schema,
/// and the bookkeeping, that GRDB's migrator builds one migration at a time, because every later
/// migration is applied by that migrator on top of it.
@Suite struct SchemaCreationTests {
    /// Every schema object as SQLite stores it (its page numbers aside), and the migrations recorded.
    static func schema(_ path: String) throws -> (objects: [[String?]], applied: [String]) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let objects = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
                .map { row in (0..<4).map { row[$0] as String? } }
            return (objects, try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"))
        }
    }

    /// Applies the first `count` migrations through GRDB's migrator, each in its own transaction.
    static func migrateStepwise(_ path: String, first count: Int) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        var migrator = DatabaseMigrator()
        for migration in Migrations.all.prefix(count) {
            migrator.registerMigration(migration.id) { db in try db.execute(sql: migration.sql) }
        }
        try migrator.migrate(queue)
    }

    @Test func aNewFileGetsTheSchemaTheMigratorBuildsStepByStep() throws {
        let directory = try makeScratchDirectory("dsbench-schema")
        defer { try? FileManager.default.removeItem(at: directory) }
        let stepwise = directory.appendingPathComponent("stepwise.db").path
        try Self.migrateStepwise(stepwise, first: Migrations.all.count)
        let fresh = directory.appendingPathComponent("fresh.db").path
        try Store.open(path: fresh).close()

        let expected = try Self.schema(stepwise)
        let created = try Self.schema(fresh)
        #expect(expected.objects.count > 20, "the stepwise schema holds the data model: \(expected.objects.count) objects")
        #expect(created.objects == expected.objects)
        #expect(created.applied == Migrations.all.map(\.id))
        #expect(created.applied == expected.applied)
    }

    @Test func aFileAtAnOlderMigrationIsMigratedTheUsualWayToTheSameSchema() throws {
        let directory = try makeScratchDirectory("dsbench-schema-upgrade")
        defer { try? FileManager.default.removeItem(at: directory) }
        let older = directory.appendingPathComponent("older.db").path
        try Self.migrateStepwise(older, first: 3)
        #expect(try Self.schema(older).applied == Migrations.all.prefix(3).map(\.id))
        try Store.open(path: older).close()
        let fresh = directory.appendingPathComponent("fresh.db").path
        try Store.open(path: fresh).close()
        #expect(try Self.schema(older).objects == (try Self.schema(fresh)).objects)
        #expect(try Self.schema(older).applied == Migrations.all.map(\.id))
    }
}
