import DSBenchCore
@testable import DSBenchEngine
import DSBenchExec
import DSBenchStore
import DSBenchSuite
import DSBenchTestSupport
import Foundation
import Testing

/// Workload steps through the real local executor: a stand-in training script replays the real
/// torchrun capture and writes the real profiler trace where the suite says; another dies of OOM.
@Suite struct WorkloadRunTests {
    static func suite(_ s: StandIns, tracePath: String) -> String {
        """
        suite: workload-e2e
        nodes: [local]
        captures:
          dmon: {metrics: pucvmet, interval: 1}
        steps:
          - name: ddp
            workload: [fake-torchrun, --trace-file, \(tracePath)]
            metrics:
              - {name: step_ms, regex: '^step \\d+ .*step_ms (?<step_ms>[0-9.]+)', unit: ms, direction: lower, warmup: 5}
              - {name: samples_per_s, regex: '^step \\d+ .*samples_per_s (?<samples_per_s>[0-9.]+)', unit: samples/s, direction: higher, warmup: 5}
            trace: \(tracePath)
          - name: oom
            workload: [fake-oom]
            captures: []
            metrics:
              - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}
          - name: silent
            workload: [sh, -c, 'echo no metrics here']
            captures: []
            metrics:
              - {name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}
        """
    }

