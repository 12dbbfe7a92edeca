import DSBenchCore
@testable import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// Captures from the 2×H200 validation run (docs/validation.md, "Workloads"): what dsbench stored
/// there must be what the parsers make of the same bytes here, checked against hand computations.
@Suite struct WorkloadGPUCaptureTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Fixtures.data("h200-x2-workload/" + name))
    }

    @Test func tinyDDPStdoutWithTheShippedSuitesRules() throws {
        let rules = [
            MetricRule(name: "step_ms", source: .regex(#"^step \d+ .*step_ms (?<step_ms>[0-9.]+)"#), unit: "ms",
                       direction: .lower, warmup: 5),
            MetricRule(name: "max_mem_gib", source: .jsonKey("max_mem_gib"), unit: "GiB", direction: .lower,
                       summaries: [.last]),
        ]
        let report = WorkloadParser.parse(try Self.bytes("tiny_ddp_stdout.txt"), spec: WorkloadSpec(metrics: rules))
        #expect(report.failures.isEmpty)
        let step = report.series[0]
        #expect(step.samples.count == 40)
        #expect(step.samples.first == 297.48)   // first step: NCCL init and CUDA warm-up
        #expect(step.kept.count == 35)
        // Sorted kept samples: the 18th of 35 is the median; p10 sits at rank 3.4, p90 at rank 30.6.
        #expect(step.value(.median) == 5.41)
        #expect(abs((step.value(.p10) ?? 0) - 4.584) < 1e-9)
        #expect(abs((step.value(.p90) ?? 0) - 8.162) < 1e-9)
        #expect(step.value(.last) == 5.85)
        #expect(report.series[1].samples == [1.823])
    }

    @Test func tinyDDPTraceMatchesTheSweepReference() throws {
        let gz = try Self.bytes("tiny_ddp_trace_rank0_steps10-14.json.gz")
        let report = TorchTraceParser.parse(gz)
        #expect(report.diagnostics.isEmpty)
        #expect(report.kernelEvents == 670)
        let device = try #require(report.devices.first)
        #expect(report.devices.map(\.device) == [0])
        // As stored on the GPU machine (metrics table of the validation run).
        #expect(abs(device.ncclMicroseconds - 10_026.047) < 1e-6)
        #expect(abs(device.computeMicroseconds - 8_721.928) < 1e-6)
        #expect(abs(device.overlapMicroseconds - 563.234) < 1e-6)
        #expect(abs(device.exposedCommMicroseconds - 9_462.813) < 1e-6)
        #expect(device.collectives["AllReduce"]?.count == 50)
        let reference = try SweepReference.compute(Data(Gunzip.inflate(gz, limit: 1 << 30).bytes))
        let expected = try #require(reference[0])
        #expect(abs(Int64((device.ncclMicroseconds * 1000).rounded()) - expected.nccl) <= 10)
        #expect(abs(Int64((device.computeMicroseconds * 1000).rounded()) - expected.compute) <= 10)
        #expect(abs(Int64((device.overlapMicroseconds * 1000).rounded()) - expected.overlap) <= 10)
    }

    @Test func realTorchrunOOMIsClassified() throws {
        let report = WorkloadParser.parse(try Self.bytes("oom_torchrun_stderr.txt"), spec: nil)
        #expect(report.failures.map(\.kind) == [.outOfMemory, .outOfMemory, .launcher])
        #expect(report.failures[0].line == 7)
        #expect(report.failures[0].message.contains("Tried to allocate 400.00 GiB. GPU 0"))
        #expect(report.failures[1].message.contains("GPU 1"))
        let launcher = report.failures[2]
        #expect(launcher.rank == 0, "root cause is rank 0, not rank 1 listed under 'Failures'")
        #expect(launcher.message == "torchrun: first failure: rank 0 (local_rank 0) on localhost exit code 1")
        #expect(report.failureSummary?.hasPrefix("CUDA out of memory (line 7: torch.OutOfMemoryError: CUDA out of memory.") == true)
    }
}
