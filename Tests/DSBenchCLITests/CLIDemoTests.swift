import DSBenchCore
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// `dsbench demo` on a machine without GPUs, exactly as the README's quick start runs it.
@Suite struct CLIDemoTests {
    /// Steps the demo makes: one per bundled capture it knows (6 inventory, 9 nccl-tests, 1 dmon),
    /// each named after its capture.
    static let demoCaptures = [
        "a_query-gpu_csv", "a_topo-m", "a_nvlink-s", "a_nvidia-smi", "a_uname",
        "a_os-release", "b_all_reduce_8-8G_c1_n50", "b_all_reduce_8-8G_r1", "b_all_reduce_8-8G_r2",
        "c_all_gather_8-1G", "c_alltoall_8-1G", "c_broadcast_8-1G", "c_reduce_scatter_8-1G",
        "e_2gpu", "e_p2p_disable", "e_p2p_disable_INFO", "f_dmon_pucvmet_during_allreduce",
    ]

    @Test func demoWithoutGPUsIngestsTheBundledCaptures() async throws {
        let cli = try CLI.make("demo")
        defer { cli.removeScratch() }
        let demo = try await cli.run(["demo"], cwd: CLI.repoRoot)
        #expect(demo.status == 0, "\(demo)")
        #expect(demo.stderr.contains("no nvidia-smi on PATH"), "\(demo)")
        #expect(demo.stderr.contains("stored in \(cli.db.path) as run 1"), "\(demo)")

        // The text report: the run line and one numbered line per step, in capture order.
        let lines = demo.stdoutLines
        #expect(lines.first?.hasPrefix("run 1 · suite demo-h200-x8 · completed") == true, "\(demo)")
        for (index, capture) in Self.demoCaptures.enumerated() {
            let prefix = "  \(index + 1) "
            let line = lines.first { $0.hasPrefix(prefix) && $0.contains("\(capture)#0@vm") }
            #expect(line?.contains("completed") == true, "step \(index + 1) \(capture) missing or not completed\n\(demo)")
        }
        // The wall time each capture's .cmd recorded (b_all_reduce_8-8G_r1.cmd: wall_s 26.319).
        #expect(lines.contains { $0.contains("b_all_reduce_8-8G_r1#0@vm ") && $0.contains("completed  26.3 s")
                                 && $0.contains("avg 121.67, 31 rows") }, "\(demo)")
        #expect(lines.contains { $0.contains("f_dmon_pucvmet_during_allreduce#0@vm") && $0.contains("184 dmon samples") },
                "\(demo)")
        // The verdict line, the show verdict stored by the demo, and the parser's one warning with its capture.
        #expect(lines.contains { $0.hasPrefix("verdict: FAIL: 3 checks failed") && $0.contains("judged by demo") }, "\(demo)")
        #expect(demo.stderr.split(separator: "\n").last { $0.hasPrefix("verdict: ") }?.hasSuffix("(a run judged so exits 1; this replay of bundled captures exits 0)") == true,
                "the last word does not claim an exit code the process does not return: \(demo)")
        #expect(demo.stdout.contains("\n1 parser diagnostic: 1 warning\n  warning f_dmon_pucvmet_during_allreduce#0@vm: "
                                     + "ingest.stdout line 195: row cut short: 22 of 24 fields; dropped\n"), "\(demo)")
        #expect(demo.stderr.contains("The verdict's 3 failing checks all come from them."), "\(demo)")
        #expect(demo.stderr.contains("next: `dsbench report 1`"), "\(demo)")

        // SQLite: 17 completed steps, the all_reduce sweeps with 31 rows each, 8 GPUs, 184 dmon samples.
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT status FROM runs") == ["completed"])
        #expect(try db.strings("SELECT name FROM steps WHERE run_id = 1 ORDER BY seq") == Self.demoCaptures)
        #expect(try db.strings("SELECT started_at FROM steps WHERE name = 'b_all_reduce_8-8G_r1'").first?
                    .hasPrefix("2026-11-22T09:45:54.753") == true, "the start its .cmd recorded")
        #expect(try db.int("SELECT count(*) FROM steps WHERE status = 'completed'") == 17)
        let allReduceRows = try db.ints("""
            SELECT count(r.id) FROM steps s JOIN nccl_results r ON r.step_id = s.id
            WHERE s.name LIKE 'b_all_reduce_%' GROUP BY s.id ORDER BY s.seq
            """)
        #expect(allReduceRows == [31, 31, 31])
        #expect(try db.ints("""
            SELECT count(r.id) FROM steps s JOIN nccl_results r ON r.step_id = s.id
            WHERE s.name LIKE 'c_%' GROUP BY s.id ORDER BY s.seq
            """) == [14, 14, 14, 14])
        #expect(try db.int("SELECT count(*) FROM inventory_gpus WHERE run_id = 1") == 8)
        #expect(try db.int("SELECT count(*) FROM dmon_samples WHERE run_id = 1") == 184)
        #expect(try db.int("SELECT count(*) FROM artifacts WHERE run_id = 1") == 17, "one raw artifact per capture")
        let r1Avg = try db.strings("""
            SELECT CAST(avg_busbw AS TEXT) FROM nccl_summaries n JOIN steps s ON s.id = n.step_id
            WHERE s.name = 'b_all_reduce_8-8G_r1'
            """)
        #expect(r1Avg == ["121.667"])

        // show latest --json: the same run, 17 steps, as JSON.
        let show = try await cli.run(["show", "latest", "--json"])
        #expect(show.status == 0, "\(show)")
        let json = try #require(try parseJSON(show.stdout) as? [String: Any])
        #expect(json["id"] as? Int == 1)
        #expect(json["suite"] as? String == "demo-h200-x8")
        #expect(json["status"] as? String == "completed")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 17)
        #expect(steps.map { $0["name"] as? String ?? "" } == Self.demoCaptures)
        let r1 = try #require(steps.first { $0["name"] as? String == "b_all_reduce_8-8G_r1" })
        let nccl = try #require(r1["nccl"] as? [String: Any])
        #expect(nccl["rows"] as? Int == 31)
        #expect(nccl["avg_busbw"] as? Double == 121.667)
        #expect(nccl["collective"] as? String == "all_reduce")
        let gpus = (json["inventory"] as? [String: Any])?["gpus"] as? [[String: Any]]
        #expect(gpus?.count == 8)

        // runs: one line for it.
        let runs = try await cli.run(["runs"])
        #expect(runs.status == 0, "\(runs)")
        let runLines = runs.stdoutLines.filter { $0.hasPrefix("1 ") }
        #expect(runLines.count == 1, "\(runs)")
        #expect(runLines.first?.contains("demo-h200-x8") == true)
        #expect(runLines.first?.contains("ingest") == true)
        #expect(runLines.first?.contains("17 completed") == true, "\(runs)")
    }

    @Test func demoOutsideTheRepositoryNamesTheMissingFolder() async throws {
        let cli = try CLI.make("demo-elsewhere")
        defer { cli.removeScratch() }
        let demo = try await cli.run(["demo"])
        #expect(demo.status == 64, "\(demo)")
        #expect(demo.stderr.contains("Tests/Fixtures/h200-x8: no such folder; run from the repository root or pass --captures DIR"),
                "\(demo)")
        let pointed = try await cli.run(["demo", "--captures", Fixtures.url("h200-x8").path])
        #expect(pointed.status == 0, "\(pointed)")
        #expect(pointed.stdoutLines.first?.hasPrefix("run 1 · suite demo-h200-x8 · completed") == true, "\(pointed)")
    }

    /// With `nvidia-smi` on PATH the demo runs Suites/smoke.yaml (here on the stand-ins).
    @Test func demoWithNvidiaSmiRunsTheSmokeSuite() async throws {
        var cli = try CLI.make("demo-gpu")
        defer { cli.removeScratch() }
        let standIns = try CLIRunTests.makeStandIns(in: cli.scratch)
        cli.path = standIns.path(prepending: "/usr/bin:/bin")
        let demo = try await cli.run(["demo"], cwd: CLI.repoRoot)
        #expect(demo.status == 0, "\(demo)")
        #expect(demo.stderr.contains("\(standIns.bin.path)/nvidia-smi found — running Suites/smoke.yaml"), "\(demo)")
        #expect(demo.stdoutLines.first?.hasPrefix("run 1 · suite smoke · completed") == true, "\(demo)")
        let db = try SQLiteFile(cli.db)
        #expect(try db.strings("SELECT step_key || ' ' || status FROM steps ORDER BY seq")
                == ["inventory#0@local completed", "all_reduce#0@local completed"])
        let call = try standIns.invocations().first { $0.program == "all_reduce_perf" && !$0.args.contains("-h") }
        #expect(call.map { Array($0.args.prefix(14)) }
                == ["-b", "8", "-e", "134217728", "-f", "2", "-g", "8", "-n", "20", "-w", "5", "-c", "1"])
        // One dmon for the run: its first block (printed before the first step) is idle, and the
        // all_reduce step asked the stand-in for one more block; inventory opts out of captures.
        #expect(try db.strings("""
            SELECT COALESCE(s.step_key, 'idle') || ' ' || count(*) FROM dmon_samples d LEFT JOIN steps s ON s.id = d.step_id
            GROUP BY d.step_id ORDER BY min(d.id)
            """) == ["idle 24", "all_reduce#0@local 24"])
    }

    @Test func showWithoutRunsIsAUsageError() async throws {
        let cli = try CLI.make("empty")
        defer { cli.removeScratch() }
        // A read command never creates the database it is pointed at.
        let none = try await cli.run(["show", "latest"])
        #expect(none.status == 64 && none.stderr.contains("no such database \(cli.db.path)"), "\(none)")
        #expect(!FileManager.default.fileExists(atPath: cli.db.path))
        try Store.open(path: cli.db.path).close()
        let show = try await cli.run(["show", "latest"])
        #expect(show.status == 64, "\(show)")
        #expect(show.stderr.contains("no runs in \(cli.db.path) yet"), "\(show)")
        let missing = try await cli.run(["show", "7"])
        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr.contains("run 7 not found"), "\(missing)")
    }
}
