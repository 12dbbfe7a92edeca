import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

/// node_exporter's textfile collector, the way a site scrapes dsbench: one `.prom` file per
/// suite in its folder, written by dsbench, served on /metrics.
@Suite struct NodeExporterTests {
    @Test func nodeExporterServesTheExportedFilesOfSeveralSuites() async throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        let folder = fixtures.directory.appendingPathComponent("textfile")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        // The newest run of each suite, as `dsbench export prometheus latest --suite S` would pick.
        var newest: [String: FixtureRuns.Run] = [:]
        for run in fixtures.runs {
            let suite = try #require(run.model.families.first { $0.name == "dsbench_info" }?.samples.first?.labels.first?.value)
            newest[suite] = run
        }
        #expect(newest.keys.sorted() == ["iter", "one-gpu", "partial", "sample-h200", "workload-ingest"])
        var written: [Exposition.Sample] = []
        for (suite, run) in newest {
            let text = PrometheusText().render(run.model)
            try ExportFile.writeAtomically(text, to: folder.appendingPathComponent("dsbench-\(suite).prom").path)
            written += try Exposition(text).samples
        }

        let exporter = try await Daemon.start(Tools.nodeExporter, scratch: fixtures.directory, readyPath: "/metrics") { port in
            ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.textfile",
             "--collector.textfile.directory=\(folder.path)"]
        }
        defer { exporter.stop() }
        let scrape = try #require(await Tools.get(exporter.base + "/metrics"))
        #expect(scrape.status == 200)
        let served = try Exposition(scrape.body)
        #expect(served.value("node_textfile_scrape_error") == 0, "\(scrape.body.prefix(3000))")
        for suite in newest.keys {
            #expect(served.value("node_textfile_mtime_seconds", ["file": folder.appendingPathComponent("dsbench-\(suite).prom").path]) != nil)
        }
        // Every series dsbench wrote, with its value, and none it did not.
        let servedDsbench = Dictionary(served.samples.filter { $0.name.hasPrefix("dsbench_") }.map { ($0.series, $0.value) },
                                       uniquingKeysWith: { a, _ in a })
        #expect(servedDsbench.count == written.count)
        for sample in written {
            let value = try #require(servedDsbench[sample.series], "not served: \(sample.series)")
            #expect(value == sample.value || abs(value - sample.value) <= 1e-12 * abs(sample.value), "\(sample.series): \(value) vs \(sample.value)")
        }
        #expect(served.types["dsbench_nccl_busbw_bytes_per_second"] == "gauge")
        #expect(served.value("dsbench_verdict_status", ["suite": "sample-h200", "status": "fail"]) == 1)
        // The 1-GPU broadcast's busbw is implausible (degraded): fail; the run with an empty log: error.
        #expect(served.value("dsbench_verdict_exit_code", ["suite": "one-gpu"]) == 1)
        #expect(served.value("dsbench_verdict_status", ["suite": "partial", "status": "error"]) == 1)
    }

    /// Rewriting the file while node_exporter serves it: every scrape sees one whole file, old or
    /// new, never a half-written one (the textfile collector would report an error for that).
    @Test func aRewriteWhileScrapedIsNeverSeenHalfWritten() async throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        let folder = fixtures.directory.appendingPathComponent("textfile")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let a = try #require(fixtures.run("fleet")), b = try #require(fixtures.run("fleet baseline"))
        let file = folder.appendingPathComponent("dsbench-sample-h200.prom").path
        let texts = [PrometheusText().render(a.model), PrometheusText().render(b.model)]
        try ExportFile.writeAtomically(texts[0], to: file)
        let exporter = try await Daemon.start(Tools.nodeExporter, scratch: fixtures.directory, readyPath: "/metrics") { port in
            ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults", "--collector.textfile",
             "--collector.textfile.directory=\(folder.path)"]
        }
        defer { exporter.stop() }
        let runIDs = Set([a.runID, b.runID].map(Double.init))
        for round in 0..<40 {
            try ExportFile.writeAtomically(texts[round % 2], to: file)
            let scrape = try #require(await Tools.get(exporter.base + "/metrics"))
            let served = try Exposition(scrape.body)
            #expect(served.value("node_textfile_scrape_error") == 0, "round \(round)")
            #expect(served.value("dsbench_run_id").map(runIDs.contains) == true, "round \(round)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["dsbench-sample-h200.prom"], "temporary files left: \(leftovers)")
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o644)
    }
}
