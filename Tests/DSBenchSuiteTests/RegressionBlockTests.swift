import DSBenchCore
import DSBenchSuite
import Testing

/// The optional `regression:` block: suite-wide baseline and tolerances, per-step tolerances.
@Suite struct RegressionBlockTests {
    @Test func suiteAndStepTolerancesOverrideTheDefaults() throws {
        let loaded = try SuiteLoader.load(text: """
            suite: nightly
            regression:
              baseline: h200-ref
              tolerance: {latency: 50%, bandwidth: 0.03}
              fleet_z: 4
              alpha: 0.01
              auto_runs: 7
            steps:
              - name: ar
                nccl: all_reduce
                regression:
                  tolerance: {mid: 10%}
              - name: ag
                nccl: all_gather
            """, file: "nightly.yaml")
        let policy = loaded.suite.regressionPolicy
        #expect(policy.baseline == "h200-ref" && policy.fleetThreshold == 4 && policy.alpha == 0.01 && policy.autoRuns == 7)
        #expect(policy.tolerances(step: "ar") == BandTolerances(latency: 0.5, mid: 0.10, bandwidth: 0.03))
        #expect(policy.tolerances(step: "ag") == BandTolerances(latency: 0.5, mid: 0.25, bandwidth: 0.03))
        #expect(policy.tolerances(step: nil) == BandTolerances(latency: 0.5, mid: 0.25, bandwidth: 0.03))
    }

    @Test func aSuiteWithoutTheBlockKeepsTheDefaults() throws {
        let loaded = try SuiteLoader.load(text: "suite: s\nsteps: [{inventory: {}}]\n", file: "s.yaml")
        #expect(loaded.suite.regression == RegressionPolicy())
        #expect(loaded.suite.regressionPolicy.tolerances(step: "inventory") == BandTolerances.defaults)
    }

    @Test func badTolerancesAndUnknownKeysAreReportedWithTheirPlace() {
        do {
            _ = try SuiteLoader.load(text: """
                suite: s
                regression:
                  tolerance: {bandwidth: 5, latncy: 60%}
                  fleet_z: none
                steps:
                  - inventory:
                    regression: {baseline: x}
                """, file: "bad.yaml")
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains("bad.yaml:3:26: error: regression.tolerance.bandwidth: found '5'"), "\(text)")
            #expect(text.contains("write 5% for a percentage"))
            #expect(text.contains("regression.tolerance.latncy: found unknown key 'latncy'"))
            #expect(text.contains("did you mean 'latency'?"))
            #expect(text.contains("regression.fleet_z: found 'none'"))
            #expect(text.contains("steps[0].regression.baseline: found unknown key 'baseline'"))
        }
    }

    /// Workload metrics: a suite-wide tolerance and one per metric name (declared or trace.*).
    @Test func metricTolerancesOverrideTheDefaultPerMetric() throws {
        let loaded = try SuiteLoader.load(text: """
            suite: ddp
            regression:
              metric_tolerance: 8%
              metric_tolerances: {step_ms: 3%, trace.overlap_pct: 0.9}
            steps:
              - name: ddp
                workload: [torchrun, train.py]
                metrics:
                  - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}
                  - {name: samples_per_s, regex: 'samples_per_s (?<samples_per_s>[0-9.]+)', direction: higher}
            """, file: "ddp.yaml")
        let policy = loaded.suite.regressionPolicy
        #expect(policy.metricTolerance(metric: "step_ms") == 0.03)
        #expect(policy.metricTolerance(metric: "trace.overlap_pct") == 0.9)
        #expect(policy.metricTolerance(metric: "samples_per_s") == 0.08)
        #expect(RegressionPolicy().metricTolerance(metric: "samples_per_s") == RegressionPolicy.defaultMetricTolerance)
    }

    @Test func aMetricToleranceForAnUndeclaredMetricIsAnErrorWithAHint() {
        let errors = loadErrors("""
            suite: ddp
            regression:
              metric_tolerance: 15
              metric_tolerances: {step_msec: 3%, samples_per_s: 0}
            steps:
              - name: ddp
                workload: [torchrun, train.py]
                metrics:
                  - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}
                  - {name: samples_per_s, regex: 'samples_per_s (?<samples_per_s>[0-9.]+)', direction: higher}
            """)
        let text = errors.joined(separator: "\n")
        #expect(errors.count == 3, "\(text)")
        #expect(text.contains("bad.yaml:3:21: error: regression.metric_tolerance: found '15'") && text.contains("write 15% for a percentage"),
                "\(text)")
        #expect(text.contains("regression.metric_tolerances.step_msec: found no metric named 'step_msec'")
                && text.contains("did you mean 'step_ms'?"), "\(text)")
        #expect(text.contains("regression.metric_tolerances.samples_per_s: found '0'"), "\(text)")
    }
}
