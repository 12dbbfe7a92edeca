import DSBenchCore
@testable import DSBenchSuite
import Testing

@Suite struct WorkloadStepTests {
    static let yaml = """
    suite: w
    captures:
      dmon: {}
    steps:
      - name: ddp
        workload: [torchrun, --standalone, --nproc_per_node=2, train.py, --steps, 30]
        timeout: 5m
        env: {NCCL_NVLS_ENABLE: "0"}
        metrics:
          - name: step_ms
            regex: '^step \\d+ .*step_ms (?<step_ms>[0-9.]+)'
            unit: ms
            direction: lower
            warmup: 5
          - {name: tokens, json: stats.tokens_per_s, direction: higher, summary: [median, max]}
          - {name: loss, regex: 'loss (?<value>[0-9.]+)', direction: lower, summary: last}
        trace: /tmp/ddp.json.gz
    """

    @Test func workloadStepPlansArgvRulesTraceAndDmon() throws {
        let suite = try loadSuite(Self.yaml)
        guard case .workload(let workload) = suite.steps[0].action else {
            Issue.record("not a workload step"); return
        }
        #expect(workload.argv == ["torchrun", "--standalone", "--nproc_per_node=2", "train.py", "--steps", "30"])
        #expect(workload.spec.tracePath == "/tmp/ddp.json.gz")
        #expect(workload.spec.metrics.map(\.name) == ["step_ms", "tokens", "loss"])
        #expect(workload.spec.metrics[0] == MetricRule(
            name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#), unit: "ms",
            direction: .lower, warmup: 5, summaries: [.median, .p10, .p90, .last]))
        #expect(workload.spec.metrics[1].source == .jsonKey("stats.tokens_per_s"))
        #expect(workload.spec.metrics[1].summaries == [.median, .max])
        #expect(workload.spec.metrics[2].summaries == [.last])

        let plan = try Planner.plan(suite)
        let step = plan.steps[0]
        #expect(step.kind == .workload)
        #expect(step.commands.count == 1)
        #expect(step.commands[0].parser == .workload)
        #expect(step.commands[0].workload == workload.spec)
        #expect(step.commands[0].timeoutSeconds == 300)
        #expect(step.captures.map(\.name) == ["dmon"], "dmon runs beside workloads like beside nccl steps")
    }

    @Test func badWorkloadStepsAreReportedWithPlaces() {
        let yaml = """
        suite: w
        steps:
          - name: a
            workload: torchrun train.py
          - name: b
            workload: [python3]
            metrics:
              - {name: x, regex: '(?<x', direction: lower}
              - {name: y, direction: sideways, regex: 'y=(?<y>\\d)'}
              - {name: z, direction: higher}
              - {name: w, regex: 'w', json: w, direction: higher}
              - {name: v, regex: 'v=\\d', direction: higher}
              - {name: u, json: u, direction: higher, summary: [median, p95]}
          - workload: [python3]
          - name: c
            command: [echo]
            trace: /tmp/t.json
        """
        let errors = loadErrors(yaml)
        #expect(errors.contains { $0.hasPrefix("bad.yaml:4:15: error: steps[0].workload: found 'torchrun train.py', expected an argv list") })
        #expect(errors.contains { $0.contains("steps[1].metrics[0].regex: found '(?<x', expected a regular expression that compiles") })
        #expect(errors.contains { $0.contains("steps[1].metrics[1].direction: found 'sideways', expected which way is better: higher, lower") })
        #expect(errors.contains { $0.contains("steps[1].metrics[2]: found neither 'regex' nor 'json'") })
        #expect(errors.contains { $0.contains("steps[1].metrics[3].regex: found both 'regex' and 'json'") })
        #expect(errors.contains { $0.contains("steps[1].metrics[4].regex: found a pattern without a capture group") })
        #expect(errors.contains { $0.contains("steps[1].metrics[5].summary: found 'p95'") })
        #expect(errors.contains { $0.contains("steps[2].name: found no 'name' key, expected a name for the workload step") })
        #expect(errors.contains { $0.contains("steps[3].trace: found 'trace' in a command step, expected 'trace' only in workload steps") })
        #expect(errors.count == 9)
    }

    @Test func labelsGoWithJSONOnly() throws {
        let ok = try loadSuite("""
            suite: t
            steps:
              - {name: m, workload: [x], metrics: [{name: tflops, json: tflops, labels: [gpu, dtype], direction: higher}]}
            """)
        guard case .workload(let step) = ok.steps[0].action else { Issue.record("not a workload"); return }
        #expect(step.spec.metrics.first?.labels == ["gpu", "dtype"])
        let errors = loadErrors("""
            suite: t
            steps:
              - {name: m, workload: [x], metrics: [{name: t, regex: 't (?<t>[0-9]+)', labels: [gpu], direction: higher}]}
            """)
        #expect(errors.contains { $0.contains("labels only with json") }, "\(errors)")
    }

    @Test func shippedWorkloadSuiteLoadsAndPlans() throws {
        let loaded = try SuiteLoader.load(path: shippedSuitePath("workload.yaml"))
        let plan = try Planner.plan(loaded.suite)
        let workload = try #require(plan.steps.first { $0.kind == .workload })
        #expect(workload.commands[0].workload?.tracePath != nil)
        #expect(workload.commands[0].workload?.metrics.map(\.name).contains("step_ms") == true)
    }

    /// The shipped DDP job starts one process per GPU of the node, so a one-GPU node runs it too.
    @Test func shippedWorkloadTakesTheNodesGPUCount() throws {
        let plan = try Planner.plan(try SuiteLoader.load(path: shippedSuitePath("workload.yaml")).suite)
        let command = try #require(plan.steps.first { $0.kind == .workload }?.commands[0])
        #expect(command.argv.contains("--nproc_per_node={gpus}"), "\(command.argv)")
        #expect(!command.argv.contains { $0.hasPrefix("--nproc_per_node=") && $0 != "--nproc_per_node={gpus}" })
        #expect(command.needsGPUCount)
        let one = command.resolvingGPUs(count: 1)
        #expect(one.argv.contains("--nproc_per_node=1") && !one.needsGPUCount, "\(one.argv)")
        // Only workloads take `{gpus}` inside an element; a command keeps a literal one.
        let literal = PlannedCommand(label: "main", argv: ["echo", "--n={gpus}"], timeoutSeconds: 1)
        #expect(!literal.needsGPUCount && literal.resolvingGPUs(count: 4) == literal)
        // A node with `gpus:` in node_overrides has the number planned in.
        let overridden = try loadSuite("""
            suite: w
            nodes: gpu-1
            node_overrides: {gpu-1: {gpus: 1}}
            steps:
              - {name: ddp, workload: [torchrun, '--nproc_per_node={gpus}', train.py], metrics: [{name: x, regex: 'x (?<x>[0-9]+)', direction: lower}]}
            """)
        #expect(try Planner.plan(overridden).steps[0].commands[0].argv == ["torchrun", "--nproc_per_node=1", "train.py"])
    }

    /// The workload example in docs/suite-format.md loads as written.
    @Test func docsExampleLoads() throws {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("docs/suite-format.md"), encoding: .utf8)
        let block = try #require(text.components(separatedBy: "```yaml\n").dropFirst()
            .map { $0.components(separatedBy: "```")[0] }
            .first { $0.hasPrefix("- name: ddp\n  workload:") })
        let yaml = "suite: d\nsteps:\n" + block.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let suite = try loadSuite(yaml)
        guard case .workload(let workload) = suite.steps[0].action else { Issue.record("not a workload"); return }
        #expect(workload.spec.metrics.map(\.name) == ["step_ms", "tokens_per_s"])
        #expect(workload.spec.tracePath == "/tmp/ddp_trace.json.gz")
    }
}
