import DSBenchTestSupport
import Foundation
import Testing

/// Ctrl-C during `dsbench run`: exit 130 within seconds, the running command's whole process
/// group gone, the run and the unfinished steps `interrupted`, finished steps kept.
@Suite struct CLIInterruptTests {
    static let suite = """
        suite: cli-sigint
        steps:
          - name: first
            command: [echo, done before ctrl-c]
          - name: long
            command: [sleeper, "30"]
          - name: later
            command: [echo, never runs]
        """

    /// Ctrl-C (SIGINT) and a scheduler's SIGTERM end the run the same way.
    @Test(arguments: [SIGINT, SIGTERM])
    func signalStopsTheRunAndKeepsWhatFinished(_ signal: Int32) async throws {
        var cli = try CLI.make("signal\(signal)")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let suite = try cli.write("suite.yaml", Self.suite)

        var signalledAt: Date?
        let result = try await cli.spawn(["run", suite.path, "--db", cli.db.path], cwd: cli.scratch) { pid in
            // Ctrl-C once the long step is really running.
            _ = try await sleeper.waitUntilRunning()
            try await Task.sleep(for: .milliseconds(300))
            signalledAt = Date()
            #expect(kill(pid, signal) == 0)
        }
        let stoppedAfter = signalledAt.map { Date().timeIntervalSince($0) } ?? .infinity
        #expect(result.status == 130, "\(result)")
        #expect(stoppedAfter < 5, "dsbench took \(stoppedAfter) s to stop after signal \(signal)")
        let runID = try #require(result.runID, "the run id is still printed\n\(result)")
        #expect(result.stderr.contains("interrupted — stopping running steps"), "\(result)")
        #expect(result.stderr.contains("run \(runID): interrupted"), "\(result)")

        let sleepPID = try #require(sleeper.pid, "the sleeper never started\n\(result)")
        #expect(Sleeper.isGone(sleepPID), "sleep (pid \(sleepPID)) survived signal \(signal)")

        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status FROM runs WHERE id = ?", [runID]) == ["interrupted"])
        #expect(try db.ints("SELECT ended_at IS NOT NULL FROM runs WHERE id = ?", [runID]) == [1])
        let steps = try db.steps(run: runID)
        #expect(steps.map(\.name) == ["first", "long", "later"])
        #expect(steps.map(\.status) == ["completed", "interrupted", "interrupted"], "\(steps.map(\.error))")
        #expect(steps[0].exitCode == 0)
        #expect(steps[2].error == "not started: run cancelled")
        let firstOut = try db.int("SELECT size FROM artifacts WHERE step_id = ? AND name = 'main.stdout'", [steps[0].id])
        #expect(firstOut == "done before ctrl-c\n".utf8.count, "the finished step's output is kept")
    }

    /// SIGKILL leaves the run `running` in SQLite; the next command sees its process is gone: a
    /// read command reports it interrupted, the next writing command records it so.
    @Test func aKilledRunIsMarkedInterruptedByTheNextCommand() async throws {
        var cli = try CLI.make("sigkill")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let suite = try cli.write("suite.yaml", Self.suite)

        let result = try await cli.spawn(["run", suite.path, "--db", cli.db.path], cwd: cli.scratch) { pid in
            _ = try await sleeper.waitUntilRunning()
            #expect(kill(pid, SIGKILL) == 0)
        }
        // dsbench's watchdog stops the step's group (CLIOrphanTests); end it here in any case.
        if let orphan = sleeper.pid { kill(-orphan, SIGKILL); kill(orphan, SIGKILL) }
        #expect(result.status == 128 + SIGKILL, "\(result)")
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status FROM runs") == ["running"])

        let runs = try await cli.run(["runs"])
        #expect(runs.status == 0, "\(runs)")
        #expect(runs.stdoutLines.contains { $0.hasPrefix("1 ") && $0.contains("interrupted") }, "\(runs)")
        #expect(try db.strings("SELECT status FROM runs") == ["running"], "a read command writes nothing")
        let ingest = try await cli.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path])
        #expect(ingest.status == 0, "\(ingest)")
        #expect(try db.strings("SELECT status FROM runs ORDER BY id") == ["interrupted", "completed"])
        let steps = try db.steps(run: 1)
        #expect(steps.map(\.status) == ["completed", "interrupted", "pending"])
        #expect(steps[1].error == "dsbench stopped while the step was running")
    }
}
