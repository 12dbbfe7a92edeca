import DSBenchCore
import DSBenchEngine
import DSBenchParse
@testable import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import DSBenchVerdict
import Foundation
import Testing

/// What the metrics say, against the store and the real captures they come from.
@Suite struct ExporterTests {
    @Test func theVerdictMetricsAreTheStoredVerdict() throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        var statuses = Set<String>()
        for run in fixtures.runs {
            let verdict = try RunJudgement.current(runID: run.runID, store: run.store).verdict
            let exposition = try Exposition(PrometheusText().render(run.model))
            let current = exposition.samples.filter { $0.name == "dsbench_verdict_status" && $0.value == 1 }
            #expect(current.map { $0.labels["status"] } == [verdict.status.rawValue], "\(run.label)")
            #expect(exposition.samples.filter { $0.name == "dsbench_verdict_status" }.count == Verdict.Status.allCases.count)
            #expect(exposition.value("dsbench_verdict_exit_code") == Double(verdict.exitCode), "\(run.label)")
            let checks = exposition.samples.filter { $0.name == "dsbench_verdict_checks" }
            #expect(checks.reduce(0) { $0 + $1.value } == Double(verdict.checks.count), "\(run.label)")
            #expect(exposition.value("dsbench_verdict_checks", ["class": "regression", "outcome": "fail"])
                    == Double(verdict.checks.filter { $0.ruleClass == .regression && $0.outcome == .fail }.count))
            let found = verdict.checks.filter { [.fail, .error, .advice].contains($0.outcome) }.count
            #expect(exposition.samples.filter { $0.name == "dsbench_verdict_findings" }.reduce(0) { $0 + $1.value } == Double(found))
            #expect(exposition.samples.filter { $0.name == "dsbench_verdict_rule_findings" }.reduce(0) { $0 + $1.value } == Double(found))
            statuses.insert(verdict.status.rawValue)
        }
        #expect(statuses == ["pass", "fail", "no_verdict", "error"], "the fixtures cover every status: \(statuses)")

        // A stored verdict is exported as stored: nothing is judged again on the way out.
        let fleet = try #require(fixtures.run("fleet"))
        var verdict = try RunJudgement.current(runID: fleet.runID, store: fleet.store).verdict
        #expect(verdict.status == .fail)
        verdict.status = .error
        let json = String(decoding: try JSONEncoder().encode(verdict), as: UTF8.self)
        try fleet.store.saveVerdict(StoredVerdict(runID: fleet.runID, status: "error", exitCode: 2, baseline: nil, judgedBy: "test", json: json))
        let exported = try Exposition(PrometheusText().render(try MonitoringData.load(
            runID: fleet.runID, judgement: try RunJudgement.current(runID: fleet.runID, store: fleet.store),
            exporterVersion: "t", store: fleet.store)))
        #expect(exported.value("dsbench_verdict_status", ["status": "error"]) == 1)
        #expect(exported.value("dsbench_verdict_status", ["status": "fail"]) == 0)
        #expect(exported.value("dsbench_verdict_exit_code") == 2)
    }

    @Test func busbwComesFromTheCaptureInBytesPerSecond() throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        let fleet = try #require(fixtures.run("fleet"))
        let exposition = try Exposition(PrometheusText().render(fleet.model))
        guard case .ncclTests(let report) = Parsers.parse(.ncclTests, Array(try Fixtures.data("h200-x8/b_all_reduce_8-8G_r1.txt"))) else {
            Issue.record("not an nccl-tests capture"); return
        }
        let largest = try #require(report.rows.last)
        #expect(largest.size == 8_589_934_592)
        let busbw = try #require(largest.outOfPlace.busbw)
        #expect(exposition.value("dsbench_nccl_busbw_bytes_per_second",
                                 ["node": "h200-a", "collective": "all_reduce", "size": "8589934592"]) == busbw * 1e9)
        // The key sizes the report names, the same for every node of the series.
        let sizes = Set(exposition.samples.filter { $0.name == "dsbench_nccl_busbw_bytes_per_second" && $0.labels["collective"] == "all_reduce" }
            .map { $0.labels["size"] ?? "" })
        #expect(sizes == ["1048576", "33554432", "1073741824", "8589934592"])
        // The bandwidth band: median of the sizes ≥ 64 MiB.
        let band = report.rows.filter { $0.size >= 64 << 20 }.compactMap(\.outOfPlace.busbw).sorted()
        let median = band.count % 2 == 1 ? band[band.count / 2] : (band[band.count / 2 - 1] + band[band.count / 2]) / 2
        #expect(exposition.value("dsbench_nccl_band_busbw_bytes_per_second", ["node": "h200-a", "collective": "all_reduce", "band": "bandwidth"])
                == median * 1e9)
        // The P2P-disabled node is far below the fleet at large sizes; the others near 1.
        let ratio = try #require(exposition.value("dsbench_nccl_fleet_ratio", ["node": "h200-c", "band": "bandwidth"]))
        #expect(ratio < 0.5, "\(ratio)")
        #expect(exposition.value("dsbench_nccl_fleet_ratio", ["node": "h200-a", "band": "bandwidth"]).map { abs($0 - 1) < 0.05 } == true)
        #expect(exposition.value("dsbench_run_nodes") == 3)
        #expect(exposition.value("dsbench_run_start_timestamp_seconds") == 1_795_341_600)
    }

    /// Label values with a quote, a backslash and a line break, and a suite name of any text.
    @Test func escapedLabelValuesReadBackAsWritten() throws {
        let suite = "night\"ly \\ test\nsecond line"
        let input = MonitoringInput(
            exporterVersion: "1.0", run: .init(id: 3, suite: suite, status: .completed, startedAt: Date(timeIntervalSince1970: 10),
                                               endedAt: Date(timeIntervalSince1970: 70), dsbenchVersion: "1.0", nodeCount: 1,
                                               stepStatuses: [.completed]),
            verdict: Verdict(runID: 3, suite: suite, status: .pass, reason: "r", baseline: nil, checks: []), judgedAt: nil,
            busbw: [], matchStepNames: true,
            workload: [.init(step: "train, \"big\"", variant: "a=b", node: "n1",
                             metric: MetricValue(name: "tokens/s", value: 1500, unit: "tokens/s", direction: .higher, labels: ["stat": "median", "node": "x"]))])
        let text = PrometheusText().render(MonitoringMetrics.families(input))
        #expect(text.contains("dsbench_info{suite=\"night\\\"ly \\\\ test\\nsecond line\",version=\"1.0\",run_version=\"1.0\"} 1\n"), "\(text)")
        let lint = try Tools.run(Tools.promtool, ["check", "metrics"], stdin: text)
        #expect(lint.status == 0 && lint.output.isEmpty, "\(lint.output)")
        let parsed = try Exposition(text)
        #expect(parsed.value("dsbench_run_duration_seconds", ["suite": suite]) == 60)
        let workload = try #require(parsed.samples.first { $0.name == "dsbench_workload_tokens_per_second" })
        #expect(workload.labels == ["suite": suite, "step": "train, \"big\"", "variant": "a=b", "node": "n1", "metric": "tokens/s",
                                    "stat": "median", "label_node": "x"])
        #expect(workload.value == 1500)
    }

    @Test func workloadMetricNamesEndInTheirBaseUnit() {
        func name(_ metric: String, _ unit: String) -> String { MetricUnit.familyName(metric: metric, unit: MetricUnit.of(unit)) }
        #expect(name("step_ms", "ms") == "dsbench_workload_step_seconds")
        #expect(name("samples_per_s", "samples/s") == "dsbench_workload_samples_per_second")
        #expect(name("max_mem_gib", "GiB") == "dsbench_workload_max_mem_bytes")
        #expect(name("trace.overlap_pct", "%") == "dsbench_workload_trace_overlap_ratio")
        #expect(name("trace.exposed_comm_us", "us") == "dsbench_workload_trace_exposed_comm_seconds")
        #expect(name("trace.collective_count", "") == "dsbench_workload_trace_collective_count_value")
        #expect(name("Loss", "") == "dsbench_workload_loss")
        #expect(name("9lives", "GB/s") == "dsbench_workload_metric_9lives_bytes_per_second")
        #expect(MetricUnit.of("ms").factor == 1e-3 && MetricUnit.of("GiB").factor == 1_073_741_824 && MetricUnit.of("%").factor == 0.01)
    }

    @Test func writingAtomicallyReplacesTheFileAndLeavesNothingElse() throws {
        let scratch = try makeScratchDirectory("dsbench-atomic")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("dsbench-nightly.prom").path
        let old = umask(0o077)
        defer { umask(old) }
        try ExportFile.writeAtomically("a 1\n", to: file)
        try ExportFile.writeAtomically("b 2\n", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "b 2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["dsbench-nightly.prom"])
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o644, "readable by node_exporter's user despite the umask")
        #expect(throws: ExportFile.Failure.self) { try ExportFile.writeAtomically("x", to: scratch.path + "/missing/dir/x.prom") }
    }
}
