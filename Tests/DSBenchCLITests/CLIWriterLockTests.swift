import DSBenchTestSupport
import Foundation
import Testing

/// Every writer that changes what a running run reads or writes refuses with exit 75 while a run
/// holds the lock, and the lock is the database's, whatever name it is reached by.
@Suite struct CLIWriterLockTests {
    static let capture = Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path
    static let long = "suite: long\nsteps:\n  - name: long\n    command: [sleeper, \"30\"]\n"
    static let quick = "suite: quick\nsteps:\n  - name: hello\n    command: [echo, hi]\n"

    @Test func writersOfStoredRunsRefuseWhileARunHoldsTheLock() async throws {
        var cli = try CLI.make("lock-writers")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let long = try cli.write("long.yaml", Self.long)
        let ingested = try await cli.run(["ingest", "nccl-tests", Self.capture])
        #expect(ingested.status == 0, "\(ingested)")
        let db = try SQLiteFile(cli.db)
        let before = try db.dump("SELECT id, run_id, status FROM steps ORDER BY id")
        let findingsBefore = try db.dump("SELECT rule, source FROM findings ORDER BY id")

        var refused: [(String, CLIResult)] = []
        let first = try await cli.spawn(["run", long.path, "--db", cli.db.path], cwd: cli.scratch) { pid in
            _ = try await sleeper.waitUntilRunning()
            for arguments in [["reparse", "1"], ["ingest", "nccl-tests", Self.capture, "--run", "1"],
                              ["baseline", "set", "1", "--name", "ref"], ["baseline", "rm", "ref"],
                              ["compare", "1", "--baseline", "1"]] {
                refused.append((arguments.joined(separator: " "), try await cli.run(arguments)))
            }
            #expect(kill(pid, SIGINT) == 0)
        }
        #expect(first.status == 130, "\(first)")
        for (command, result) in refused {
            #expect(result.status == 75, "\(command): \(result)")
            #expect(result.stderr.contains("would change what a running run uses: another dsbench run (pid "),
                    "\(command): \(result)")
        }
        #expect(try db.dump("SELECT id, run_id, status FROM steps WHERE run_id = 1 ORDER BY id") == before)
        #expect(try db.dump("SELECT rule, source FROM findings WHERE run_id = 1 ORDER BY id") == findingsBefore)
        #expect(try db.int("SELECT COUNT(*) FROM baselines") == 0)
        // Once the run is gone they work.
        let reparse = try await cli.run(["reparse", "1"])
        #expect(reparse.status == 0, "\(reparse)")
    }

    @Test func aSymlinkToTheDatabaseIsTheSameLock() async throws {
        var cli = try CLI.make("lock-symlink")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let long = try cli.write("long.yaml", Self.long)
        let quick = try cli.write("quick.yaml", Self.quick)
        let link = cli.scratch.appendingPathComponent("other-name.db")

        var second: CLIResult?
        let first = try await cli.spawn(["run", long.path, "--db", cli.db.path], cwd: cli.scratch) { pid in
            _ = try await sleeper.waitUntilRunning()
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: cli.db.path)
            second = try await cli.run(["check", quick.path, "--db", link.path], withDB: false)
            #expect(kill(pid, SIGINT) == 0)
        }
        #expect(first.status == 130, "\(first)")
        let refused = try #require(second)
        #expect(refused.status == 75, "\(refused)")
        #expect(refused.stderr.contains("holds \(cli.db.resolvingSymlinksInPath().path).lock"), "\(refused)")
        #expect(try SQLiteFile(cli.db).strings("SELECT suite_name FROM runs") == ["long"])
    }
}
