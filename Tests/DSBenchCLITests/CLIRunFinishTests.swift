import DSBenchTestSupport
import Foundation
import Testing

/// A run is `completed` only in the transaction that stores its verdict. The kill point between
/// "steps done" and "judged" is simulated by a trigger that refuses the verdict row (and, for the
/// state a SIGKILL leaves, the run's end too): whatever stops dsbench there, the run is not
/// `completed` without its verdict, and it never becomes an auto baseline.
@Suite struct CLIRunFinishTests {
    func nightly(_ cli: CLI) throws -> URL {
        try cli.write("nightly.yaml", """
            suite: nightly
            regression:
              baseline: auto
            steps:
              - name: allreduce
                command: [cat, \(Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path)]
                parser: nccl-tests
            """)
    }

    @Test func aRunWhoseVerdictIsNotStoredIsNotCompletedNorABaseline() async throws {
        let cli = try CLI.make("finish-verdict")
        defer { cli.removeScratch() }
        let suite = try nightly(cli)
        let first = try await cli.run(["run", suite.path])
        #expect(first.status == 0, "\(first)")
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT r.status || ' ' || v.status FROM runs r JOIN verdicts v ON v.run_id = r.id") == ["completed pass"])

        try db.execute("""
            CREATE TRIGGER kill_point BEFORE INSERT ON verdicts
            BEGIN SELECT RAISE(ABORT, 'dsbench stopped before the verdict was stored'); END
            """)
        let refused = try await cli.run(["run", suite.path])
        #expect(refused.status == 70, "\(refused)")
        #expect(refused.stderr.contains("run 2 could not be recorded and is marked failed"), "\(refused)")
        #expect(refused.stderr.contains("dsbench stopped before the verdict was stored"), "\(refused)")
        #expect(try db.strings("SELECT status FROM runs WHERE id = 2") == ["failed"])
        #expect(try db.int("SELECT COUNT(*) FROM verdicts WHERE run_id = 2") == 0)
        // The health pass ran before the verdict: its findings are there, with the run's status.
        try db.execute("DROP TRIGGER kill_point")

        let third = try await cli.run(["check", suite.path, "--json"])
        #expect(third.status == 0, "\(third)")
        let json = try #require(try parseJSON(third.stdout) as? [String: Any])
        let comparison = try #require(json["comparison"] as? [String: Any], "\(third)")
        #expect(comparison["baseline_runs"] as? [Int] == [1], "run 2 was never judged: \(third)")
    }

    /// The state a SIGKILL between the steps and the verdict leaves: nothing after the last commit.
    @Test func aKillBeforeTheVerdictLeavesTheRunRunningThenInterrupted() async throws {
        let cli = try CLI.make("finish-kill")
        defer { cli.removeScratch() }
        let suite = try nightly(cli)
        #expect(try await cli.run(["run", suite.path]).status == 0)
        let db = try SQLiteFile(cli.db)
        // Nothing can be written from the kill point on: neither the verdict nor the run's end.
        try db.execute("""
            CREATE TRIGGER kill_verdict BEFORE INSERT ON verdicts BEGIN SELECT RAISE(ABORT, 'killed'); END;
            CREATE TRIGGER kill_end BEFORE UPDATE OF status ON runs WHEN NEW.status <> 'running'
            BEGIN SELECT RAISE(ABORT, 'killed'); END;
            """)
        let killed = try await cli.run(["run", suite.path])
        #expect(killed.status == 70, "\(killed)")
        #expect(try db.strings("SELECT status FROM runs ORDER BY id") == ["completed", "running"], "\(killed)")
        #expect(try db.int("SELECT COUNT(*) FROM steps WHERE run_id = 2 AND status = 'completed'") == 1)
        try db.execute("DROP TRIGGER kill_verdict; DROP TRIGGER kill_end")

        let next = try await cli.run(["check", suite.path, "--json"])
        #expect(next.status == 0, "\(next)")
        #expect(try db.strings("SELECT status FROM runs ORDER BY id") == ["completed", "interrupted", "completed"])
        let json = try #require(try parseJSON(next.stdout) as? [String: Any])
        let comparison = try #require(json["comparison"] as? [String: Any], "\(next)")
        #expect(comparison["baseline_runs"] as? [Int] == [1], "\(next)")
    }
}
