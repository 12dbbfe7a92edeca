import DSBenchCore

/// The health `--query-gpu` CSV (`InventoryCommands.healthQueryFields`, header with units): read by
/// `GPUQueryParser`, each field then renamed to the canonical key the `-q` forms use, so one rule
/// reads `remapped_rows.pending` whichever command reported it. A field without a canonical name
/// keeps its own (`utilization.gpu`).
public enum SmiHealthParser {
    public static func parse(_ bytes: [UInt8]) -> GPUHealthReport {
        bytes.withUnsafeBufferPointer(SmiHealthBytes.parse) ?? parse(GPUQueryParser.parse(bytes))
    }

    /// The readings of a table: a capture `SmiHealthBytes` does not read.
    static func parse(_ table: GPUQueryTable) -> GPUHealthReport {
        var report = GPUHealthReport(source: "smi-health", diagnostics: table.diagnostics)
        let fields = Fields(table.fieldNames)
        var placer = fields.placer
        for (position, record) in table.records.enumerated() {
            var snapshot = GPUHealthSnapshot(index: record.index ?? position, pciBusID: record.string("pci.bus_id"))
            snapshot.values.reserveCapacity(fields.all.count)
            placer.begin()
            for field in fields.all {
                guard let value = record.string(field.name), !GPUHealthKey.isAbsent(value.trimmedSpaces) else { continue }
                placer.place(GPUHealthSnapshot.reading(field.key, String(value.trimmedSpaces)), slot: field.slot, in: &snapshot)
            }
            report.gpus.append(snapshot)
        }
        return report
    }

    /// The fields a snapshot's readings come from: all but `index` and `pci.bus_id`, each with its
    /// canonical key. Renamed once per parse, not per cell: `replacingAll`'s `contains` is
    /// Foundation's string search, and per cell it was a fifth of the time (15.5 MB/s).
    struct Fields {
        /// `slot`: the key's place among the distinct keys (two fields can share one:
        /// `power.limit` and `enforced.power.limit`).
        let all: [(name: String, key: String, slot: Int)]
        let slots: Int

        init(_ fieldNames: [String]) {
            var slotOf: [String: Int] = [:]
            all = fieldNames.filter { $0 != "index" && $0 != "pci.bus_id" }.map { name in
                let key = canonical(name)
                return (name, key, slotOf[key] ?? { slotOf[key] = slotOf.count; return slotOf.count - 1 }())
            }
            slots = slotOf.count
        }

        var placer: Placer { Placer(placed: [Int](repeating: -1, count: slots)) }
    }

    /// A row's readings placed by slot, as `set` would place them, without its linear search of
    /// the snapshot's keys per reading (a tenth of the parse).
    struct Placer {
        var placed: [Int]

        mutating func begin() {
            for slot in placed.indices { placed[slot] = -1 }
        }

        mutating func place(_ reading: GPUHealthValue, slot: Int, in snapshot: inout GPUHealthSnapshot) {
            if placed[slot] >= 0 {
                snapshot.values[placed[slot]] = reading
            } else {
                placed[slot] = snapshot.values.count
                snapshot.values.append(reading)
            }
        }
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
