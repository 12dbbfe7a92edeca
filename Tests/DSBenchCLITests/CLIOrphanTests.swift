import DSBenchTestSupport
import Foundation
import Testing

/// SIGKILL of dsbench mid-step: the step's process group and its dmon capture do not outlive it.
/// Its watchdog stops them at once; if the watchdog is killed too, the next command stops what
/// carries the run's token.
@Suite struct CLIOrphanTests {
    static let suite = """
        suite: orphans
        captures:
          dmon: {metrics: pucvmet, interval: 1}
        steps:
          - name: long
            command: [sleeper, "300"]
        """

    struct Started {
        var sleeper: pid_t
        var dmon: pid_t
    }

    /// Runs the suite, waits until the step and its capture both run, calls `kill` with dsbench's
    /// pid, and returns their pids.
    func runAndKill(_ cli: CLI, _ standIns: StandIns, _ sleeper: Sleeper,
                    kill killer: @escaping (pid_t) throws -> Void) async throws -> (CLIResult, Started?) {
        let suite = try cli.write("suite.yaml", Self.suite)
        var started: Started?
        let result = try await cli.spawn(["run", suite.path, "--db", cli.db.path], cwd: cli.scratch) { pid in
            guard let sleeping = try await sleeper.waitUntilRunning() else { return }
            let deadline = Date().addingTimeInterval(20)
            while standIns.dmonPIDs.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            guard let dmon = standIns.dmonPIDs.first else { return }
            started = Started(sleeper: sleeping, dmon: dmon)
            try killer(pid)
        }
        return (result, started)
    }

    static func waitUntilGone(_ pids: [pid_t], seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if pids.allSatisfy(Sleeper.isGone) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return pids.allSatisfy(Sleeper.isGone)
    }

    static func cleanUp(_ started: Started?) {
        guard let started else { return }
        for pid in [started.sleeper, started.dmon] { kill(-pid, SIGKILL); kill(pid, SIGKILL) }
    }

    @Test func theWatchdogStopsTheStepAndItsCaptureWhenDsbenchIsKilled() async throws {
        var cli = try CLI.make("orphan-watchdog")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let (result, started) = try await runAndKill(cli, standIns, sleeper) { pid in
            #expect(kill(pid, SIGKILL) == 0)
        }
        defer { Self.cleanUp(started) }
        #expect(result.status == 128 + SIGKILL, "\(result)")
        let pids = try #require(started, "the step or its capture never started\n\(result)")
        // TERM at once, KILL after the 2 s grace: 10 s leaves room on a loaded machine.
        #expect(try await Self.waitUntilGone([pids.sleeper, pids.dmon], seconds: 10),
                "sleeper \(pids.sleeper) or dmon \(pids.dmon) outlived dsbench")
    }

    @Test func theNextCommandStopsWhatTheKilledRunLeftBehind() async throws {
        var cli = try CLI.make("orphan-next")
        defer { cli.removeScratch() }
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        let sleeper = try Sleeper(standIns: standIns)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        var watchdogs: [pid_t] = []
        let (result, started) = try await runAndKill(cli, standIns, sleeper) { pid in
            // The watchdog first (as an OOM kill of the node's processes might), then dsbench.
            watchdogs = Self.children(of: pid).filter { Self.commandLine($0).contains("dsbench-watchdog") }
            for watchdog in watchdogs { kill(watchdog, SIGKILL) }
            #expect(kill(pid, SIGKILL) == 0)
        }
        defer { Self.cleanUp(started) }
        #expect(watchdogs.count == 1, "dsbench runs one watchdog: \(watchdogs)")
        #expect(result.status == 128 + SIGKILL, "\(result)")
        let pids = try #require(started, "the step or its capture never started\n\(result)")
        #expect(!Sleeper.isGone(pids.sleeper) && !Sleeper.isGone(pids.dmon), "without the watchdog they outlive dsbench")

        let runs = try await cli.run(["runs"])
        #expect(runs.status == 0, "\(runs)")
        #expect(runs.stderr.contains("run 1 was interrupted: stopped 2 process(es) it left running"), "\(runs)")
        #expect(try await Self.waitUntilGone([pids.sleeper, pids.dmon], seconds: 1), "\(runs)")
    }

    static func children(of parent: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent
        }
    }

    static func commandLine(_ pid: pid_t) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
