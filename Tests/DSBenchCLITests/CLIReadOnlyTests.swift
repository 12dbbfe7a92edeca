import DSBenchTestSupport
import Foundation
import GRDB
import Testing

/// Read commands (`runs`, `show`, `report`, `trend`, `baseline list/show`) open the database
/// read-only: they never create, migrate or write one, and say why they refuse a file.
@Suite struct CLIReadOnlyTests {
    static let capture = Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path
    static let reads: [[String]] = [["runs"], ["show", "latest"], ["report", "latest", "--format", "json"],
                                    ["trend", "ingest"], ["baseline", "list"], ["baseline", "show", "x"]]

    @Test func aMissingDatabaseIsNotCreated() async throws {
        let cli = try CLI.make("ro-missing")
        defer { cli.removeScratch() }
        let typo = cli.scratch.appendingPathComponent("typo.db").path
        let nowhere = "/nonexistent-\(UUID().uuidString)/dir/x.db"
        for arguments in Self.reads {
            for path in [typo, nowhere] {
                let result = try await cli.run(arguments + ["--db", path], withDB: false)
                #expect(result.status == 64, "\(arguments) \(path): \(result)")
                #expect(result.stderr.contains("no such database \(path)"), "\(arguments): \(result)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: typo))
        #expect(!FileManager.default.fileExists(atPath: "/" + nowhere.split(separator: "/")[0]))
        let folder = try await cli.run(["runs", "--db", cli.scratch.path], withDB: false)
        #expect(folder.status == 64 && folder.stderr.contains("is a directory"), "\(folder)")
    }

    /// Another application's SQLite file gets none of dsbench's tables, from a reader or a writer.
    @Test func aForeignDatabaseIsRefusedAndLeftAlone() async throws {
        let cli = try CLI.make("ro-foreign")
        defer { cli.removeScratch() }
        let queue = try DatabaseQueue(path: cli.db.path)
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('ada')")
        }
        try queue.close()
        let before = try Data(contentsOf: cli.db)
        for arguments in Self.reads + [["ingest", "nccl-tests", Self.capture]] {
            let result = try await cli.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains("\(cli.db.path) is not a dsbench database: it holds the tables customers"),
                    "\(arguments): \(result)")
        }
        #expect(try Data(contentsOf: cli.db) == before)
        #expect(try SQLiteFile(cli.db).strings("SELECT name FROM sqlite_master WHERE type = 'table'") == ["customers"])
    }

    @Test func aDatabaseThatNeedsMigratingSaysSoAndIsLeftAlone() async throws {
        let cli = try CLI.make("ro-old")
        defer { cli.removeScratch() }
        #expect(try await cli.run(["ingest", "nccl-tests", Self.capture]).status == 0)
        let db = try SQLiteFile(cli.db)
        // What a database of the previous dsbench looks like to this one: its last migration missing.
        try db.execute("DELETE FROM grdb_migrations WHERE identifier = (SELECT MAX(identifier) FROM grdb_migrations)")
        let migrations = try db.strings("SELECT identifier FROM grdb_migrations ORDER BY identifier")
        for arguments in Self.reads {
            let result = try await cli.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains("was written by an older dsbench and needs migrating"), "\(arguments): \(result)")
            #expect(result.stderr.contains("read commands never change a database"), "\(result)")
        }
        #expect(try db.strings("SELECT identifier FROM grdb_migrations ORDER BY identifier") == migrations)
    }

    /// A 0444 database in a folder the user may not write (another user's, a read-only mount): it
    /// is listed, shown (judged in memory: an ingested run has no stored verdict) and reported.
    @Test func aReadOnlyDatabaseOfAnotherUserCanBeListedAndShown() async throws {
        var cli = try CLI.make("ro-foreign-user")
        defer {
            _ = chmod(cli.scratch.path, 0o755)
            cli.removeScratch()
        }
        #expect(try await cli.run(["ingest", "nccl-tests", Self.capture]).status == 0)
        let out = cli.scratch.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(chmod(out.path, 0o1777) == 0)
        #expect(chmod(cli.db.path, 0o444) == 0)
        if getuid() == 0 {
            cli.identity = (uid: 65534, gid: 65534)   // nobody: neither the file nor the folder is theirs
        } else {
            #expect(chmod(cli.scratch.path, 0o555) == 0)
        }
        let before = try Data(contentsOf: cli.db)

        let runs = try await cli.run(["runs"], cwd: out)
        #expect(runs.status == 0 && runs.stdoutLines.contains { $0.hasPrefix("1 ") }, "\(runs)")
        let show = try await cli.run(["show", "1", "--json"], cwd: out)
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("\"verdict\""), "\(show)")
        let report = try await cli.run(["report", "1", "--format", "json", "-o", out.path], cwd: out)
        #expect(report.status == 0, "\(report)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
        let trend = try await cli.run(["trend", "ingest"], cwd: out)
        #expect(trend.status == 0, "\(trend)")
        // A writer cannot, and says why.
        let ingest = try await cli.run(["ingest", "nccl-tests", Self.capture], cwd: out)
        #expect(ingest.status == 70 && ingest.stderr.contains("the file or its directory is not writable"), "\(ingest)")
        #expect(try Data(contentsOf: cli.db) == before)
        #expect(!FileManager.default.fileExists(atPath: cli.db.path + "-wal"), "nothing was written beside it")
    }
}