    @Test func metricsTraceAndFailuresLandInSQLiteAndSurviveReparse() async throws {
        let dir = try makeScratchDirectory("dsbench-workload")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        let fixtures = Fixtures.url("h200-x8").path
        // A replayed workload ends in milliseconds: it waits for the dmon capture beside it to print,
        // as a real training run (seconds) always does, so the sample count below is not a race.
        try standIns.write("fake-torchrun", """
            #!/bin/sh
            \(standIns.requestDmonSamplesScript())
            cat '\(fixtures)/h_ddp_step_torchrun.txt'
            cp '\(fixtures)/ddp_trace_rank0_steps20-24.json.gz' "$2"
            """)
        try standIns.write("fake-oom", """
            #!/bin/sh
            echo "step 0 loss 9.1 samples_per_s 70.1 step_ms 1800.0"
            cat >&2 <<'LOG'
            \(OOMLog.text)
            LOG
            exit 1
            """)
        let tracePath = dir.appendingPathComponent("trace.json.gz").path
        // A stale trace from an earlier run must not be taken for this run's.
        try Data("stale".utf8).write(to: URL(fileURLWithPath: tracePath))

        let loaded = try SuiteLoader.load(text: Self.suite(standIns, tracePath: tracePath),
                                          file: dir.appendingPathComponent("suite.yaml").path)
        let plan = try Planner.plan(loaded.suite)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let runner = Runner.overStandIns(standIns, store: store)
        let outcome = try await runner.run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256, plan: plan,
            requestNcclJSON: false))
        let runID = outcome.runID

        let steps = try #require(try store.runDetail(id: runID)).steps
        #expect(steps.map(\.status) == [.completed, .failed, .failed])
        #expect(steps[0].kind == "workload")
        #expect(steps[0].dmonSampleCount > 0, "dmon ran beside the workload")
        let oomError = steps[1].error ?? ""
        #expect(oomError.hasPrefix("fake-oom on node local exited with 1: CUDA out of memory (line 4: torch.OutOfMemoryError"))
        #expect(oomError.hasSuffix("torchrun: first failure: rank 1 (local_rank 1) on gpu-node-07 exit code 1"))
        #expect(steps[2].error == "sh on node local exited 0 but printed no samples of step_ms")

        let before = try store.metrics(runID: runID)
        let stepMedian = before.first { $0.metric.name == "step_ms" && $0.metric.labels == ["stat": "median"] && $0.stepID == steps[0].id }
        #expect(stepMedian?.metric.value == 31.5)
        #expect(stepMedian?.metric.unit == "ms")
        #expect(stepMedian?.metric.direction == .lower)
        #expect(before.filter { $0.metric.name == "samples_per_s" && $0.metric.labels["sample"] != nil }.count == 25)
        let overlap = before.first { $0.metric.name == "trace.overlap_pct" }
        #expect(abs((overlap?.metric.value ?? 0) - 83.8789) < 1e-3)
        #expect(overlap?.metric.labels == ["device": "0"])
        #expect(before.first { $0.metric.name == "trace.collective_count" }?.metric.labels == ["collective": "AllReduce", "device": "0"])
        // The OOM step's one step line before dying is still a metric.
        #expect(before.contains { $0.stepID == steps[1].id && $0.metric.name == "step_ms" && $0.metric.labels == ["stat": "last"] })

        let artifacts = try store.artifacts(runID: runID)
        let trace = try #require(artifacts.first { $0.name == "main.trace.json.gz" })
        #expect(trace.parser == .torchTrace)
        #expect(trace.bytes == Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz")))
        #expect(!FileManager.default.fileExists(atPath: tracePath), "the trace file is removed from the node after collection")
        #expect(artifacts.first { $0.name == "main.stderr" && $0.stepID == steps[1].id }?.parser == .workloadLog)

        // Reparse rebuilds the same metrics from raw artifacts and the stored rules.
        _ = try Reparser.reparse(runID: runID, store: store)
        let after = try store.metrics(runID: runID)
        #expect(after.count == before.count)
        let identity = { (m: StoredMetric) in
            "\(m.stepID ?? 0) \(m.metric.name) \(m.metric.labels.sorted { $0.key < $1.key }) \(m.metric.value)"
        }
        #expect(Set(after.map(identity)) == Set(before.map(identity)))
    }

    /// `{gpus}` in a workload's argv becomes the node's GPU count (the stand-in nvidia-smi lists
    /// the 8 H200s), the job sees it, and the step stores the argv that ran beside the planned one.
    @Test func workloadArgvTakesTheNodesGPUCount() async throws {
        let dir = try makeScratchDirectory("dsbench-workload-gpus")
        defer { try? FileManager.default.removeItem(at: dir) }
        let standIns = try StandIns(in: dir)
        let loaded = try SuiteLoader.load(text: """
            suite: workload-gpus
            steps:
              - name: ddp
                workload: [sh, -c, 'echo "step 1 step_ms 5 $0"', '--nproc_per_node={gpus}']
                captures: []
                metrics: [{name: step_ms, regex: 'step_ms (?<step_ms>[0-9.]+)', direction: lower}]
            """, file: dir.appendingPathComponent("suite.yaml").path)
        let store = try Store.open(path: dir.appendingPathComponent("dsbench.db").path)
        let outcome = try await Runner.overStandIns(standIns, store: store).run(RunRequest(
            suiteName: loaded.suite.name, suiteText: loaded.text, suiteHash: loaded.sha256,
            plan: try Planner.plan(loaded.suite), requestNcclJSON: false))
        let step = try #require(try store.runDetail(id: outcome.runID)?.steps.first)
        #expect(step.status == .completed, "\(step.error ?? "")")
        #expect(step.argv.last == "--nproc_per_node=8")
        #expect(step.plannedArgv?.last == "--nproc_per_node={gpus}")
        let stdout = try #require(try store.artifacts(runID: outcome.runID).first { $0.name == "main.stdout" })
        #expect(String(decoding: stdout.bytes, as: UTF8.self) == "step 1 step_ms 5 --nproc_per_node=8\n")
    }
}

enum OOMLog {
    static let text = """
    [rank1]: Traceback (most recent call last):
    [rank1]:   File "/work/ddp_step.py", line 190, in <module>
    [rank1]:     sys.exit(main())
    [rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 64.00 GiB. GPU 1 has a total capacity of 139.80 GiB of which 12.31 GiB is free.
    torch.distributed.elastic.multiprocessing.errors.ChildFailedError:
    ============================================================
    Root Cause (first observed failure):
    [0]:
      time      : 2026-11-22_10:01:02
      host      : gpu-node-07
      rank      : 1 (local_rank: 1)
      exitcode  : 1 (pid: 5601)
      error_file: <N/A>
      traceback : To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html
    ============================================================
    """
}
