import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchReport
import DSBenchStore
import DSBenchTestSupport
import DSBenchVerdict
import Foundation
import Testing

/// `compare`/`check` output for workload metrics: the verdict, JUnit (one case per compared
/// series), JSON and text render the metric comparison and decide nothing themselves.
@Suite struct MetricComparisonRenderTests {
    static let rule = MetricRule(name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#),
                                 unit: "ms", direction: .lower, warmup: 5)

    /// The real 8×H200 DDP capture's rows, step_ms × `factor`, plus one GPU's trace overlap.
    static func rows(runID: Int64, factor: Double, overlap: Double) throws -> [StepMetricRow] {
        let text = String(decoding: try Fixtures.data("h200-x8/h_ddp_step_torchrun.txt"), as: UTF8.self)
        let scaled = text.split(separator: "\n").map { line -> String in
            guard line.hasPrefix("step "), let last = line.split(separator: " ").last, let v = Double(last) else { return String(line) }
            return line.dropLast(last.count) + String(v * factor)
        }.joined(separator: "\n")
        let parsed = WorkloadParser.parse(Array(scaled.utf8), spec: WorkloadSpec(metrics: [rule]))
        let trace = MetricValue(name: "trace.overlap_pct", value: overlap, unit: "%", direction: .higher, labels: ["device": "1"])
        return (parsed.metricValues + [trace]).map { StepMetricRow(runID: runID, runSource: .run, step: "ddp", node: "n1", metric: $0) }
    }

    static func judgement(factor: Double) throws -> Judgement {
        // GPU 1 ran no NCCL kernel in either trace: overlap 0 on both sides is not comparable.
        let metrics = MetricComparison.compare(candidate: try rows(runID: 2, factor: factor, overlap: 0),
                                               baseline: try rows(runID: 1, factor: 1, overlap: 0),
                                               candidateRunID: 2, baselineRunIDs: [1], baselineLabel: "run 1",
                                               matchStepNames: true)
        let busbw = Comparison.compare(candidate: [], baseline: [], candidateRunID: 2, baselineRunIDs: [1],
                                       baselineLabel: "run 1", matchStepNames: true)
        let input = VerdictInput(
            runID: 2, suite: "ddp",
            execution: ExecutionRecord(runStatus: "completed", steps: [.init(key: "ddp@n1", node: "n1", status: "completed")]),
            baseline: .compared(VerdictBaseline(label: "run 1", runIDs: [1])), comparison: busbw, metrics: metrics,
            coverage: MeasurementCoverage(series: metrics.series.count, believable: metrics.series.count))
        return Judgement(verdict: Judge.verdict(input), comparison: busbw, metrics: metrics)
    }

    @Test func aSlowerStepFailsTheCheckInEveryRendering() throws {
        let judgement = try Self.judgement(factor: 1.3)
        let verdict = judgement.verdict
        #expect(verdict.status == .fail && verdict.checks(.fail).map(\.rule) == ["regression.metric"])
        #expect(judgement.comparison?.failed == false)  // busbw alone had nothing to say

        let xml = CheckJUnit.render(judgement)
        #expect(xml.contains("failures=\"2\""), "\(xml)")  // the metric and the verdict
        #expect(xml.contains("<testcase classname=\"dsbench.regression.metric\" name=\"ddp on n1: step_ms (lower is better)\">\n      <failure message=\"ddp on n1: step_ms regressed"), "\(xml)")
        #expect(xml.contains("name=\"ddp on n1: trace.overlap_pct{device=1} (higher is better)\">\n      <skipped message=\"no relative change exists"),
                "\(xml)")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(ComparisonJSON.render(judgement).utf8)) as? [String: Any])
        #expect((json["verdict"] as? [String: Any])?["status"] as? String == "fail")
        let series = try #require((json["metrics"] as? [String: Any])?["series"] as? [[String: Any]])
        #expect(series.map { $0["verdict"] as? String } == ["regression", "not-comparable"])
        #expect(series.last?["labels"] as? [String: String] == ["device": "1"] && series.first?["samples"] as? String == "per-step")

        let text = ComparisonText.render(judgement)
        #expect(text.hasPrefix("run 2 · suite ddp · FAIL: 1 check failed: regression.metric") && text.contains("workload metrics:"), "\(text)")
        #expect(text.contains("NOT-COMPARABLE"), "\(text)")
    }

    @Test func theSameStepTimesPass() throws {
        let judgement = try Self.judgement(factor: 1)
        #expect(judgement.verdict.status == .pass, "\(judgement.verdict.headline)")
        #expect(CheckJUnit.render(judgement).contains("failures=\"0\""))
        #expect(judgement.metrics?.series.first?.outcome.verdict == .ok)
    }
}
