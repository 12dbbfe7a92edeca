@testable import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Testing

/// `metric.below_expected` on the real gpu_micro.py output of the lent H200 (Tests/Fixtures/h200-x1-s6)
/// and on edits of it, against the shipped catalogue's H200 figures.
@Suite struct ExpectedMetricRuleTests {
    static let rules = GPUMicroRules.all

    static func input(editing edit: (String) -> String = { $0 }, inventory: Bool = true) throws -> HealthInput {
        let text = edit(try Fixtures.text("h200-x1-s6/gpu_micro.txt"))
        let report = WorkloadParser.parse(Array(text.utf8), spec: WorkloadSpec(metrics: Self.rules))
        var input = HealthInput(gpus: inventory
            ? HealthGPU.from(GPUQueryParser.parse(Array(try Fixtures.data("h200-x1/query-gpu.txt"))), node: "vm") : [])
        input.metrics = report.metricValues.map { HealthMetric(stepKey: "gpu_micro#0@vm", node: "vm", metric: $0) }
        return input
    }

    static func findings(_ input: HealthInput) -> [Finding] {
        HealthCheck.run(input).filter { $0.rule == "metric.below_expected" }
    }

    @Test func theShippedCatalogueHasTheH200FiguresAndNoProblems() {
        #expect(ExpectedBusbwCatalogue.shipped.problems == [])
        let bf16 = ExpectedMetric.catalogue.first { $0.metric == "gemm_tflops" && $0.labels == ["dtype": "bf16"] }
        #expect(bf16?.gpuModel == "NVIDIA H200" && bf16?.value == 666.2 && bf16?.unit == "TFLOP/s")
        #expect(bf16?.source.hasPrefix("measured: 2026-12-02, lent node nvidia-h200") == true)
        #expect(Set(ExpectedMetric.catalogue.map(\.metric)) == ["gemm_tflops", "copy_gbps", "triad_gbps"])
    }

    @Test func theRealCaptureDoesNotFire() throws {
        let input = try Self.input()
        // 4 dtypes × alone/all, each a sample and its last-value summary.
        #expect(input.metrics.filter { $0.metric.name == "gemm_tflops" }.count == 16)
        #expect(Self.findings(input) == [])
    }

    @Test func aSlowBF16GEMMFiresNamingTheGPUAndTheFigure() throws {
        let input = try Self.input(editing: {
            $0.replacingOccurrences(of: #"{"gemm_tflops": 666.2, "gpu": 0, "dtype": "bf16", "mode": "alone"}"#,
                                    with: #"{"gemm_tflops": 399.7, "gpu": 0, "dtype": "bf16", "mode": "alone"}"#)
        })
        let findings = Self.findings(input)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.message == "GPU 0 on vm: gemm_tflops{dtype=bf16,mode=alone} 399.7 TFLOP/s is 60 % of the 666.2 TFLOP/s "
                + "expected for NVIDIA H200 during gpu_micro#0@vm")
        #expect(finding.gpu == 0 && finding.observed == 399.7 && finding.expected == 666.2)
        #expect(finding.evidence.contains("(measured: 2026-12-02, lent node nvidia-h200"))
        #expect(RuleClasses.of(finding.rule) == .degraded)
    }

