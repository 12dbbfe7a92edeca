import DSBenchCore
@testable import DSBenchParse
import Testing

/// `json:` metrics with `labels:`: one series per GPU, dtype and mode, as gpu_micro.py prints them.
@Suite struct LabelledMetricTests {
    static let output = """
        {"gemm_tflops": 781.2, "gpu": 0, "dtype": "bf16", "mode": "alone"}
        {"gemm_tflops": 640.5, "gpu": 0, "dtype": "fp16", "mode": "alone"}
        {"gemm_tflops": 779.9, "gpu": 0, "dtype": "bf16", "mode": "all"}
        {"gemm_tflops": 512.0, "gpu": 1, "dtype": "bf16", "mode": "all"}
        {"gemm_tflops": 1.0, "dtype": "bf16", "mode": "all"}
        {"copy_gbps": 3952.0, "gpu": 0, "mode": "all"}
        not json
        """

    static let rules = [
        MetricRule(name: "gemm_tflops", source: .jsonKey("gemm_tflops"), unit: "TFLOP/s", direction: .higher,
                   summaries: [.last], labels: ["gpu", "dtype", "mode"]),
        MetricRule(name: "copy_gbps", source: .jsonKey("copy_gbps"), direction: .higher, summaries: [.last],
                   labels: ["gpu", "mode"]),
        MetricRule(name: "triad_gbps", source: .jsonKey("triad_gbps"), direction: .higher, labels: ["gpu", "mode"]),
    ]

    @Test func eachLabelSetIsItsOwnSeriesAndLinesWithoutEveryLabelAreLeftOut() {
        let report = WorkloadParser.parse(Array(Self.output.utf8), spec: WorkloadSpec(metrics: Self.rules))
        let gemm = report.series.filter { $0.rule.name == "gemm_tflops" }
        #expect(gemm.map { $0.labels ?? [:] } == [
            ["gpu": "0", "dtype": "bf16", "mode": "alone"], ["gpu": "0", "dtype": "fp16", "mode": "alone"],
            ["gpu": "0", "dtype": "bf16", "mode": "all"], ["gpu": "1", "dtype": "bf16", "mode": "all"],
        ], "the line without a gpu label is not a sample")
        #expect(gemm.map(\.samples) == [[781.2], [640.5], [779.9], [512.0]])
        let rows = report.metricValues.filter { $0.name == "gemm_tflops" && $0.labels["stat"] == "last" }
        #expect(rows.contains { $0.value == 512.0 && $0.labels == ["gpu": "1", "dtype": "bf16", "mode": "all", "stat": "last"] })
        #expect(report.series.first { $0.rule.name == "copy_gbps" }?.labels == ["gpu": "0", "mode": "all"])
        #expect(report.diagnostics.contains { $0.message.contains("metric 'triad_gbps': no line matched") })
    }

    @Test func unlabelledRulesKeepOneSeriesWithoutLabels() {
        let rule = MetricRule(name: "gemm_tflops", source: .jsonKey("gemm_tflops"), direction: .higher)
        let report = WorkloadParser.parse(Array(Self.output.utf8), spec: WorkloadSpec(metrics: [rule]))
        #expect(report.series.count == 1)
        // 1.0 is a sample like any other (Linux bridges 1.0 and 0 to Bool: they were dropped).
        #expect(report.series[0].labels == nil && report.series[0].samples == [781.2, 640.5, 779.9, 512.0, 1.0])
    }
}
