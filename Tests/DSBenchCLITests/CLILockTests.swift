import DSBenchTestSupport
import Foundation
import Testing

/// One `run` at a time per database: a second one exits 75 before it records anything.
@Suite struct CLILockTests {
    @Test func secondRunOnTheSameDatabaseExits75() async throws {
        var cli = try CLI.make("lock")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let long = try cli.write("long.yaml", "suite: long\nsteps:\n  - name: long\n    command: [sleeper, \"30\"]\n")
        let quick = try cli.write("quick.yaml", "suite: quick\nsteps:\n  - name: hello\n    command: [echo, hi]\n")
        let otherDB = cli.scratch.appendingPathComponent("other.db")

        var second: CLIResult?
        var elsewhere: CLIResult?
        let first = try await cli.spawn(["run", long.path, "--db", cli.db.path], cwd: cli.scratch) { pid in
            _ = try await sleeper.waitUntilRunning()
            second = try await cli.run(["run", quick.path])
            elsewhere = try await cli.run(["run", quick.path, "--db", otherDB.path], withDB: false)
            // Ingest needs no lock: SQLite serializes its writes.
            let ingest = try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path])
            #expect(ingest.status == 0, "\(ingest)")
            #expect(kill(pid, SIGINT) == 0)
        }
        #expect(first.status == 130, "\(first)")

        let refused = try #require(second)
        #expect(refused.status == 75, "\(refused)")
        #expect(refused.stdout.isEmpty, "no run id: nothing was recorded\n\(refused)")
        #expect(refused.stderr.contains("another dsbench run (pid "), "\(refused)")
        #expect(refused.stderr.contains("holds \(cli.db.path).lock"), "\(refused)")
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT suite_name FROM runs ORDER BY id") == ["long", "ingest"])

        let other = try #require(elsewhere)
        #expect(other.status == 0, "another database is another lock\n\(other)")

        // The lock went with the first run.
        let after = try await cli.run(["run", quick.path])
        #expect(after.status == 0, "\(after)")
        #expect(after.runID == 3, "\(after)")
    }
}
