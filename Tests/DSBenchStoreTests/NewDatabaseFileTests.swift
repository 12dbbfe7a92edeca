@testable import DSBenchStore
import DSBMigrations
import DSBenchTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

/// A missing database file is written whole from a schema built in memory (`NewDatabaseFile`);
/// an existing empty file still gets the migrations in place. Both must be the same database to
/// every later reader and migration.
@Suite struct NewDatabaseFileTests {
    /// What a reader or a later migration sees of a database file, beyond its schema objects.
    static func settings(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try ["page_size", "journal_mode", "auto_vacuum", "encoding", "user_version", "application_id",
                 "freelist_count", "integrity_check", "foreign_key_check"].map { pragma in
                "\(pragma)=" + (try String.fetchAll(db, sql: "PRAGMA \(pragma)")).joined(separator: ",")
            }
        }
    }

    @Test func aWrittenFileIsTheDatabaseTheMigrationsBuildInPlace() throws {
        let directory = try makeScratchDirectory("dsbench-newfile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = directory.appendingPathComponent("written.db").path
        let inPlace = directory.appendingPathComponent("in-place.db").path
        #expect(FileManager.default.createFile(atPath: inPlace, contents: Data()))   // empty: migrated in place
        try Store.open(path: written).close()
        try Store.open(path: inPlace).close()

        #expect(try SchemaCreationTests.schema(written).objects == (try SchemaCreationTests.schema(inPlace)).objects)
        #expect(try SchemaCreationTests.schema(written).applied == Migrations.all.map(\.id))
        // GRDB opens a pool with a CREATE and DROP of a table (its issue 102), which leaves one
        // free page in a file that was complete before the open: the in-place file used that page
        // for its first table. Opened again, both keep one free page, reused by each later open.
        for _ in 0..<3 {
            try Store.open(path: written).close()
            try Store.open(path: inPlace).close()
        }
        let settings = try Self.settings(written)
        #expect(settings == (try Self.settings(inPlace)))
        #expect(settings.contains("page_size=16384") && settings.contains("journal_mode=wal")
                && settings.contains("integrity_check=ok") && settings.contains("freelist_count=1"), "\(settings)")
        // Only the database is left in the directory: the temporary image was unlinked.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["in-place.db", "written.db"])
    }

    /// The image compiled in was built from the migrations when dsbench was built; if it were
    /// stale (a migration edited, the plugin not rerun), a new file would miss it.
    @Test func theEmbeddedImageIsTheOneTheMigrationsBuildNow() throws {
        let embedded = SchemaImage.bytes(), built = try NewDatabaseFile.schemaImage(path: "test")
        try #require(embedded.count == built.count)
        // Bytes 92–99: the change counter it is valid for and the SQLite version that wrote it.
        let differing = embedded.indices.filter { embedded[$0] != built[$0] && !(92..<100).contains($0) }
        #expect(differing.isEmpty, "the embedded schema image differs from the migrations at bytes \(differing.prefix(8))")
        #expect(Array(embedded[0..<16]) == Array("SQLite format 3\0".utf8) && embedded[18] == 2 && embedded[19] == 2)
    }

    @Test func aWrittenFileTakesRowsAndMigrationsAsAnyOther() throws {
        let directory = try makeScratchDirectory("dsbench-newfile-rows")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("runs.db").path
        let store = try Store.open(path: path)
        let runID = try store.createRun(Sample.newRun())
        try store.close()
        let reopened = try Store.open(path: path)
        #expect(try reopened.runDetail(id: runID)?.run.suiteName == "nightly")
        #expect(try reopened.appliedMigrations() == Migrations.all.map(\.id))
    }

    /// A store on one connection (`ingest`) writes the same WAL-mode file a pool then reads, and
    /// reads its own writes back.
    @Test func aSingleConnectionStoreWritesTheFileAPoolReads() throws {
        let directory = try makeScratchDirectory("dsbench-newfile-single")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("single.db").path
        let single = try Store.open(path: path, connections: .single)
        let runID = try single.createRun(Sample.newRun())
        #expect(try single.runDetail(id: runID)?.run.suiteName == "nightly")
        let pool = try Store.open(path: path)   // beside it, as another process would
        #expect(try pool.runDetail(id: runID)?.run.suiteName == "nightly")
        try pool.close()
        try single.close()
        #expect(try Self.settings(path).contains("journal_mode=wal"))
        #expect(try Store.open(path: path).appliedMigrations() == Migrations.all.map(\.id))

        // An empty file filled in place by a single connection is switched to WAL too.
        let empty = directory.appendingPathComponent("empty.db").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let filled = try Store.open(path: empty, connections: .single)
        _ = try filled.createRun(Sample.newRun())
        try filled.close()
        #expect(try Self.settings(empty).contains("journal_mode=wal"))
    }

    @Test func aFileThatAppearedMeanwhileIsKeptAndNothingIsLeftBehind() throws {
        let directory = try makeScratchDirectory("dsbench-newfile-race")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("taken.db").path
        let theirs = Data("another process's file".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: theirs))
        try NewDatabaseFile.write(try NewDatabaseFile.schemaImage(path: path), to: path)
        #expect(FileManager.default.contents(atPath: path) == theirs)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken.db"])
    }

    @Test func aStaleWALBesideAMissingFileIsLeftToSQLite() throws {
        let directory = try makeScratchDirectory("dsbench-newfile-wal")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gone.db").path
        #expect(FileManager.default.createFile(atPath: path + "-wal", contents: Data()))
        try NewDatabaseFile.createIfAbsent(path: path)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func processesOpeningOneNewFileAtOnceShareOneSchema() throws {
        let directory = try makeScratchDirectory("dsbench-newfile-concurrent")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("shared.db").path
        let runIDs = Mutex<[Int64]>([]), failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                let store = try Store.open(path: path)
                let id = try store.createRun(Sample.newRun())
                try store.close()
                runIDs.withLock { $0.append(id) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        #expect(Set(runIDs.withLock { $0 }).count == 8)
        #expect(try SchemaCreationTests.schema(path).applied == Migrations.all.map(\.id))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".new-") }.isEmpty)
    }
}