    @Test func memoryBandwidthOnlyWithAllGPUsAtOnceFires() throws {
        let input = try Self.input(editing: {
            $0.replacingOccurrences(of: #"{"copy_gbps": 4191.8, "gpu": 0, "mode": "all"}"#,
                                    with: #"{"copy_gbps": 2900, "gpu": 0, "mode": "all"}"#)
        })
        #expect(Self.findings(input).map(\.message) == [
            "GPU 0 on vm: copy_gbps{mode=all} 2900 GB/s is 68.6 % of the 4225.3 GB/s expected for NVIDIA H200 during gpu_micro#0@vm",
        ])
    }

    @Test func justAboveTheFractionDoesNotFireAndTheFractionIsConfigurable() throws {
        var input = try Self.input(editing: {
            $0.replacingOccurrences(of: #""gemm_tflops": 345.6"#, with: #""gemm_tflops": 280.0"#)   // 81 % of 345.6
        })
        #expect(Self.findings(input) == [])
        input.settings.thresholds["metric.expected_fraction"] = 0.9
        #expect(Self.findings(input).map(\.observed) == [280.0])
    }

    @Test func withoutAnInventoryTheGPUModelIsUnknownAndNothingIsClaimed() throws {
        let input = try Self.input(editing: { $0.replacingOccurrences(of: "666.2", with: "100.0") }, inventory: false)
        #expect(Self.findings(input) == [])
    }

    @Test func anotherGPUModelIsNotJudgedByTheH200Figures() throws {
        var input = try Self.input(editing: { $0.replacingOccurrences(of: "666.2", with: "100.0") })
        input.gpus[0].name = "NVIDIA A100-SXM4-80GB"
        #expect(Self.findings(input) == [])
    }

    @Test func dmonDuringTheStepSaysWhetherTheGPUThrottled() throws {
        var input = try Self.input(editing: { $0.replacingOccurrences(of: "666.2", with: "450.0") })
        input.gpus[0].clocksMaxSMMHz = 1980
        input.dmonSteps = [HealthDmonStep(key: "gpu_micro#0@vm", name: "gpu_micro", node: "vm", expectBusy: true,
                                          samples: (0..<10).map { round in
            HealthDmonSample(gpu: 0, round: round, timestamp: nil,
                             values: ["sm": 100, "pclk": 1200, "pviol": round < 7 ? 40 : 0, "tviol": 0])
        }, kind: "workload")]
        let finding = try #require(Self.findings(input).first)
        #expect(finding.message.hasSuffix("during gpu_micro#0@vm (the GPU throttled during the step)"))
        #expect(finding.evidence.hasSuffix("; dmon during the step: SM clock median 1200 MHz of 1980 MHz max, "
                + "power-capped in 7 and thermally capped in 0 of 10 samples"))
    }

    @Test func oneValuePerSeriesTheMedianFirst() {
        func metric(_ stat: String?, _ value: Double, sample: String? = nil) -> HealthMetric {
            var labels = ["gpu": "0", "dtype": "bf16"]
            if let stat { labels["stat"] = stat }
            if let sample { labels["sample"] = sample }
            return HealthMetric(stepKey: "s", node: "n", metric: MetricValue(name: "gemm_tflops", value: value, unit: "TFLOP/s",
                                                                             direction: .higher, labels: labels))
        }
        let chosen = ExpectedMetricLookup.summaries([metric(nil, 1, sample: "0"), metric("last", 2), metric("median", 3),
                                                     metric("max", 4)])
        #expect(chosen.map(\.metric.value) == [3])
    }

    @Test func catalogueEntriesAreChecked() {
        let text = """
            {"format": 1, "expected_busbw": [], "expected_metrics": [
              {"gpu": "NVIDIA H200", "metric": "gemm_tflops", "labels": {"dtype": "bf16"}, "value": 600, "unit": "TFLOP/s",
               "source": {"kind": "vendor", "document": "a datasheet"}},
              {"gpu": "NVIDIA H200", "metric": "gemm_tflops", "labels": {"dtype": "bf16"}, "value": 650, "unit": "TFLOP/s",
               "source": {"kind": "vendor", "document": "another"}},
              {"gpu": "NVIDIA H200", "metric": "copy_gbps", "value": -1, "unit": "GB/s", "source": {"kind": "vendor", "document": "d"}},
              {"gpu": "NVIDIA H200", "metric": "copy_gbps", "value": 4000, "unit": "GB/s", "direction": "up",
               "source": {"kind": "vendor", "document": "d"}},
              {"gpu": "NVIDIA H200", "metric": "triad_gbps", "value": 4000, "source": {"kind": "vendor", "document": "d"}}
            ]}
            """
        let parsed = ExpectedBusbwCatalogue.parse(text, file: "c.json")
        #expect(parsed.metrics.map(\.value) == [600])
        #expect(parsed.problems == [
            "c.json: expected_metrics[1]: found the series of expected_metrics[0] again (gemm_tflops on NVIDIA H200), "
                + "expected one entry per GPU model, metric and labels",
            "c.json: expected_metrics[2].value: found -1.0, expected a number > 0",
            "c.json: expected_metrics[3].direction: found 'up', expected higher or lower",
            "c.json: expected_metrics[4].unit: found no 'unit' key, expected every one of gpu, metric, value, unit, source",
        ])
    }
}
