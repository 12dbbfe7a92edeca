import DSBenchTestSupport
import Foundation
import Testing

/// `check --prometheus` after a nightly check, and `export` through the binary.
@Suite struct CheckExportCLITests {
    @Test func checkWritesTheVerdictItExitsWithAndExportRepeatsIt() throws {
        let dsbench = try DsbenchCLI("check-prometheus")
        defer { dsbench.remove() }
        let suite = try dsbench.nightlySuite()
        let night1 = dsbench.path("night1.prom")
        let pass = try dsbench.run(["check", suite, "--prometheus", night1])
        #expect(pass.status == 0, "\(pass)")
        let first = try Exposition(try String(contentsOfFile: night1, encoding: .utf8))
        #expect(first.value("dsbench_verdict_status", ["suite": "nightly", "status": "pass"]) == 1)
        #expect(first.value("dsbench_verdict_exit_code") == 0)
        #expect(first.value("dsbench_run_id") == 1)

        // Night 2: the all_reduce without P2P (shared memory instead of NVLink): the check fails.
        try dsbench.write("tonight.txt", try Fixtures.h200("e_p2p_disable.txt"))
        let night2 = dsbench.path("night2.prom")
        let fail = try dsbench.run(["check", suite, "--prometheus", night2, "--openmetrics"])
        #expect(fail.status == 1, "\(fail)")
        let text = try String(contentsOfFile: night2, encoding: .utf8)
        #expect(text.hasSuffix("# EOF\n") && text.contains("# UNIT dsbench_nccl_busbw_bytes_per_second bytes_per_second\n"))
        let second = try Exposition(text)
        #expect(second.value("dsbench_verdict_status", ["status": "fail"]) == 1 && second.value("dsbench_verdict_exit_code") == 1)
        #expect(second.value("dsbench_verdict_checks", ["class": "regression", "outcome": "fail"]).map { $0 > 0 } == true)

        // Workload metrics in base units: step_ms's median as stored, in seconds.
        let csv = try dsbench.run(["export", "csv", "latest", "--table", "metrics"])
        #expect(csv.status == 0, "\(csv)")
        let rows = try CSVTests.read(csv.stdout)
        let median = try #require(rows.first { $0[2] == "step_ms" && $0[3] == "stat=median" })
        let exported = try #require(second.value("dsbench_workload_step_seconds", ["step": "ddp", "stat": "median"]))
        #expect(abs(exported - Double(median[4])! / 1000) < 1e-12)
        #expect(second.value("dsbench_workload_trace_overlap_ratio", ["gpu": "0"]).map { $0 > 0 && $0 <= 1 } == true)
        #expect(second.value("dsbench_workload_samples_per_second", ["stat": "median"]) != nil)

        // `export` renders the stored verdict: the same text the check wrote.
        let again = try dsbench.run(["export", "prometheus", "latest", "--suite", "nightly", "--openmetrics"])
        #expect(again.status == 0 && again.stdout == text, "\(again)")
        let lint = try Tools.run(Tools.promtool, ["check", "metrics"], stdin: try String(contentsOfFile: night1, encoding: .utf8))
        #expect(lint.status == 0 && lint.output.isEmpty, "\(lint.output)")
    }

    @Test func usageErrorsAreExit64() throws {
        let dsbench = try DsbenchCLI("export-usage")
        defer { dsbench.remove() }
        let ingest = try dsbench.run(["ingest", "nccl-tests", Fixtures.url("h200-x8/b_all_reduce_8-8G_r1.txt").path])
        #expect(ingest.status == 0, "\(ingest)")
        let table = try dsbench.run(["export", "csv", "1", "--table", "everything"])
        #expect(table.status == 64 && table.stderr.contains("everything"), "\(table)")
        let other = try dsbench.run(["export", "prometheus", "1", "--suite", "nightly"])
        #expect(other.status == 64 && other.stderr.contains("run 1 is of suite 'ingest', not 'nightly'"), "\(other)")
        let none = try dsbench.run(["export", "prometheus", "latest", "--suite", "nightly"])
        #expect(none.status == 64 && none.stderr.contains("no runs of suite 'nightly'"), "\(none)")
        let openMetrics = try dsbench.run(["check", dsbench.write("s.yaml", "suite: s\nsteps: []\n"), "--openmetrics"])
        #expect(openMetrics.status == 64 && openMetrics.stderr.contains("--openmetrics needs --prometheus FILE"), "\(openMetrics)")
        let csv = try dsbench.run(["export", "csv", "latest", "--table", "checks", "-o", dsbench.path("checks.csv")])
        #expect(csv.status == 0 && csv.stdout.isEmpty, "\(csv)")
        #expect(try String(contentsOfFile: dsbench.path("checks.csv"), encoding: .utf8).hasPrefix("rule,class,outcome,severity,subject,"))
    }
}
