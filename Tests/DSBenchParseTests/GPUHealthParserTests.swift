import Foundation
import Testing
import DSBenchCore
import DSBenchTestSupport
@testable import DSBenchParse
import DSBenchReport

/// `smi-q` (text and XML), `smi-health`, `nvlink-errors` on the real 1×H200 and 8×H200 captures
/// and their edited variants (Tests/Fixtures/health/README.md).
@Suite struct GPUHealthParserTests {
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Fixtures.data("health/" + name)) }

    @Test func smiQueryECCText() throws {
        let report = SmiQuery.parse(try Self.bytes("smi_q_ecc.txt"))
        #expect(report.source == "smi-q")
        #expect(report.diagnostics.isEmpty)
        let gpu = try #require(report.gpus.first)
        #expect(report.gpus.count == 1)
        #expect(gpu.index == 0 && gpu.pciBusID == "00000000:00:06.0")
        #expect(gpu.text("ecc.mode.current") == "Enabled" && gpu.text("ecc.mode.pending") == "Enabled")
        #expect(gpu.number("ecc.volatile.dram_uncorrectable") == 0)
        #expect(gpu.number("ecc.aggregate.sram_uncorrectable_secded") == 0)
        #expect(gpu.text("ecc.aggregate.sram_threshold_exceeded") == "No")
        #expect(gpu.text("remapped_rows.pending") == "No" && gpu.text("remapped_rows.failure") == "No")
        #expect(gpu.number("remapped_rows.correctable") == 0)
        // `N/A` is no reading: retired pages do not apply to Hopper.
        #expect(gpu.value("retired_pages.single_bit") == nil && gpu.value("retired_pages.pending_blacklist") == nil)
    }

    @Test func smiQueryPerformanceText() throws {
        let gpu = try #require(SmiQuery.parse(try Self.bytes("smi_q_perf.txt")).gpus.first)
        #expect(gpu.text("performance_state") == "P0")
        #expect(gpu.text("clocks_event.hw_slowdown") == "Not Active")
        #expect(gpu.text("clocks_event.hw_thermal_slowdown") == "Not Active")
        #expect(gpu.text("clocks_event.hw_power_brake_slowdown") == "Not Active")
        #expect(gpu.text("clocks_event.sw_thermal_slowdown") == "Not Active")
        #expect(gpu.text("clocks_event.display_clocks_setting") == "Not Active")
        #expect(gpu.number("clocks_event_us.hw_thermal_slowdown") == 0)
        #expect(gpu.number("clocks_event_us.hw_power_brake") == 0)
        #expect(gpu.number("temperature.gpu") == 36 && gpu.number("temperature.memory") == 35)
        #expect(gpu.number("temperature.gpu_tlimit") == 51 && gpu.number("temperature.slowdown_tlimit") == -2)
        #expect(gpu.number("power.draw_average") == 127.89 && gpu.number("power.limit") == 700)
        #expect(gpu.number("clocks.sm") == 1980 && gpu.number("clocks.max_sm") == 1980 && gpu.number("clocks.mem") == 3201)
        // The Module Power Readings block is all N/A and must not overwrite the GPU's readings.
        #expect(gpu.values.filter { $0.key == "power.limit" }.count == 1)
    }

    @Test func twoLogsOfOneGPUAreOneSnapshot() throws {
        let both = try Self.bytes("smi_q_ecc.txt") + Self.bytes("smi_q_perf.txt")
        let report = SmiQuery.parse(both)
        #expect(report.gpus.count == 1)
        #expect(report.gpus[0].text("remapped_rows.pending") == "No" && report.gpus[0].number("temperature.gpu") == 36)
    }

    @Test func xmlOfOneGPUMatchesTheText() throws {
        let xml = try #require(SmiQuery.parse(try Self.bytes("nvidia-smi-q-x.txt")).gpus.first)
        let text = SmiQuery.parse(try Self.bytes("smi_q_ecc.txt") + Self.bytes("smi_q_perf.txt")).gpus[0]
        #expect(xml.pciBusID == "00000000:00:06.0")
        // The XML was captured an hour later, idle: the reason and readings differ, the keys agree.
        for key in ["ecc.mode.current", "ecc.volatile.dram_uncorrectable", "ecc.aggregate.sram_uncorrectable_parity",
                    "remapped_rows.pending", "remapped_rows.failure", "remapped_rows.correctable",
                    "clocks_event.hw_slowdown", "clocks_event.hw_thermal_slowdown", "clocks_event_us.hw_power_brake",
                    "clocks_event_us.sw_thermal_slowdown", "temperature.gpu_tlimit", "power.limit", "clocks.max_sm"] {
            #expect(xml.value(key) != nil, "XML lacks \(key)")
            #expect(text.value(key) != nil, "text lacks \(key)")
        }
        #expect(xml.text("clocks_event.idle") == "Active")
        #expect(xml.number("power.draw_average") == 80.93)
        #expect(xml.number("pcie.replay_counter") == 0)
        #expect(xml.value("retired_pages.single_bit") == nil)
    }

    @Test func eightGPUXML() throws {
        let report = SmiQuery.parse(Array(try Fixtures.data("h200-x8/a_nvidia-smi-q-x.txt")))
        #expect(report.source == "smi-q-xml")
        #expect(report.diagnostics.isEmpty)
        #expect(report.gpus.map(\.index) == Array(0..<8))
        #expect(Set(report.gpus.compactMap(\.pciBusID)).count == 8)
        #expect(report.gpus.allSatisfy { $0.text("remapped_rows.pending") == "No" && $0.number("ecc.volatile.dram_uncorrectable") == 0 })
        #expect(report.gpus.allSatisfy { $0.text("clocks_event.hw_slowdown") == "Not Active" })
    }

    @Test func editedVariantsCarryTheirFault() throws {
        let ecc = SmiQuery.parse(try Self.bytes("edited_smi_q_ecc_dram_uncorrectable.txt")).gpus[0]
        #expect(ecc.number("ecc.volatile.dram_uncorrectable") == 2 && ecc.number("ecc.aggregate.dram_uncorrectable") == 0)
        let pending = SmiQuery.parse(try Self.bytes("edited_smi_q_ecc_remap_pending.txt")).gpus[0]
        #expect(pending.value("remapped_rows.pending")?.isOn == true && pending.number("remapped_rows.uncorrectable") == 1)
        let failed = SmiQuery.parse(try Self.bytes("edited_smi_q_ecc_remap_failure.txt")).gpus[0]
        #expect(failed.value("remapped_rows.failure")?.isOn == true)
        let slow = SmiQuery.parse(try Self.bytes("edited_smi_q_perf_hw_slowdown.txt")).gpus[0]
        #expect(slow.value("clocks_event.hw_slowdown")?.isOn == true && slow.value("clocks_event.hw_power_brake_slowdown")?.isOn == false)
        #expect(slow.number("clocks_event_us.hw_thermal_slowdown") == 1_843_000)
        let xml = SmiQuery.parse(try Self.bytes("edited_nvidia-smi-q-x_remap_ecc.txt")).gpus[0]
        #expect(xml.value("remapped_rows.pending")?.isOn == true && xml.number("ecc.volatile.dram_uncorrectable") == 1)
    }

    @Test func healthQueryCSV() throws {
        let report = SmiHealthParser.parse(try Self.bytes("smi_query_health.txt"))
        #expect(report.diagnostics.isEmpty)
        let gpu = try #require(report.gpus.first)
        #expect(gpu.index == 0)
        #expect(gpu.number("clocks_event.active_mask") == 0)
        #expect(gpu.text("clocks_event.hw_slowdown") == "Not Active")
        #expect(gpu.number("ecc.volatile.uncorrected_total") == 0 && gpu.number("ecc.volatile.corrected_total") == 0)
        #expect(gpu.value("retired_pages.pending") == nil)
        #expect(gpu.text("remapped_rows.pending") == "No" && gpu.text("remapped_rows.failure") == "No")
        #expect(gpu.number("temperature.gpu") == 36 && gpu.number("power.draw") == 127.27)
        #expect(gpu.number("clocks.sm") == 1980 && gpu.number("pcie.link_width_current") == 16)
        let faults = SmiHealthParser.parse(try Self.bytes("edited_smi_query_health_faults.txt")).gpus[0]
        #expect(faults.number("clocks_event.active_mask") == 8 && faults.value("clocks_event.hw_slowdown")?.isOn == true)
        #expect(faults.number("ecc.volatile.uncorrected_total") == 3 && faults.value("remapped_rows.pending")?.isOn == true)
    }

    @Test func nvlinkErrorCounters() throws {
        let report = NvlinkErrorsParser.parse(try Self.bytes("built_nvlink_e.txt"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.gpus.map(\.index) == [0, 1])
        #expect(report.gpus[0].number("nvlink.link1.crc_errors") == 0)
        #expect(report.gpus[0].number("nvlink.link0.replay_errors") == 0)
        #expect(report.gpus[1].value("nvlink.link1.crc_errors") == nil)
        let rising = NvlinkErrorsParser.parse(try Self.bytes("built_nvlink_e_rising.txt"))
        #expect(rising.gpus[1].number("nvlink.link0.crc_errors") == 37 && rising.gpus[1].number("nvlink.link0.replay_errors") == 4)
    }

    @Test func notHealthOutputSaysSo() throws {
        let nccl = Array(try Fixtures.data("h200-x1/nccl_all_reduce_1gpu.txt"))
        #expect(SmiQuery.parse(nccl).gpus.isEmpty)
        #expect(SmiQuery.parse(nccl).diagnostics.first?.severity == .error)
        #expect(NvlinkErrorsParser.parse(nccl).diagnostics.first?.severity == .error)
        #expect(SmiQuery.parse(Array("<html><body>no</body></html>".utf8)).diagnostics.first?.severity == .error)
    }

    @Test func truncatedCapturesKeepWhatTheyHold() throws {
        let text = try Self.bytes("smi_q_ecc.txt")
        // Cut inside the Remapped Rows block: ECC is read, the cut is reported.
        let cut = Array(text.prefix(through: text.firstIndex(of: UInt8(ascii: "I"), after: 2100) ?? 2100))
        let report = SmiQuery.parse(cut)
        #expect(report.gpus.first?.number("ecc.volatile.dram_uncorrectable") == 0)
        #expect(report.diagnostics.contains { $0.message.contains("cut short") })
        let xml = try Self.bytes("nvidia-smi-q-x.txt")
        let cutXML = SmiQuery.parse(Array(xml.prefix(xml.count / 2)))
        #expect(cutXML.gpus.count == 1 && cutXML.gpus[0].text("ecc.mode.current") == "Enabled")
        #expect(cutXML.diagnostics.contains { $0.message.contains("cut short") })
    }
}

