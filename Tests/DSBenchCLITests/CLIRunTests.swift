import DSBenchCore
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench run` end to end: stand-in `nvidia-smi` and `all_reduce_perf` replaying the real
/// 8×H200 captures, a missing binary, a failing command, and SQLite checked afterwards.
@Suite struct CLIRunTests {
    static let oddValue = "a b; rm -rf /"

    static func suite(_ standIns: StandIns) -> String {
        """
        suite: cli-run
        nodes: [local]
        defaults:
          nccl_tests_path: [\(standIns.bin.path)]
        captures:
          dmon: {metrics: pucvmet, interval: 1}
        steps:
          - name: inventory
            inventory: {}
          - name: all_reduce
            nccl: all_reduce
            sizes: {min: 8, max: 8G, factor: 2}
            gpus: auto
            repeat: 2
          - name: broadcast
            nccl: broadcast
            sizes: {min: 8, max: 1G, factor: 4}
            gpus: 8
          - name: odd_env
            command: [print-odd]
            env: {ODD: "\(oddValue)"}
            captures: []
          - name: exit3
            command: [sh, -c, "exit 3"]
        """
    }

    /// The replay waits for the dmon capture beside it to have printed its samples, so that the
    /// step does not stop the capture before it has any.
    static func makeStandIns(in dir: URL) throws -> StandIns {
        let standIns = try StandIns(in: dir)
        try standIns.syncWithDmon()
        try standIns.write("print-odd", "#!/bin/sh\nprintf '%s' \"$ODD\"")
        return standIns
    }

    @Test func suiteRunsEndToEnd() async throws {
        var cli = try CLI.make("run")
        defer { cli.removeScratch() }
        let standIns = try Self.makeStandIns(in: cli.scratch)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let suite = try cli.write("suite.yaml", Self.suite(standIns))

        let result = try await cli.run(["run", suite.path])
        #expect(result.status == 2, "a failed step without regression is an execution problem\n\(result)")
        let runID = try #require(result.runID, "the run id is the last stdout line\n\(result)")
        #expect(result.stderr.contains("run \(runID): failed (4 completed, 2 failed)"), "\(result)")

        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status FROM runs WHERE id = ?", [runID]) == ["failed"])
        let steps = try db.steps(run: runID)
        #expect(steps.map(\.key) == ["inventory#0@local", "all_reduce#0@local", "all_reduce#1@local",
                                     "broadcast#0@local", "odd_env#0@local", "exit3#0@local"])
        #expect(steps.map(\.status) == ["completed", "completed", "completed", "failed", "completed", "failed"])

        // Inventory: the 8 GPUs of the query-gpu capture.
        let inventory = steps[0]
        #expect(try db.int("SELECT count(*) FROM inventory_gpus WHERE step_id = ?", [inventory.id]) == 8)
        #expect(try db.strings("SELECT DISTINCT name FROM inventory_gpus WHERE run_id = ?", [runID]) == ["NVIDIA H200"])

        // Both all_reduce repeats: 31 rows each, the capture's numbers, dmon samples beside them.
        for step in steps[1...2] {
            #expect(try db.int("SELECT count(*) FROM nccl_results WHERE step_id = ?", [step.id]) == 31)
            #expect(try db.strings("SELECT CAST(oop_busbw AS TEXT) FROM nccl_results WHERE step_id = ? AND size = 8589934592",
                                   [step.id]) == ["366.77"])
            #expect(try db.strings("SELECT CAST(avg_busbw AS TEXT) FROM nccl_summaries WHERE step_id = ?", [step.id]) == ["121.667"])
            #expect(try db.int("SELECT count(*) FROM dmon_samples WHERE step_id = ?", [step.id]) == 24,
                    "3 rounds × 8 GPUs replayed by the dmon stand-in")
            #expect(step.exitCode == 0)
        }

        // The missing binary: says where it looked, the stand-in folder first.
        let broadcast = steps[3]
        #expect(broadcast.error?.contains("broadcast_perf not found on node local (looked in \(standIns.bin.path)") == true,
                "\(broadcast.error ?? "no error")")
        #expect(result.stderr.contains("broadcast#0@local: failed in ") && result.stderr.contains("— broadcast_perf not found"),
                "\(result)")

        // The failing command: its exit code is kept.
        let exit3 = steps[5]
        #expect(exit3.exitCode == 3)
        #expect(exit3.error == "sh on node local exited with 3")

        // argv: `gpus: auto` became `-g 8` from `nvidia-smi -L`; every flag a separate element; -J <path>.
        let calls = try standIns.invocations()
        #expect(calls.contains { $0.program == "nvidia-smi" && $0.args == ["-L"] }, "\(calls)")
        let runs = calls.filter { $0.program == "all_reduce_perf" && !$0.args.contains("-h") }
        #expect(runs.count == 2, "\(calls)")
        for call in runs {
            #expect(Array(call.args.prefix(8)) == ["-b", "8", "-e", "8589934592", "-f", "2", "-g", "8"], "\(call.args)")
            let j = try #require(call.args.firstIndex(of: "-J"), "\(call.args)")
            #expect(call.args.count == j + 2, "-J and its path end the argv: \(call.args)")
            #expect(call.args[j + 1].hasPrefix("/tmp/dsbench-run\(runID)-step"), "\(call.args)")
            #expect(call.args[j + 1].hasSuffix(".json"))
            #expect(!FileManager.default.fileExists(atPath: call.args[j + 1]), "the JSON file is removed after collection")
        }
        // What ran is what is stored: `-g 8` and the run-time `-J <path>`; the planned argv beside it.
        let stored = try #require(try db.strings("SELECT argv FROM steps WHERE id = ?", [steps[1].id]).first)
        let storedArgv = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String])
        #expect(Array(storedArgv.dropFirst()) == runs[0].args || Array(storedArgv.dropFirst()) == runs[1].args, "\(stored)")
        #expect(storedArgv.contains("-J") && storedArgv[storedArgv.count - 2] == "-J")
        let planned = try #require(try db.strings("SELECT planned_argv FROM steps WHERE id = ?", [steps[1].id]).first)
        #expect(planned == #"["all_reduce_perf","-b","8","-e","8589934592","-f","2","-g","{gpus}"]"#, "\(planned)")
        // The broadcast never started (not found): nothing was decided at run time, nothing moved.
        #expect(try db.int("SELECT count(*) FROM steps WHERE id = ? AND planned_argv IS NULL", [broadcast.id]) == 1)
        let shown = try await cli.run(["show", String(runID)])
        #expect(shown.stdout.contains("       decided at run time: {gpus} → 8; added -J /tmp/dsbench-run\(runID)-step1-"),
                "\(shown)")
        let showJSON = try #require(try parseJSON(try await cli.run(["show", String(runID), "--json"]).stdout) as? [String: Any])
        let jsonSteps = try #require(showJSON["steps"] as? [[String: Any]])
        #expect((jsonSteps[1]["planned_argv"] as? [String])?.last == "{gpus}")
        #expect(jsonSteps[0]["planned_argv"] is NSNull)

        // Raw artifacts through the Store API: the JSON output is kept, without the environment.
        let store = try Store.open(path: cli.db.path)
        let artifacts = try store.artifacts(runID: runID)
        let jsons = artifacts.filter { $0.name == "main.json" }
        #expect(jsons.count == 2)
        for json in jsons {
            let text = String(decoding: json.bytes, as: UTF8.self)
            #expect(!text.contains("SECRET_TOKEN"), "\(text)")
            #expect(!text.contains("hunter2"))
            #expect(text.contains("\"env\": []"), "\(text)")
            #expect(text.contains("\"version\": 3"))
        }
        let capture = try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt")
        let mainOut = artifacts.filter { $0.name == "main.stdout" && $0.stepID == steps[1].id }
        #expect(mainOut.count == 1)
        #expect(mainOut.first.map { Data($0.bytes).suffix(capture.count) == capture } == true,
                "stdout stored byte for byte")

        // The env value with spaces and a semicolon arrived as one literal value, unquoted and unsplit.
        let oddOut = artifacts.first { $0.name == "main.stdout" && $0.stepID == steps[4].id }
        #expect(oddOut.map { String(decoding: $0.bytes, as: UTF8.self) } == Self.oddValue)
        #expect(try db.strings("SELECT env FROM steps WHERE id = ?", [steps[4].id]).first?.contains("rm -rf") == true)
        #expect(FileManager.default.fileExists(atPath: "/bin/sh"), "the shell is still there")

        // show agrees with SQLite.
        let show = try await cli.run(["show", "\(runID)", "--json"])
        #expect(show.status == 0, "\(show)")
        let json = try #require(try parseJSON(show.stdout) as? [String: Any])
        let shownSteps = try #require(json["steps"] as? [[String: Any]])
        #expect(shownSteps.map { $0["status"] as? String ?? "" } == steps.map(\.status))
        #expect(shownSteps[1]["dmon_samples"] as? Int == 24)
        // The run-long dmon's first block came before the first step: idle, and said so.
        #expect(json["idle_dmon_samples"] as? Int == 24)
        let text = try await cli.run(["show", "\(runID)"])
        #expect(text.stdout.contains("  dmon ran for the whole run: 24 samples between steps"), "\(text)")
    }

    /// No `nvidia-smi`: the inventory and `gpus: auto` fail with reasons, nothing crashes, exit 2.
    @Test func gpusAutoWithoutNvidiaSmi() async throws {
        var cli = try CLI.make("no-smi")
        defer { cli.removeScratch() }
        let standIns = try Self.makeStandIns(in: cli.scratch)
        try FileManager.default.removeItem(at: standIns.bin.appendingPathComponent("nvidia-smi"))
        try FileManager.default.removeItem(at: standIns.dmonSyncMarker)   // no dmon to wait for
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let suite = try cli.write("suite.yaml", """
            suite: no-smi
            defaults:
              nccl_tests_path: [\(standIns.bin.path)]
            steps:
              - name: inventory
                inventory: {}
              - name: all_reduce
                nccl: all_reduce
                gpus: auto
              - name: fixed
                nccl: all_reduce
                gpus: 8
            """)
        let result = try await cli.run(["run", suite.path])
        #expect(result.status == 2, "\(result)")
        let runID = try #require(result.runID, "\(result)")
        let steps = try SQLiteFile(cli.db).steps(run: runID)
        #expect(steps.map(\.status) == ["failed", "failed", "completed"])
        #expect(steps[0].error?.hasPrefix("nvidia-smi not found on node local (looked in \(standIns.bin.path)") == true,
                "\(steps[0].error ?? "")")
        // No nvidia-smi: the message says there is no GPU and what to do, without the PATH again.
        #expect(steps[1].error?.hasPrefix("no GPU found on node local: nvidia-smi is not installed or not on PATH") == true,
                "\(steps[1].error ?? "")")
        #expect(steps[1].error?.contains("dsbench demo") == true && steps[1].error?.contains("looked in") == false)
        #expect(!result.stderr.contains("set `gpus:`"), "\(result)")
        // The PATH is printed once: in the inventory step's progress line, not again in the summary.
        #expect(result.stderr.components(separatedBy: "looked in \(standIns.bin.path)").count - 1 == 1, "\(result)")
        #expect(result.stderr.contains("failed steps: inventory#0@local, all_reduce#0@local"), "\(result)")
        #expect(try standIns.invocations().filter { $0.program == "all_reduce_perf" && !$0.args.contains("-h") }.count == 1,
                "only the step with a fixed GPU count ran the benchmark")
    }

    @Test func wrongElementsAreCritical() async throws {
        var cli = try CLI.make("critical")
        defer { cli.removeScratch() }
        // The real capture with one #wrong value set to 3 (out-of-place, 1 MiB row).
        let original = try Fixtures.h200("b_all_reduce_8-8G_r1.txt")
        let row = "     1048576        262144     float     sum      -1    75.50   13.89   24.30       0    58.27"
        #expect(original.contains(row))
        let broken = original.replacingOccurrences(
            of: row, with: "     1048576        262144     float     sum      -1    75.50   13.89   24.30       3    58.27")
        let capture = try cli.write("wrong.txt", broken)
        let standIns = try StandIns(in: cli.scratch, ncclCaptures: [:])
        try standIns.write("all_reduce_perf", "#!/bin/sh\ncat '\(capture.path)'")
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let suite = try cli.write("suite.yaml", """
            suite: cli-critical
            defaults:
              nccl_tests_path: [\(standIns.bin.path)]
            steps:
              - name: all_reduce
                nccl: all_reduce
                sizes: {min: 8, max: 8G, factor: 2}
                gpus: 8
            """)

        let result = try await cli.run(["run", suite.path])
        #expect(result.status == 1, "wrong elements are a critical finding\n\(result)")
        let runID = try #require(result.runID, "\(result)")
        #expect(result.stderr.contains("CRITICAL: all_reduce#0@local: 1 sizes with wrong elements (first at 1048576 B)"),
                "\(result)")
        let db = try SQLiteFile(cli.db)
        #expect(try db.ints("SELECT oop_wrong FROM nccl_results WHERE run_id = ? AND size = 1048576", [runID]) == [3])
        #expect(try db.int("SELECT count(*) FROM nccl_results WHERE run_id = ?", [runID]) == 31)
        let show = try await cli.run(["show", "latest", "--json"])
        let verdict = (try parseJSON(show.stdout) as? [String: Any])?["verdict"] as? [String: Any]
        let checks = verdict?["checks"] as? [[String: Any]] ?? []
        #expect(verdict?["status"] as? String == "fail" && verdict?["exit_code"] as? Int == 1, "\(show)")
        #expect(checks.filter { $0["rule"] as? String == "nccl.correctness" && $0["outcome"] as? String == "fail" }.count == 1,
                "\(show)")
    }
}
