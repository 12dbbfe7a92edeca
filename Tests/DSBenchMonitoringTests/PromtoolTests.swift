import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

/// Every export of every fixture run, checked by Prometheus's own `promtool`.
@Suite struct PromtoolTests {
    @Test func everyPrometheusExportPassesPromtoolCheckMetrics() throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        #expect(fixtures.runs.count == 10)
        for run in fixtures.runs {
            let text = PrometheusText().render(run.model)
            let lint = try Tools.run(Tools.promtool, ["check", "metrics"], stdin: text)
            #expect(lint.status == 0 && lint.output.isEmpty, "\(run.label): \(lint.output)")
            // node_exporter refuses a file with a series twice; promtool does not look.
            let series = try Exposition(text).samples.map(\.series)
            #expect(Set(series).count == series.count, "\(run.label): a series twice")
        }
    }

    /// promtool reads OpenMetrics only to backfill, which needs a timestamp on every sample: the
    /// test adds one, so the OpenMetrics parser (EOF, UNIT, the info family) judges the rest as written.
    @Test func everyOpenMetricsExportParsesAsOpenMetricsWithTheSameSeries() throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        for run in fixtures.runs {
            let text = OpenMetricsText().render(run.model)
            #expect(text.hasSuffix("# EOF\n") && text.contains("# TYPE dsbench info\n"), "\(run.label)")
            let stamped = text.split(separator: "\n").map { $0.hasPrefix("#") ? String($0) : "\($0) 1795341600" }.joined(separator: "\n") + "\n"
            let input = fixtures.directory.appendingPathComponent("om-\(run.runID)-\(abs(run.label.hashValue)).txt").path
            let blocks = fixtures.directory.appendingPathComponent("blocks-\(run.runID)-\(abs(run.label.hashValue))").path
            try Data(stamped.utf8).write(to: URL(fileURLWithPath: input))
            let backfill = try Tools.run(Tools.promtool, ["tsdb", "create-blocks-from", "openmetrics", input, blocks])
            #expect(backfill.status == 0, "\(run.label): \(backfill.output)")
            // `tsdb dump` opens the folder as a database, which has a write-ahead log.
            try FileManager.default.createDirectory(atPath: blocks + "/wal", withIntermediateDirectories: true)
            let dump = try Tools.run(Tools.promtool, ["tsdb", "dump", blocks])
            #expect(dump.status == 0, "\(dump.output.prefix(2000))")
            // `{__name__="x", a="b"} 1.5 1795341600000` per sample: the same series as the Prometheus text.
            let dumped = Set(dump.output.split(separator: "\n").compactMap { line -> String? in
                guard let close = line.lastIndex(of: "}") else { return nil }
                var labels: [String: String] = [:]
                var name = ""
                for pair in line[line.index(after: line.startIndex)..<close].components(separatedBy: "\", ") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if parts[0] == "__name__" { name = value } else { labels[String(parts[0])] = value }
                }
                return Exposition.Sample(name: name, labels: labels, value: 0).series
            })
            let written = Set(try Exposition(PrometheusText().render(run.model)).samples.map(\.series))
            #expect(!written.isEmpty && dumped == written,
                    "\(run.label): only in OpenMetrics \(Array(dumped.subtracting(written).prefix(5))), only in text \(Array(written.subtracting(dumped).prefix(5)))")
        }
    }

    @Test func theShippedRulesPassPromtoolCheckRules() throws {
        let check = try Tools.run(Tools.promtool, ["check", "rules", Monitoring.rules.path])
        #expect(check.status == 0 && check.output.contains("SUCCESS: 5 rules found"), "\(check.output)")
    }

    /// The shipped alerts against the exported series of the real fixtures: the failed fleet run
    /// fires DsbenchVerdictFailed, and the fleet-outlier and below-expected alerts for the
    /// P2P-disabled node; the passing run of another suite fires nothing (the lists are exact).
    @Test func promtoolTestRulesFiresTheShippedAlertsOnAFailedVerdict() throws {
        let fixtures = try FixtureRuns.make()
        defer { fixtures.remove() }
        let failed = try #require(fixtures.run("fleet"))
        let passed = try #require(fixtures.run("iterations j_all_reduce_I_r2"))
        let failedText = PrometheusText().render(failed.model), passedText = PrometheusText().render(passed.model)
        #expect(failedText.contains("dsbench_verdict_status{suite=\"sample-h200\",status=\"fail\"} 1\n"))
        #expect(passedText.contains("dsbench_verdict_status{suite=\"iter\",status=\"pass\"} 1\n"), "\(passedText.prefix(1500))")

        // As Prometheus would store them after scraping node_exporter: job and instance added.
        var series: [String] = []
        for text in [failedText, passedText] {
            for sample in try Exposition(text).samples {
                var labels = sample.labels
                labels["job"] = "node"; labels["instance"] = "head:9100"
                let selector = sample.name + "{" + labels.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
                series.append("      - series: '\(selector)'\n        values: '\(PromtoolTests.number(sample.value))x20'")
            }
        }
        let outliers = Set(failed.model.families.first { $0.name == "dsbench_verdict_rule_findings" }?.samples
            .filter { $0.labels.contains(.init("rule", "fleet.outlier")) && $0.labels.contains(.init("outcome", "fail")) }
            .compactMap { $0.labels.first { $0.name == "node" }?.value } ?? [])
        #expect(outliers == ["h200-c"], "the P2P-disabled node is the outlier")
        let tests = """
            rule_files: [\(Monitoring.rules.path)]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            \(series.joined(separator: "\n"))
                alert_rule_test:
                  - eval_time: 5m
                    alertname: DsbenchVerdictFailed
                    exp_alerts:
                      - exp_labels: {severity: critical, suite: sample-h200, status: fail, job: node, instance: "head:9100"}
                        exp_annotations:
                          summary: "dsbench suite sample-h200: verdict FAIL"
                          description: "The last run of suite sample-h200 failed its verdict: a regression against the baseline, a fleet outlier, degraded hardware or wrong results. `dsbench show latest` on the head node says which checks failed."
                  - eval_time: 5m
                    alertname: DsbenchFleetOutlier
                    exp_alerts:
                      - exp_labels: {severity: warning, suite: sample-h200, rule: fleet.outlier, node: h200-c, job: node, instance: "head:9100"}
                        exp_annotations:
                          summary: "dsbench suite sample-h200: h200-c far below its peers"
                          description: "busbw on h200-c is a fleet outlier (robust z-score against the other nodes of the same step; the dashboard's fleet heatmap shows where)."
                  - eval_time: 5m
                    alertname: DsbenchBusbwBelowExpected
                    exp_alerts:
                      - exp_labels: {severity: warning, suite: sample-h200, rule: busbw.below_expected, node: h200-c, job: node, instance: "head:9100"}
                        exp_annotations:
                          summary: "dsbench suite sample-h200: busbw below expected on h200-c"
                          description: "Peak busbw at bandwidth-bound sizes on h200-c is below the share of the expected figure for its hardware class (rule busbw.below_expected, docs/health-rules.md)."
                  - eval_time: 5m
                    alertname: DsbenchVerdictError
                    exp_alerts: []
            """
        let file = fixtures.directory.appendingPathComponent("alerts.test.yml").path
        try Data(tests.utf8).write(to: URL(fileURLWithPath: file))
        let result = try Tools.run(Tools.promtool, ["test", "rules", file])
        #expect(result.status == 0 && result.output.contains("SUCCESS"), "\(result.output)")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}

/// The shipped monitoring files, found relative to Tests/Fixtures.
enum Monitoring {
    static let root = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Monitoring")
    static let rules = root.appendingPathComponent("prometheus/dsbench-rules.yml")
    static let dashboard = root.appendingPathComponent("grafana/dsbench.json")
}
