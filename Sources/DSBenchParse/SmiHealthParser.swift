import DSBenchCore

/// The health `--query-gpu` CSV (`InventoryCommands.healthQueryFields`, header with units): read by
/// `GPUQueryParser`, each field then renamed to the canonical key the `-q` forms use, so one rule
/// reads `remapped_rows.pending` whichever command reported it. A field without a canonical name
/// keeps its own (`utilization.gpu`).
public enum SmiHealthParser {
    public static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        let table = GPUQueryParser.parse(bytes)
        var report = GPUHealthReport(source: "smi-health", diagnostics: table.diagnostics)
        // Renamed once per parse, not per cell: `replacingAll`'s `contains` is Foundation's
        // string search, and per cell it was a fifth of the time (15.5 MB/s).
        let names = table.fieldNames.filter { $0 != "index" && $0 != "pci.bus_id" }
        let keys = names.map(canonical)
        // Each key's slot among the distinct keys (two fields can share one: `power.limit` and
        // `enforced.power.limit`): a row's readings are placed by slot, as `set` would place them,
        // without its linear search of the snapshot's keys per reading (a tenth of the parse).
        var slotOf: [String: Int] = [:]
        let fields = zip(names, keys).map { name, key in
            (name: name, key: key, slot: slotOf[key] ?? { slotOf[key] = slotOf.count; return slotOf.count - 1 }())
        }
        var placed = [Int](repeating: -1, count: slotOf.count)
        for (position, record) in table.records.enumerated() {
            var snapshot = GPUHealthSnapshot(index: record.index ?? position, pciBusID: record.string("pci.bus_id"))
            snapshot.values.reserveCapacity(fields.count)
            for slot in placed.indices { placed[slot] = -1 }
            for field in fields {
                guard let value = record.string(field.name), !GPUHealthKey.isAbsent(value.trimmedSpaces) else { continue }
                let reading = GPUHealthSnapshot.reading(field.key, String(value.trimmedSpaces))
                if placed[field.slot] >= 0 {
                    snapshot.values[placed[field.slot]] = reading
                } else {
                    placed[field.slot] = snapshot.values.count
                    snapshot.values.append(reading)
                }
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
