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
}