/// What `dsbench parse smi-q|kernel-log FILE` prints.
@Suite struct GPUHealthParseJSONTests {
    @Test func smiQAndKernelLogJSON() throws {
        let records = Parsers.parse(.smiQ, Array(try Fixtures.data("health/edited_smi_q_ecc_remap_pending.txt")))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ParseJSON.render(records).utf8)) as? [String: Any])
        let gpu = try #require((json["gpus"] as? [[String: Any]])?.first)
        let values = try #require(gpu["values"] as? [String: Any])
        #expect((values["remapped_rows.pending"] as? [String: Any])?["text"] as? String == "Yes")
        #expect((values["remapped_rows.uncorrectable"] as? [String: Any])?["number"] as? Double == 1)
        let log = Parsers.parse(.kernelLog, Array(try Fixtures.data("health/edited_dmesg_xid79.txt")))
        let logJSON = try #require(try JSONSerialization.jsonObject(with: Data(ParseJSON.render(log).utf8)) as? [String: Any])
        let event = try #require((logJSON["events"] as? [[String: Any]])?.first)
        #expect(event["code"] as? Int == 79 && event["kind"] as? String == "Xid" && event["pci_address"] as? String == "0000:00:06")
    }
}

private extension Array where Element == UInt8 {
    func firstIndex(of byte: UInt8, after start: Int) -> Int? {
        guard start < count else { return nil }
        return self[start...].firstIndex(of: byte)
    }
}
