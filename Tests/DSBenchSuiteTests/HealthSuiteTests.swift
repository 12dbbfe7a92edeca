import DSBenchCore
@testable import DSBenchSuite
import Foundation
import Testing

/// The optional `health:` block and `diagnose: true` on nccl steps.
@Suite struct HealthSuiteTests {
    @Test func healthBlockIsOptionalAndDefaultsToNothing() throws {
        let suite = try loadSuite("suite: t\nsteps: [{inventory: {}}]\n")
        #expect(suite.health == HealthSettings())
        #expect(suite.health.value(.busbwFraction) == 0.8)
    }

    @Test func healthBlockSetsThresholdsFiguresBusyStepsAndDisabledRules() throws {
        let suite = try loadSuite("""
            suite: t
            health:
              thresholds: {busbw.fraction: 0.85, temperature.gpu_c: 80}
              expected_busbw:
                - {gpu: NVIDIA H100 80GB HBM3, gpus: 8, interconnect: NV18, busbw: 360, source: our lab}
                - {gpu: NVIDIA H200, gpus: 16, busbw: 340.5, collective: all_gather, nvls: true}
              busy_steps: [train]
              disabled_rules: gpu.low_util
            steps:
              - name: train
                command: [python, train.py]
            """)
        let health = suite.health
        #expect(health.thresholds == ["busbw.fraction": 0.85, "temperature.gpu_c": 80])
        #expect(health.value(.busbwFraction) == 0.85)
        #expect(health.value(.memoryPercent) == 90)
        #expect(health.expectedBusbw == [
            ExpectedBusbw(gpuModel: "NVIDIA H100 80GB HBM3", gpuCount: 8, interconnect: "NV18", collective: "all_reduce",
                          nvls: nil, busbw: 360, source: "our lab"),
            ExpectedBusbw(gpuModel: "NVIDIA H200", gpuCount: 16, interconnect: "*", collective: "all_gather",
                          nvls: true, busbw: 340.5, source: "suite"),
        ])
        #expect(health.busySteps == ["train"])
        #expect(health.disabledRules == ["gpu.low_util"])
    }

    @Test func healthErrorsNameTheLineAndWhatWasExpected() {
        let errors = loadErrors("""
            suite: t
            health:
              thresholds: {busbw.fractoin: 0.85, memory.percent: lots}
              expected_busbw:
                - {gpu: NVIDIA H200, busbw: -3}
              colour: red
            steps: [{inventory: {}}]
            """)
        #expect(errors.count == 5)
        #expect(errors.contains { $0.hasPrefix("bad.yaml:3:16: error: health.thresholds.busbw.fractoin: found unknown key")
            && $0.hasSuffix("did you mean 'busbw.fraction'?") })
        #expect(errors.contains("bad.yaml:3:54: error: health.thresholds.memory.percent: found 'lots', expected a number ≥ 0"))
        #expect(errors.contains("bad.yaml:5:7: error: health.expected_busbw[0].gpus: found no 'gpus' key, "
            + "expected the GPU count, e.g. gpus: 8"))
        #expect(errors.contains("bad.yaml:5:33: error: health.expected_busbw[0].busbw: found '-3', expected GB/s, a number > 0"))
        #expect(errors.contains { $0.hasPrefix("bad.yaml:6:3: error: health.colour: found unknown key 'colour'") })
    }

    @Test func diagnosePlansAShortINFOSweepAfterTheStep() throws {
        let suite = try loadSuite("""
            suite: t
            nodes: [a, b]
            defaults: {env: {NCCL_DEBUG: WARN}}
            steps:
              - name: ar
                nccl: all_reduce
                sizes: {min: 8, max: 8G, factor: 2}
                gpus: 8
                repeat: 2
                diagnose: true
              - name: bc
                nccl: broadcast
            """)
        let plan = try Planner.plan(suite)
        #expect(plan.steps.map(\.key) == ["ar#0@a", "ar#0@b", "ar#1@a", "ar#1@b", "ar.diagnose#0@a", "ar.diagnose#0@b",
                                          "bc#0@a", "bc#0@b"])
        let diagnose = plan.steps[4]
        #expect(diagnose.kind == .nccl)
        #expect(diagnose.captures == [])
        #expect(diagnose.commands.count == 1)
        #expect(diagnose.commands[0].argv == ["all_reduce_perf", "-b", "4194304", "-e", "268435456", "-f", "4", "-g", "8"])
        #expect(diagnose.commands[0].env == [EnvVar("NCCL_DEBUG", "INFO"), EnvVar("NCCL_DEBUG_SUBSYS", "INIT,ENV,NET")])
        #expect(diagnose.commands[0].parser == .ncclTests)
        // The main step keeps its own sweep and env.
        #expect(plan.steps[0].commands[0].argv.contains("8589934592"))
        #expect(plan.steps[0].commands[0].env == [EnvVar("NCCL_DEBUG", "WARN")])
    }

    /// The catalogue names collectives as suites do, so a suite entry and a catalogue entry for
    /// the same hardware meet (and the rule's lookup, which compares these names, can match).
    @Test func everyCatalogueCollectiveIsAnNcclTestsName() {
        #expect(!ExpectedBusbw.catalogue.isEmpty)
        for entry in ExpectedBusbw.catalogue { #expect(NcclTest(rawValue: entry.collective) != nil, "\(entry.collective)") }
    }

    @Test func aSuiteEntryForCatalogueHardwareReplacesIt() throws {
        let suite = try loadSuite("""
            suite: t
            health:
              expected_busbw:
                - {gpu: NVIDIA H200, gpus: 8, interconnect: NV18, collective: alltoall, nvls: false, busbw: 300, source: lab}
            steps: [{inventory: {}}]
            """)
        let inForce = suite.health.expectedBusbwInForce
        #expect(inForce.first { $0.collective == "alltoall" && $0.gpuCount == 8 }?.busbw == 300)
        #expect(inForce.filter { $0.collective == "alltoall" && $0.gpuCount == 8 }.count == 1)
        #expect(suite.health.overriddenCatalogueEntries.map(\.busbw) == [317.91])
    }

    @Test func diagnoseMustBeABoolean() {
        #expect(loadErrors("suite: t\nsteps:\n  - nccl: all_reduce\n    diagnose: maybe\n")
                == ["bad.yaml:4:15: error: steps[0].diagnose: found 'maybe', expected true or false"])
        #expect(loadErrors("suite: t\nsteps:\n  - inventory: {}\n    diagnose: true\n").count == 1)
    }
}

@Suite struct HealthSchemaTests {
    /// `dsbench schema` declares exactly the keys the loader accepts in `health:`.
    @Test func schemaHealthKeysMatchTheLoader() throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(SuiteSchema.text.utf8)) as? [String: Any])
        let health = try #require((root["properties"] as? [String: Any])?["health"] as? [String: Any])
        let properties = try #require(health["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(SuiteKeys.health))
        let thresholds = try #require((properties["thresholds"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(thresholds.keys) == Set(HealthThreshold.all.map(\.key)))
        let entry = try #require(((properties["expected_busbw"] as? [String: Any])?["items"] as? [String: Any])?["properties"]
                                 as? [String: Any])
        #expect(Set(entry.keys) == Set(SuiteKeys.expectedBusbw))
        let step = try #require(((root["$defs"] as? [String: Any])?["step"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(step["diagnose"] != nil)
    }
}
