import DSBenchCore

/// The metrics of the quarterly suite's `gpu_micro` step (Suites/quarterly.yaml), as tests read the
/// real H200 output of `Suites/workloads/gpu_micro.py` (Tests/Fixtures/h200-x1-s6/gpu_micro.txt).
public enum GPUMicroRules {
    public static let all = [
        MetricRule(name: "gemm_tflops", source: .jsonKey("gemm_tflops"), unit: "TFLOP/s", direction: .higher,
                   summaries: [.last], labels: ["gpu", "dtype", "mode"]),
        MetricRule(name: "copy_gbps", source: .jsonKey("copy_gbps"), unit: "GB/s", direction: .higher, summaries: [.last],
                   labels: ["gpu", "mode"]),
        MetricRule(name: "triad_gbps", source: .jsonKey("triad_gbps"), unit: "GB/s", direction: .higher, summaries: [.last],
                   labels: ["gpu", "mode"]),
        MetricRule(name: "sm_clock_mhz", source: .jsonKey("sm_clock_mhz"), unit: "MHz", direction: .higher, summaries: [.last],
                   labels: ["gpu", "mode"]),
    ]
}
