import DSBenchTestSupport
import Foundation
import Testing

/// Which database file a command uses (`--db`, then `DSBENCH_DB`, then `./dsbench.db`), and the
/// refusal to touch a database that a newer dsbench migrated.
@Suite struct CLIDatabaseTests {
    static let capture = Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path

    @Test func flagBeatsEnvironmentBeatsDefault() async throws {
        var cli = try CLI.make("db-choice")
        defer { cli.removeScratch() }
        let flagDB = cli.scratch.appendingPathComponent("flag/flag.db")
        let envDB = cli.scratch.appendingPathComponent("env/env.db")
        let defaultDB = cli.scratch.appendingPathComponent("dsbench.db")
        cli.extraEnvironment["DSBENCH_DB"] = envDB.path

        // --db wins over DSBENCH_DB; the folder is created.
        let flagged = try await cli.run(["ingest", "nccl-tests", Self.capture, "--db", flagDB.path], withDB: false)
        #expect(flagged.status == 0, "\(flagged)")
        #expect(FileManager.default.fileExists(atPath: flagDB.path))
        #expect(!FileManager.default.fileExists(atPath: envDB.path))
        #expect(!FileManager.default.fileExists(atPath: defaultDB.path))

        // DSBENCH_DB without --db.
        for _ in 0..<2 {
            let fromEnv = try await cli.run(["ingest", "nccl-tests", Self.capture], withDB: false)
            #expect(fromEnv.status == 0, "\(fromEnv)")
        }
        #expect(try SQLiteFile(envDB).int("SELECT count(*) FROM runs") == 2)
        #expect(try SQLiteFile(flagDB).int("SELECT count(*) FROM runs") == 1)
        #expect(!FileManager.default.fileExists(atPath: defaultDB.path))
        let runs = try await cli.run(["runs"], withDB: false)
        #expect(runs.stdoutLines.filter { $0.hasPrefix("1 ") || $0.hasPrefix("2 ") }.count == 2, "\(runs)")

        // Neither (or an empty DSBENCH_DB): ./dsbench.db in the working directory.
        cli.extraEnvironment["DSBENCH_DB"] = ""
        let byDefault = try await cli.run(["ingest", "nccl-tests", Self.capture], withDB: false)
        #expect(byDefault.status == 0, "\(byDefault)")
        #expect(try SQLiteFile(defaultDB).int("SELECT count(*) FROM runs") == 1)
        #expect(try SQLiteFile(envDB).int("SELECT count(*) FROM runs") == 2)
    }

    @Test func newerSchemaIsRefusedAndLeftAlone() async throws {
        let cli = try CLI.make("db-newer")
        defer { cli.removeScratch() }
        let ingest = try await cli.run(["ingest", "nccl-tests", Self.capture])
        #expect(ingest.status == 0, "\(ingest)")

        // GRDB's DatabaseMigrator records applied migrations in `grdb_migrations(identifier)`.
        let db = try SQLiteFile(cli.db)
        let known = try db.strings("SELECT identifier FROM grdb_migrations ORDER BY identifier")
        #expect(!known.isEmpty)
        try db.execute("INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')")
        let before = try db.dump("SELECT * FROM runs")

        for arguments in [["runs"], ["show", "latest"], ["ingest", "nccl-tests", Self.capture], ["reparse", "1"]] {
            let result = try await cli.run(arguments)
            #expect(result.status == 70, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
            #expect(result.stderr.contains("\(cli.db.path) was written by a newer dsbench (schema 9999_future unknown"),
                    "\(arguments): \(result)")
            #expect(result.stderr.contains("upgrade dsbench or use --db"), "\(result)")
        }
        #expect(try db.dump("SELECT * FROM runs") == before, "nothing was written")
        #expect(try db.strings("SELECT identifier FROM grdb_migrations ORDER BY identifier") == known + ["9999_future"])
    }

    @Test func aFileThatIsNotADatabaseIsAnInternalError() async throws {
        let cli = try CLI.make("db-garbage")
        defer { cli.removeScratch() }
        try cli.write("dsbench.db", String(repeating: "not sqlite at all\n", count: 300))
        let result = try await cli.run(["runs"])
        #expect(result.status == 70, "\(result)")
        #expect(result.stderr.contains(cli.db.path), "the message names the file: \(result)")
    }
}
