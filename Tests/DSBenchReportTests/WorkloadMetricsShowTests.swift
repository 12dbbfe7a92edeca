import DSBenchCore
import DSBenchParse
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import Foundation
import Testing

/// Workload metric summaries (the `metrics` table) in `dsbench show` and in the report, from the
/// real torchrun capture parsed with the real workload parser.
@Suite struct WorkloadMetricsShowTests {
    static let rule = MetricRule(name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#),
                                 unit: "ms", direction: .lower, warmup: 5, summaries: [.median, .p90])

    /// A run with one workload step on `h200-a` that parsed `h_ddp_step_torchrun.txt`.
    static func store() throws -> (Store, Int64, URL) {
        let directory = try makeScratchDirectory("dsbench-metrics-show")
        let store = try Store.open(path: directory.appendingPathComponent("m.db").path)
        let runID = try store.createRun(NewRun(suiteName: "ddp", suiteHash: "", startedAt: Date(timeIntervalSince1970: 1_795_341_600),
                                               dsbenchVersion: "test"))
        let spec = WorkloadSpec(metrics: [rule])
        let step = PlannedStep(seq: 0, name: "ddp", kind: .workload, node: "h200-a", commands: [
            PlannedCommand(label: "main", argv: ["torchrun", "train.py"], timeoutSeconds: 60, parser: .workload, workload: spec),
        ])
        let stepID = try store.insertPlannedSteps(runID: runID, steps: [step])[0]
        let bytes = Array(try Fixtures.data("h200-x8/h_ddp_step_torchrun.txt"))
        let ids = try store.storeArtifacts(runID: runID, stepID: stepID, node: "h200-a",
                                           [ArtifactInput(name: "main.stdout", parser: .workload, bytes: bytes)])
        try store.finishStep(StepCompletion(stepID: stepID, status: .completed, endedAt: Date(timeIntervalSince1970: 1_795_341_700),
                                            parsed: [(ids[0], .workload(WorkloadParser.parse(bytes, spec: spec)))]))
        try store.finishRun(id: runID, status: .completed, endedAt: Date(timeIntervalSince1970: 1_795_341_700))
        return (store, runID, directory)
    }

    /// Median and p90 of step_ms over steps 5…29 of the capture (the first 5 are warm-up), by hand:
    /// sorted, the 13th of 25 values is 31.5; p90 interpolates at rank 21.6.
    static func expected() throws -> (median: Double, p90: Double) {
        let text = try String(decoding: Fixtures.data("h200-x8/h_ddp_step_torchrun.txt"), as: UTF8.self)
        let values = text.split(separator: "\n").filter { $0.hasPrefix("step ") }.compactMap { line in
            line.split(separator: " ").last.flatMap { Double($0) }
        }.dropFirst(5).sorted()
        let rank = 0.9 * Double(values.count - 1), low = Int(rank)
        let p90 = values[low] + (values[min(low + 1, values.count - 1)] - values[low]) * (rank - Double(low))
        return (values[values.count / 2], p90)
    }

    @Test func showPrintsOneLinePerSummaryUnderTheStepAndJSONHasAMetricsArray() throws {
        let (store, runID, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (median, p90) = try Self.expected()
        #expect(median == 31.5)
        let view = try ShowData.judged(runID: runID, store: store)

        let text = RunText.render(view)
        let lines = text.split(separator: "\n").map(String.init)
        let stepLine = try #require(lines.firstIndex { $0.hasPrefix("  1 ") && $0.contains("completed") })
        #expect(lines[stepLine + 1] == "       metric step_ms{stat=median} = 31.5 ms @h200-a (lower is better)", "\(text)")
        #expect(lines[stepLine + 2].hasPrefix("       metric step_ms{stat=p90} = "), "\(text)")
        #expect(!text.contains("sample="), "per-sample rows stay out of show")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(RunJSON.render(view).utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let metrics = try #require(steps.first?["metrics"] as? [[String: Any]])
        #expect(metrics.count == 2)
        #expect(metrics.map { $0["name"] as? String } == ["step_ms", "step_ms"])
        #expect(metrics.map { ($0["labels"] as? [String: String])?["stat"] } == ["median", "p90"])
        #expect(metrics.first?["value"] as? Double == median)
        #expect(abs((metrics.last?["value"] as? Double ?? 0) - p90) < 1e-9)
        #expect(metrics.first?["direction"] as? String == "lower" && metrics.first?["unit"] as? String == "ms")
    }

    @Test func reportHasAWorkloadMetricsTableInMarkdownHTMLAndJSON() throws {
        let (store, runID, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try ReportData.judged(runID: runID, store: store)
        #expect(model.metrics.map(\.name) == ["step_ms{stat=median}", "step_ms{stat=p90}"])

        let markdown = MarkdownReport().render(model)
        #expect(markdown.contains("## Workload metrics\n\n| step | metric | value | unit | better |"), "\(markdown)")
        #expect(markdown.contains("| step_ms{stat=median} | 31.5 | ms | lower |"), "\(markdown)")

        let html = HTMLReport().render(model)
        #expect(html.contains("<h2 id=\"metrics\">Workload metrics</h2>"))
        #expect(html.contains("<td>step_ms{stat=median}</td><td class=\"n\">31.5</td><td>ms</td><td>lower</td>"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport().render(model).utf8)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        #expect(metrics.first?["value"] as? Double == 31.5 && metrics.first?["node"] as? String == "h200-a")
    }
}
