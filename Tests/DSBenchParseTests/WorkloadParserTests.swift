import DSBenchCore
@testable import DSBenchParse
import DSBenchReport
import DSBenchTestSupport
import Foundation
import Testing

@Suite struct WorkloadParserTests {
    static let ddpRules = [
        MetricRule(name: "samples_per_s", source: .regex(#"^step \d+ .*samples_per_s (?<samples_per_s>[0-9.]+)"#),
                   unit: "samples/s", direction: .higher, warmup: 5),
        MetricRule(name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#),
                   unit: "ms", direction: .lower, warmup: 5),
    ]

    /// torchrun of ddp_step.py on 8×H200: 30 step lines; the first 5 (with the 1776 ms first step)
    /// are warm-up. The script's own summary line says median_step_ms(steps>=5) 31.5.
    @Test func realTorchrunCaptureGivesThirtyStepsAndSummaries() throws {
        let bytes = Array(try Fixtures.data("h200-x8/h_ddp_step_torchrun.txt"))
        let report = WorkloadParser.parse(bytes, spec: WorkloadSpec(metrics: Self.ddpRules))
        #expect(report.failures.isEmpty)
        #expect(report.diagnostics.isEmpty)
        let sps = try #require(report.series.first { $0.rule.name == "samples_per_s" })
        let step = try #require(report.series.first { $0.rule.name == "step_ms" })
        #expect(sps.samples.count == 30)
        #expect(step.samples.count == 30)
        #expect(step.samples.first == 1775.8)
        #expect(step.dropped == 5)
        #expect(step.kept.count == 25)
        #expect(step.value(.median) == 31.5)
        #expect(abs((step.value(.p10) ?? 0) - 31.24) < 1e-9)
        #expect(abs((step.value(.p90) ?? 0) - 32.28) < 1e-9)
        #expect(step.value(.last) == 31.5)
        #expect(sps.value(.median) == 4063.4)
        #expect(step.lines.first == 6)   // "step 0 …" is line 6 of the capture

        let rows = report.metricValues
        #expect(rows.filter { $0.name == "step_ms" && $0.labels["sample"] != nil }.count == 25)
        #expect(rows.first { $0.name == "step_ms" && $0.labels["stat"] == "median" }?.value == 31.5)
        #expect(rows.first { $0.name == "step_ms" }?.labels == ["sample": "5"])
        #expect(rows.allSatisfy { $0.name != "step_ms" || ($0.unit == "ms" && $0.direction == .lower) })
    }

    @Test func jsonLinesAndNestedKeys() {
        let text = """
        {"step": 0, "tokens_per_s": 100, "mem": {"gib": 7.5}}
        not json
        {"step": 1, "tokens_per_s": "200.5", "mem": {"gib": 8}}
        {"step": 2, "tokens_per_s": true}
        {"step": 3, "tokens_per_s": 300
        """
        let rules = [MetricRule(name: "tokens_per_s", source: .jsonKey("tokens_per_s"), unit: "tok/s", direction: .higher,
                                summaries: [.mean, .max]),
                     MetricRule(name: "mem", source: .jsonKey("mem.gib"), unit: "GiB", direction: .lower, summaries: [.last])]
        let report = WorkloadParser.parse(Array(text.utf8), spec: WorkloadSpec(metrics: rules))
        #expect(report.series[0].samples == [100, 200.5])
        #expect(report.series[0].value(.mean) == 150.25)
        #expect(report.series[0].value(.max) == 200.5)
        #expect(report.series[1].samples == [7.5, 8])
        #expect(report.series[1].summaryValues.map(\.stat) == [.last])
    }

    @Test func regexWithoutNamedGroupTakesTheFirstGroupAndReportsBadNumbers() {
        let text = "lat 1.5\nlat 2.5\nlat x.y\nlat 3.5\n"
        let rules = [MetricRule(name: "latency", source: .regex(#"lat (\S+)"#), unit: "ms", direction: .lower, warmup: 1)]
        let report = WorkloadParser.parse(Array(text.utf8), spec: WorkloadSpec(metrics: rules))
        #expect(report.series[0].samples == [1.5, 2.5, 3.5])
        #expect(report.series[0].value(.median) == 3.0)
        #expect(report.diagnostics.contains { $0.line == 3 && $0.message.contains("'x.y' is not a number") })
    }

    @Test func missingMetricAndAllWarmupAreDiagnosed() {
        let rules = [MetricRule(name: "a", source: .regex(#"a=(?<a>\d+)"#), direction: .higher, warmup: 3),
                     MetricRule(name: "b", source: .regex(#"b=(?<b>\d+)"#), direction: .higher),
                     MetricRule(name: "c", source: .regex(#"(?<c"#), direction: .higher)]
        let report = WorkloadParser.parse(Array("a=1\na=2\n".utf8), spec: WorkloadSpec(metrics: rules))
        #expect(report.series[0].summaryValues.isEmpty)
        #expect(report.diagnostics.contains { $0.message.contains("all 2 samples are warm-up") })
        #expect(report.diagnostics.contains { $0.message.contains("metric 'b': no line matched") })
        #expect(report.diagnostics.contains { $0.message.contains("metric 'c': the pattern does not compile") })
    }

    /// The message PyTorch raises (c10/cuda/CUDACachingAllocator.cpp), as torchrun relays it with
    /// its `[rankN]:` prefix, followed by torchrun's ChildFailedError report.
    static let oomLog = """
    [rank1]: Traceback (most recent call last):
    [rank1]:   File "/work/ddp_step.py", line 190, in <module>
    [rank1]:     sys.exit(main())
    [rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 64.00 GiB. GPU 1 has a total capacity of 139.80 GiB of which 12.31 GiB is free. Including non-PyTorch memory, this process has 127.48 GiB memory in use. Of the allocated memory 126.00 GiB is allocated by PyTorch, and 1.07 GiB is reserved by PyTorch but unallocated.
    W1122 10:01:02.123000 5582 torch/distributed/elastic/multiprocessing/api.py:908] Sending process 5600 closing signal SIGTERM
    E1122 10:01:02.456000 5582 torch/distributed/elastic/multiprocessing/api.py:882] failed (exitcode: 1) local_rank: 1 (pid: 5601) of binary: /opt/torch/.venv/bin/python3
    Traceback (most recent call last):
      File "/opt/torch/.venv/bin/torchrun", line 10, in <module>
        sys.exit(main())
    torch.distributed.elastic.multiprocessing.errors.ChildFailedError:
    ============================================================
    ddp_step.py FAILED
    ------------------------------------------------------------
    Failures:
      <NO_OTHER_FAILURES>
    ------------------------------------------------------------
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

    @Test func outOfMemoryIsClassifiedWithTheFirstFailedRank() {
        let report = WorkloadParser.parse(Array(Self.oomLog.utf8), spec: nil)
        #expect(report.failures.map(\.kind) == [.outOfMemory, .launcher])
        #expect(report.failures[0].rank == 1)
        #expect(report.failures[0].line == 4)
        #expect(report.failures[0].message.hasPrefix("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 64.00 GiB"))
        #expect(report.failures[1].rank == 1)
        #expect(report.failures[1].message == "torchrun: first failure: rank 1 (local_rank 1) on gpu-node-07 exit code 1")
        let summary = report.failureSummary ?? ""
        #expect(summary.hasPrefix("CUDA out of memory (line 4: torch.OutOfMemoryError"))
        #expect(summary.hasSuffix("; torchrun: first failure: rank 1 (local_rank 1) on gpu-node-07 exit code 1"))
    }

    @Test func ncclWatchdogTimeoutAndErrors() {
        let text = """
        [rank3]:[E1122 10:11:00.000000000 ProcessGroupNCCL.cpp:632] [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=42, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600011 milliseconds before timing out.
        gpu-node-07:5601:5690 [3] NCCL WARN NET/IB : Got completion from peer 10.0.0.8<46512> with status=12 opcode=0 len=0 vendor err 129 (Recv) localGid ::ffff:10.0.0.7
        torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:317, remote process exited or there was a network error, NCCL version 2.28.9
        ncclRemoteError: A call failed possibly due to a network error or a remote process exiting prematurely.
        """
        let report = WorkloadParser.parse(Array(text.utf8), spec: nil)
        #expect(report.failures.map(\.kind) == [.ncclTimeout, .ncclError, .ncclError, .ncclError])
        #expect(report.failures[0].rank == 3)
        #expect(report.failureSummary?.hasPrefix("NCCL collective timed out (watchdog) (line 1:") == true)
        #expect(report.failureSummary?.hasSuffix(" on rank 3") == true)
    }

    @Test func killedBySignalFromTorchrunsReport() {
        let text = """
        W1122 10:20:00.000000 77 torch/distributed/elastic/agent/server/api.py:719] Received Signals.SIGTERM death signal, shutting down workers
        E1122 10:20:01.000000 77 torch/distributed/elastic/multiprocessing/api.py:882] failed (exitcode: -9) local_rank: 0 (pid: 80) of binary: /usr/bin/python3
        torch.distributed.elastic.multiprocessing.errors.ChildFailedError:
        ============================================================
        Root Cause (first observed failure):
        [0]:
          time      : 2026-11-22_10:20:01
          host      : node-a
          rank      : 4 (local_rank: 0)
          exitcode  : -9 (pid: 80)
          error_file: <N/A>
          traceback : Signal 9 (SIGKILL) received by PID 80
        ============================================================
        """
        let report = WorkloadParser.parse(Array(text.utf8), spec: nil)
        #expect(report.failures.first?.kind == .killedBySignal)
        #expect(report.failures.first?.signal == 9)
        let launcher = report.failures.first { $0.kind == .launcher }
        #expect(launcher?.rank == 4)
        #expect(launcher?.signal == 9)
        #expect(launcher?.message == "torchrun: first failure: rank 4 (local_rank 0) on node-a killed by signal 9")
        #expect(report.failureSummary?.hasPrefix("worker killed by signal 9") == true)
    }

    @Test func absurdExitCodesAreNotSignals() {
        let text = "ChildFailedError:\nRoot Cause (first observed failure):\n  rank      : 2 (local_rank: 2)\n"
            + "  exitcode  : -9223372036854775808 (pid: 1)\n=====\n"
        let report = WorkloadParser.parse(Array(text.utf8), spec: nil)
        #expect(report.failures.map(\.kind) == [.launcher])
        #expect(report.failures[0].signal == nil)
        #expect(report.failures[0].rank == 2)
    }

    @Test func healthyRunHasNoFailuresAndWorkloadJSONRenders() throws {
        let bytes = Array(try Fixtures.data("h200-x8/h_ddp_step_torchrun.txt"))
        let report = WorkloadParser.parse(bytes, spec: WorkloadSpec(metrics: Self.ddpRules))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(WorkloadParseJSON.render(report).utf8)) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        #expect(metrics.count == 2)
        #expect((metrics[1]["summary"] as? [String: Any])?["median"] as? Double == 31.5)
        #expect((json["failures"] as? [Any])?.isEmpty == true)
        #expect(json["summary"] is NSNull)
    }

    @Test func dispatchRoutesTheNewKinds() throws {
        let trace = Array(try Fixtures.data("h200-x8/ddp_trace_rank0_steps20-24.json.gz"))
        guard case .torchTrace(let t) = Parsers.parse(.torchTrace, trace) else { Issue.record("not a trace"); return }
        #expect(t.devices.count == 1)
        guard case .workload(let w) = Parsers.parse(.workloadLog, Array(Self.oomLog.utf8)) else { Issue.record("not a workload"); return }
        #expect(w.failures.first?.kind == .outOfMemory)
        guard case .workload(let m) = Parsers.parse(.workload, Array("step 1 step_ms 3\n".utf8),
                                                     workload: WorkloadSpec(metrics: Self.ddpRules)) else { return }
        #expect(m.series[1].samples == [3])
    }

    @Test func arbitraryBytesNeverCrash() {
        var generator = SmiSplitMix64(seed: 0x3017)   // a fixed seed, so a crash found here reproduces
        let seed = Array(Self.oomLog.utf8)
        for _ in 0..<200 {
            var sample = Array(seed.prefix(Int.random(in: 0...seed.count, using: &generator)))
            for _ in 0..<6 where !sample.isEmpty {
                sample[Int.random(in: 0..<sample.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = WorkloadParser.parse(sample, spec: WorkloadSpec(metrics: Self.ddpRules))
        }
    }
}
