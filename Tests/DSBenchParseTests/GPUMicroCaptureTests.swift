import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Testing

/// The real output of `gpu_micro.py` on the lent H200 (Tests/Fixtures/h200-x1-s6), read with the
/// quarterly suite's rules: one series per GPU, dtype and mode.
@Suite struct GPUMicroCaptureTests {
    static let rules = GPUMicroRules.all

    @Test func everyDtypeAndModeIsASeriesWithTheMeasuredValue() throws {
        let bytes = Array(try Fixtures.data("h200-x1-s6/gpu_micro.txt"))
        let report = WorkloadParser.parse(bytes, spec: WorkloadSpec(metrics: Self.rules))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            report.series.first { $0.rule.name == name && $0.labels == labels }?.value(.last)
        }
        #expect(report.series.filter { $0.rule.name == "gemm_tflops" }.count == 8, "4 dtypes × alone/all")
        #expect(value("gemm_tflops", ["gpu": "0", "dtype": "bf16", "mode": "alone"]) == 666.2)
        #expect(value("gemm_tflops", ["gpu": "0", "dtype": "fp8", "mode": "all"]) == 1203.5)
        #expect(value("copy_gbps", ["gpu": "0", "mode": "alone"]) == 4225.3)
        #expect(value("triad_gbps", ["gpu": "0", "mode": "all"]) == 4377.7)
        #expect(value("sm_clock_mhz", ["gpu": "0", "mode": "all"]) == 1980)
        let rows = report.metricValues.filter { $0.name == "gemm_tflops" }
        #expect(rows.allSatisfy { $0.labels["gpu"] == "0" && $0.labels["mode"] != nil })
    }
}
