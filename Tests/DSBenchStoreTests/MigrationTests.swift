import DSBenchCore
import DSBMigrations
@testable import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct MigrationTests {
    @Test func migrationsApplyInOrderAndAreRecorded() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let ids = Migrations.all.map(\.id)
        #expect(ids.first == "0001_init")
        #expect(try scratch.store.appliedMigrations() == ids)
        // The schema really exists: every table of the data model is there.
        let tables = try scratch.store.queryRaw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for table in ["artifacts", "diagnostics", "dmon_samples", "inventory_facts", "inventory_gpus", "metrics",
                      "nccl_results", "nccl_summaries", "nodes", "runs", "steps"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test func reopeningIsIdempotentAndKeepsData() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        let runID = try scratch.store.createRun(Sample.newRun())
        try scratch.reopen()
        try scratch.reopen()
        #expect(try scratch.store.appliedMigrations() == Migrations.all.map(\.id))
        #expect(try scratch.count("grdb_migrations") == Migrations.all.count)
        #expect(try scratch.store.latestRunID() == runID)
    }

    @Test func walModeForeignKeysAndBusyTimeoutAreOn() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        #expect(try scratch.store.queryRaw("PRAGMA journal_mode") == ["wal"])
        #expect(try scratch.store.queryRaw("PRAGMA foreign_keys") == ["1"])
        #expect(try scratch.store.queryRaw("PRAGMA busy_timeout") == ["5000"])
        _ = try scratch.store.createRun(Sample.newRun())
        #expect(FileManager.default.fileExists(atPath: scratch.path + "-wal"))
    }

    @Test func unknownMigrationIsRefusedWithAClearMessage() throws {
        let scratch = try ScratchStore()
        defer { scratch.cleanUp() }
        try scratch.store.executeRaw("INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')")
        try scratch.store.close()
        do {
            _ = try Store.open(path: scratch.path)
            Issue.record("a database with migration 9999_future was opened")
        } catch {
            #expect(error.kind == .newerSchema)
            #expect(error.message == "\(scratch.path) was written by a newer dsbench (schema 9999_future unknown to this "
                + "binary, which knows up to \(Migrations.all.last!.id)); upgrade dsbench or use --db to point at another file")
        }
    }

    @Test func createsMissingParentDirectories() throws {
        let directory = try makeScratchDirectory("dsbench-store-dirs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a/b/c/dsbench.db").path
        let store = try Store.open(path: path)
        _ = try store.createRun(Sample.newRun())
        #expect(FileManager.default.fileExists(atPath: path))
        try store.close()
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let directory = try makeScratchDirectory("dsbench-store-notdb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dsbench.db").path
        try Data(String(repeating: "not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try Store.open(path: path)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .cannotOpen && error.message.contains(path) && error.message.contains("--db")
        }
    }

    @Test func inMemoryStoreIsMigrated() throws {
        let store = try Store.openInMemory()
        #expect(try store.appliedMigrations() == Migrations.all.map(\.id))
        #expect(try store.queryRaw("PRAGMA foreign_keys") == ["1"])
        #expect(store.path == ":memory:")
    }

    @Test func locationPrefersFlagThenEnvironmentThenDefault() {
        #expect(StoreLocation.resolve(flag: "/x/a.db", environment: ["DSBENCH_DB": "/y/b.db"]) == "/x/a.db")
        #expect(StoreLocation.resolve(flag: nil, environment: ["DSBENCH_DB": "/y/b.db"]) == "/y/b.db")
        #expect(StoreLocation.resolve(flag: nil, environment: ["HOME": "/root"]) == "./dsbench.db")
        #expect(StoreLocation.resolve(flag: "", environment: ["DSBENCH_DB": ""]) == "./dsbench.db")
    }
}
