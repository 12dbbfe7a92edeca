// The parser as it was on main (4c8082f), before the parsers branch made it faster; kept verbatim
// but renamed: ParserEquivalenceTests.swift compares the new one with it.
@testable import DSBenchParse

import DSBenchCore

/// The health `--query-gpu` CSV (`InventoryCommands.healthQueryFields`, header with units): read by
/// `GPUQueryParser`, each field then renamed to the canonical key the `-q` forms use, so one rule
/// reads `remapped_rows.pending` whichever command reported it. A field without a canonical name
/// keeps its own (`utilization.gpu`).
enum ReferenceSmiHealthParser {
    static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        let table = ReferenceGPUQueryParser.parse(bytes)
        var report = GPUHealthReport(source: "smi-health", diagnostics: table.diagnostics)
        for (position, record) in table.records.enumerated() {
            var snapshot = GPUHealthSnapshot(index: record.index ?? position, pciBusID: record.string("pci.bus_id"))
            for name in table.fieldNames where name != "index" && name != "pci.bus_id" {
                guard let value = record.string(name), !GPUHealthKey.isAbsent(value.trimmedSpaces) else { continue }
                snapshot.set(canonical(name), String(value.trimmedSpaces))
            }
            report.gpus.append(snapshot)
        }
        return report
    }

    static func canonical(_ field: String) -> String {
        let name = field.replacingAll("throttle", with: "event")
        if let known = renamed[name] { return known }
        if name.hasPrefix("clocks_event_reasons.") {
            let reason = String(name.dropFirst("clocks_event_reasons.".count))
            return "clocks_event." + (reason == "gpu_idle" ? "idle" : reason)
        }
        return name
    }

    private static let renamed: [String: String] = [
        "clocks_event_reasons.active": "clocks_event.active_mask",
        "clocks_event_reasons.hw_power_brake_slowdown": "clocks_event.hw_power_brake_slowdown",
        "ecc.mode.current": "ecc.mode.current", "ecc.mode.pending": "ecc.mode.pending",
        "ecc.errors.uncorrected.volatile.total": "ecc.volatile.uncorrected_total",
        "ecc.errors.corrected.volatile.total": "ecc.volatile.corrected_total",
        "ecc.errors.uncorrected.aggregate.total": "ecc.aggregate.uncorrected_total",
        "ecc.errors.corrected.aggregate.total": "ecc.aggregate.corrected_total",
        "retired_pages.sbe": "retired_pages.single_bit", "retired_pages.single_bit_ecc.count": "retired_pages.single_bit",
        "retired_pages.dbe": "retired_pages.double_bit", "retired_pages.double_bit.count": "retired_pages.double_bit",
        "remapped_rows.correctable": "remapped_rows.correctable", "remapped_rows.uncorrectable": "remapped_rows.uncorrectable",
        "power.draw.average": "power.draw_average", "power.draw.instant": "power.draw_instant",
        "power.limit": "power.limit", "enforced.power.limit": "power.limit",
        "clocks.current.sm": "clocks.sm", "clocks.sm": "clocks.sm",
        "clocks.current.memory": "clocks.mem", "clocks.mem": "clocks.mem",
        "clocks.current.graphics": "clocks.graphics", "clocks.gr": "clocks.graphics",
        "pcie.link.gen.current": "pcie.link_gen_current", "pcie.link.width.current": "pcie.link_width_current",
        "temperature.memory": "temperature.memory", "temperature.gpu": "temperature.gpu",
    ]
}
