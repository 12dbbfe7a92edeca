import DSBenchAnalyze
import DSBenchCore
import DSBenchParse
import DSBenchTestSupport
import Foundation
import Testing

/// Each GPU health rule on the real 1×H200 captures (nothing fires) and on the edited variant
/// that carries its fault (Tests/Fixtures/health/README.md).
@Suite struct GPUHealthRuleTests {
    static let node = "vm"

    static func states(_ kind: ParserKind, _ name: String, capture: Int64 = 1) throws -> [HealthGPUState] {
        guard case .gpuHealth(let report) = Parsers.parse(kind, Array(try Fixtures.data("health/" + name))) else {
            Issue.record("\(name) did not parse as GPU health"); return []
        }
        return HealthGPUState.from(report, node: node, stepKey: "inventory#0@vm", capture: capture)
    }

    static func events(_ name: String, capture: Int64 = 1) throws -> [HealthKernelEvent] {
        guard case .kernelLog(let report) = Parsers.parse(.kernelLog, Array(try Fixtures.data("health/" + name))) else {
            Issue.record("\(name) did not parse as a kernel log"); return []
        }
        return HealthKernelEvent.from(report, node: node, stepKey: "inventory#0@vm", capture: capture)
    }

    static func findings(_ input: HealthInput, _ rule: String) -> [Finding] {
        HealthCheck.run(input).filter { $0.rule == rule }
    }

    static func real() throws -> HealthInput {
        var input = HealthInput(gpus: HealthGPU.from(GPUQueryParser.parse(Array(try Fixtures.data("h200-x1/query-gpu.txt"))), node: node))
        input.gpuStates = try states(.smiQ, "smi_q_ecc.txt", capture: 1) + states(.smiQ, "smi_q_perf.txt", capture: 2)
            + states(.smiHealth, "smi_query_health.txt", capture: 3) + states(.smiQ, "nvidia-smi-q-x.txt", capture: 4)
        input.kernelEvents = try events("dmesg_nvrm.txt")
        return input
    }

    @Test func realCapturesFireNothing() throws {
        let input = try Self.real()
        #expect(HealthCheck.run(input).filter { $0.rule.hasPrefix("gpu.") || $0.rule.hasPrefix("nvswitch.") } == [])
        var eight = HealthInput()
        guard case .gpuHealth(let report) = Parsers.parse(.smiQ, Array(try Fixtures.data("h200-x8/a_nvidia-smi-q-x.txt"))) else {
            Issue.record("8-GPU XML"); return
        }
        eight.gpuStates = HealthGPUState.from(report, node: "h200x8")
        #expect(HealthCheck.run(eight) == [])
    }

    @Test func uncorrectableECCFires() throws {
        var input = try Self.real()
        input.gpuStates += try Self.states(.smiQ, "edited_smi_q_ecc_dram_uncorrectable.txt", capture: 9)
        let found = Self.findings(input, "gpu.ecc_uncorrectable")
        #expect(found.count == 1)
        #expect(found.first?.severity == .critical && found.first?.gpu == 0 && found.first?.node == "vm")
        #expect(found.first?.message == "GPU 0 on vm has 2 uncorrectable ECC error(s) since its last reset")
        #expect(found.first?.evidence.contains("ecc.volatile.dram_uncorrectable = 2") == true)
        #expect(RuleClasses.of("gpu.ecc_uncorrectable") == .degraded)
        // The CSV form: `ecc.errors.uncorrected.volatile.total` 3.
        var csv = HealthInput()
        csv.gpuStates = try Self.states(.smiHealth, "edited_smi_query_health_faults.txt")
        #expect(Self.findings(csv, "gpu.ecc_uncorrectable").first?.observed == 3)
    }

