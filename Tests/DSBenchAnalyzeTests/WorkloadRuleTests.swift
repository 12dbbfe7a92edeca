import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Testing

/// `workload.overlap_low` on the real profiler traces of two DDP jobs.
@Suite struct WorkloadRuleTests {
    static func devices(_ fixture: String, step: String) throws -> [HealthTraceDevice] {
        HealthTraceDevice.from(TorchTraceParser.parse(Array(try Fixtures.data(fixture))), stepKey: step, node: "n1")
    }

    static func overlapFindings(_ traces: [HealthTraceDevice], settings: HealthSettings = HealthSettings()) -> [Finding] {
        HealthCheck.run(HealthInput(settings: settings, traces: traces)).filter { $0.rule == "workload.overlap_low" }
    }

    @Test func aMostlyExposedAllReduceIsAdviceAndAWellOverlappedOneIsNot() throws {
        let tiny = try Self.devices("h200-x2-workload/tiny_ddp_trace_rank0_steps10-14.json.gz", step: "tiny-ddp#0@n1")
        let ddp = try Self.devices("h200-x8/ddp_trace_rank0_steps20-24.json.gz", step: "ddp#0@n1")
        let findings = Self.overlapFindings(tiny + ddp)
        #expect(findings.count == 1, "\(findings)")
        let finding = try #require(findings.first)
        #expect(finding.severity == .info && finding.node == "n1" && finding.gpu == 0 && finding.step == "tiny-ddp#0@n1")
        let overlap = try #require(tiny.first?.overlapPercent)
        #expect(overlap < 60 && finding.observed == overlap && finding.expected == 60)
        #expect(finding.message.hasPrefix("GPU 0 on n1: compute hid \(Num2.text(overlap)) % of NCCL kernel time during tiny-ddp#0@n1"),
                "\(finding.message)")
        #expect(finding.evidence.contains("µs of it exposed"), "\(finding.evidence)")
        #expect(!(finding.hint ?? "").isEmpty)

        // The threshold is the suite's to move: at 90 % the 83.9 % DDP step is advised too; at 0 nothing is.
        #expect(Self.overlapFindings(ddp, settings: HealthSettings(thresholds: ["workload.overlap_percent": 90])).count == 1)
        #expect(Self.overlapFindings(tiny, settings: HealthSettings(thresholds: ["workload.overlap_percent": 0])).isEmpty)
        #expect(Self.overlapFindings(tiny, settings: HealthSettings(disabledRules: ["workload.overlap_low"])).isEmpty)
    }

    @Test func aGPUWithoutNCCLKernelsHasNothingToOverlap() {
        let idle = HealthTraceDevice(stepKey: "ddp#0@n1", node: "n1", device: 1, ncclMicroseconds: 0, overlapPercent: 0,
                                     exposedCommMicroseconds: 0)
        #expect(Self.overlapFindings([idle]).isEmpty)
    }
}

/// The message's number format (two decimals at most, no trailing zeros).
enum Num2 {
    static func text(_ value: Double) -> String {
        var text = "\((value * 100).rounded() / 100)"
        while text.contains(".") && text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
