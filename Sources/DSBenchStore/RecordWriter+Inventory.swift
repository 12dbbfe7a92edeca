import Foundation
import DSBenchCore
import GRDB

extension RecordWriter {
    /// One row per GPU with the typed columns DESIGN.md asks for, plus every field as JSON.
    func writeQueryGPU(_ table: GPUQueryTable, _ origin: Origin) throws -> [Diagnostic] {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO inventory_gpus (run_id, step_id, artifact_id, node, gpu_index, name, uuid, pci_bus_id,
                driver_version, vbios_version, memory_total_mib, pcie_gen_current, pcie_gen_max,
                pcie_width_current, pcie_width_max, compute_cap, persistence_mode, power_limit_w,
                clocks_max_sm_mhz, clocks_max_mem_mhz, fields, unavailable)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var notes: [Diagnostic] = []
        for (position, record) in table.records.enumerated() {
            let all = record.fields
            let fields = QueryFields(all)
            let index: Int
            if let parsed = fields.integer("index") {
                index = parsed
            } else {
                // Rows come in enumeration order, so the position is the index when it was not queried.
                index = position
                notes.append(Diagnostic(.warning, line: record.line,
                                        "GPU row without an index field; stored as GPU \(position) (its position)"))
            }
            let values: [DatabaseValue] = [
                runID.databaseValue, Bind.integer(origin.stepID), origin.artifactID.databaseValue,
                origin.node.databaseValue, Int64(index).databaseValue,
                Bind.text(fields.text("name")), Bind.text(fields.text("uuid")), Bind.text(fields.text("pci.bus_id")),
                Bind.text(fields.text("driver_version")), Bind.text(fields.text("vbios_version")),
                Bind.real(fields.number("memory.total")),
                Bind.integer(fields.integer("pcie.link.gen.current", "pcie.link.gen.gpucurrent")),
                Bind.integer(fields.integer("pcie.link.gen.max", "pcie.link.gen.gpumax")),
                Bind.integer(fields.integer("pcie.link.width.current")),
                Bind.integer(fields.integer("pcie.link.width.max")),
                Bind.text(fields.text("compute_cap")), Bind.text(fields.text("persistence_mode")),
                Bind.real(fields.number("power.limit", "enforced.power.limit")),
                Bind.real(fields.number("clocks.max.sm", "clocks.max.sm_clock")),
                Bind.real(fields.number("clocks.max.memory", "clocks.max.mem", "clocks.max.memory_clock")),
                JSONText.object(sortedOptional: all).databaseValue,
                JSONText.object(sorted: record.unavailable).databaseValue,
            ]
            insert.setUncheckedArguments(StatementArguments(values))
            try insert.execute()
        }
        return notes
    }
}

/// Field lookup that accepts header names with a unit suffix (`memory.total [MiB]`) and values
/// that still carry their unit (`81559 MiB`, `700.00 W`).
private struct QueryFields {
    private var byName: [String: String?] = [:]

    init(_ fields: [String: String?]) {
        for (name, value) in fields {
            var key = name.trimmedSpaces
            if let bracket = key.firstIndex(of: "[") { key = key[..<bracket].trimmedSpaces }
            byName[String(key)] = value
        }
    }

    /// First present value among the aliases; plain `N/A` counts as absent.
    func text(_ names: String...) -> String? { first(names) }

    func number(_ names: String...) -> Double? {
        guard let raw = first(names) else { return nil }
        let token = raw.split(separator: " ").first.map(String.init) ?? raw
        guard let value = Double(token), value.isFinite else { return nil }
        return value
    }

    func integer(_ names: String...) -> Int? {
        guard let raw = first(names) else { return nil }
        let token = raw.split(separator: " ").first.map(String.init) ?? raw
        if let value = Int(token) { return value }
        guard let value = Double(token), let exact = Int(exactly: value) else { return nil }
        return exact
    }

    private func first(_ names: [String]) -> String? {
        for name in names {
            if let value = byName[name] ?? nil {
                let trimmed = value.trimmedSpaces
                if !trimmed.isEmpty, trimmed != "N/A" { return String(trimmed) }
            }
        }
        return nil
    }
}