    @Test func aggregateOnlyECCIsAWarning() throws {
        var input = HealthInput()
        input.gpuStates = [HealthGPUState(node: "vm", index: 0, capture: 1, source: "smi-q",
                                          values: ["ecc.aggregate.dram_uncorrectable": GPUHealthValue(key: "ecc.aggregate.dram_uncorrectable", text: "1"),
                                                   "ecc.volatile.dram_uncorrectable": GPUHealthValue(key: "ecc.volatile.dram_uncorrectable", text: "0")])]
        let found = Self.findings(input, "gpu.ecc_uncorrectable")
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message.contains("in its lifetime") == true)
    }

    @Test func pendingRemapFires() throws {
        var input = try Self.real()
        #expect(Self.findings(input, "gpu.row_remap_pending") == [])
        input.gpuStates += try Self.states(.smiQ, "edited_smi_q_ecc_remap_pending.txt", capture: 9)
        let found = Self.findings(input, "gpu.row_remap_pending")
        #expect(found.map(\.severity) == [.critical])
        #expect(found.first?.evidence.contains("remapped_rows.uncorrectable = 1") == true)
        // The XML form fires the same rule, and its ECC count too.
        var xml = HealthInput()
        xml.gpuStates = try Self.states(.smiQ, "edited_nvidia-smi-q-x_remap_ecc.txt")
        #expect(Self.findings(xml, "gpu.row_remap_pending").count == 1)
        #expect(Self.findings(xml, "gpu.ecc_uncorrectable").count == 1)
    }

    @Test func remapFailureFires() throws {
        var input = try Self.real()
        #expect(Self.findings(input, "gpu.row_remap_failed") == [])
        input.gpuStates += try Self.states(.smiQ, "edited_smi_q_ecc_remap_failure.txt", capture: 9)
        #expect(Self.findings(input, "gpu.row_remap_failed").map(\.severity) == [.critical])
    }

    @Test func aRemapClearedByResetNoLongerFires() throws {
        // Pending in the first capture, cleared (a reset) in the last: the newest reading wins.
        var input = HealthInput()
        input.gpuStates = try Self.states(.smiQ, "edited_smi_q_ecc_remap_pending.txt", capture: 1)
            + Self.states(.smiQ, "smi_q_ecc.txt", capture: 2)
        #expect(Self.findings(input, "gpu.row_remap_pending") == [])
    }

    @Test func retiredPagesPendingFires() throws {
        var input = HealthInput()
        let value = { (text: String) in ["retired_pages.pending": GPUHealthValue(key: "retired_pages.pending", text: text)] }
        input.gpuStates = [HealthGPUState(node: "vm", index: 2, capture: 1, source: "smi-health", values: value("No"))]
        #expect(Self.findings(input, "gpu.retired_pages_pending") == [])
        input.gpuStates[0].values = value("Yes")
        let found = Self.findings(input, "gpu.retired_pages_pending")
        #expect(found.map(\.gpu) == [2] && found.first?.severity == .warning)
    }

    @Test func hardwareSlowdownFires() throws {
        var input = try Self.real()
        #expect(Self.findings(input, "gpu.clock_slowdown") == [])
        input.gpuStates += try Self.states(.smiQ, "edited_smi_q_perf_hw_slowdown.txt", capture: 9)
        let found = Self.findings(input, "gpu.clock_slowdown")
        #expect(found.map(\.message) == [
            "GPU 0 on vm: HW slowdown, HW thermal slowdown active",
            "GPU 0 on vm spent 1.84 s in HW thermal slowdown between two captures of the run",
        ])
        #expect(found.allSatisfy { $0.severity == .warning && RuleClasses.of($0.rule) == .degraded })
    }

    @Test func nvlinkErrorsRisingFire() throws {
        var input = HealthInput()
        input.gpuStates = try Self.states(.nvlinkErrors, "built_nvlink_e.txt", capture: 1)
        #expect(Self.findings(input, "gpu.nvlink_errors") == [])
        input.gpuStates += try Self.states(.nvlinkErrors, "built_nvlink_e_rising.txt", capture: 2)
        let found = Self.findings(input, "gpu.nvlink_errors")
        #expect(found.count == 1 && found.first?.gpu == 1)
        #expect(found.first?.message == "GPU 1 on vm: NVLink errors rose during the run on 1 link(s)")
        #expect(found.first?.observed == 41)
        // The same counts in both captures: not rising, nothing.
        input.gpuStates = try Self.states(.nvlinkErrors, "built_nvlink_e_rising.txt", capture: 1)
            + Self.states(.nvlinkErrors, "built_nvlink_e_rising.txt", capture: 2)
        #expect(Self.findings(input, "gpu.nvlink_errors") == [])
        // One capture only: non-zero counters fire.
        input.gpuStates = try Self.states(.nvlinkErrors, "built_nvlink_e_rising.txt", capture: 1)
        #expect(Self.findings(input, "gpu.nvlink_errors").first?.message.contains("since the driver loaded") == true)
    }

    @Test func xid79IsCriticalAndNamesTheGPU() throws {
        var input = try Self.real()
        #expect(Self.findings(input, "gpu.xid") == [])
        input.kernelEvents = try Self.events("edited_dmesg_xid79.txt")
        let found = Self.findings(input, "gpu.xid")
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.severity == .critical && finding.gpu == 0)
        #expect(finding.message == "Xid 79 on vm GPU 0 (PCI 0000:00:06): GPU has fallen off the bus")
        #expect(finding.evidence.hasPrefix("[8123.456789] Xid (PCI:0000:00:06): 79, pid=0, GPU has fallen off the bus."))
        #expect(finding.hint?.contains("drain the node") == true)
        #expect(HealthCheck.run(input).first?.rule == "gpu.xid")
    }

    @Test func xidSeenTwiceCountsOnce() throws {
        var input = try Self.real()
        // Before and after the load, or dmesg and journalctl: the same line in two captures.
        input.kernelEvents = try Self.events("edited_dmesg_xid79.txt", capture: 1) + Self.events("edited_dmesg_xid79.txt", capture: 2)
        let found = Self.findings(input, "gpu.xid")
        #expect(found.count == 1 && found.first?.message.contains("times") == false)
    }

    @Test func everyTimestampFormAndSXid() throws {
        var input = HealthInput()
        input.kernelEvents = try Self.events("built_kernel_log_forms.txt")
        let xids = Self.findings(input, "gpu.xid")
        #expect(Set(xids.compactMap(\.observed)) == [79, 13, 31, 43, 94])
        #expect(xids.first { $0.observed == 13 }?.severity == .warning)
        #expect(xids.first { $0.observed == 94 }?.severity == .critical)
        let sxids = Self.findings(input, "nvswitch.sxid")
        #expect(sxids.map(\.severity).sorted() == [.warning, .critical])
    }

    @Test func catalogueCoversTheIssueCodes() {
        for code in [13, 31, 43, 45, 48, 61, 62, 63, 64, 74, 79, 92, 94, 95, 119, 120] {
            let info = XidCatalogue.info(code)
            #expect(info != nil, "Xid \(code)")
            #expect((info?.action.count ?? 0) > 20)
        }
        #expect(XidCatalogue.info(79)?.severity == .critical && XidCatalogue.info(13)?.hardware == false)
        var input = HealthInput()
        input.kernelEvents = [HealthKernelEvent(node: "n", event: KernelXidEvent(kind: .xid, code: 9999, detail: "new", line: 1))]
        #expect(Self.findings(input, "gpu.xid").first?.message.contains("not in dsbench's Xid catalogue") == true)
    }

    @Test func newRulesAreListedAndDegraded() {
        for id in ["gpu.ecc_uncorrectable", "gpu.row_remap_pending", "gpu.row_remap_failed", "gpu.retired_pages_pending",
                   "gpu.clock_slowdown", "gpu.nvlink_errors", "gpu.xid", "nvswitch.sxid"] {
            #expect(HealthRules.rule(id) != nil, "\(id)")
            #expect(RuleClasses.defaults[id] == .degraded, "\(id)")
        }
    }
}
