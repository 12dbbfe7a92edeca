import DSBenchCore
import Foundation
import GRDB

/// Reads for analysis and reports. Rows come back in a stable order.
extension Store {
    /// In output order (`seq`).
    public func ncclResults(stepID: Int64) throws(StoreError) -> [NcclResultRow] {
        try read("reading the nccl results of step \(stepID)") { db in
            try NcclResultColumns.rows(try ncclResultsStatement(db, stepID: stepID), db: db)
        }
    }

    /// The step's rows in output order without their place: for a reader that holds every row
    /// of a large capture (the health pass), one array rather than the stored rows and a copy.
    public func ncclRows(stepID: Int64) throws(StoreError) -> [NcclTestsRow] {
        try ncclRows(stepIDs: [stepID])[0]
    }

    /// Each step's rows, as `ncclRows(stepID:)`, read in one transaction.
    public func ncclRows(stepIDs: [Int64]) throws(StoreError) -> [[NcclTestsRow]] {
        try read("reading the nccl results of \(stepIDs.count) step(s)") { db in
            try stepIDs.map { stepID in
                let count = try Int.fetchOne(db.cachedStatement(sql: Self.stepRowCount), arguments: [stepID]) ?? 0
                return try NcclResultColumns.rows(try ncclResultsStatement(db, stepID: stepID), db: db, reserving: count) { _, _, row in row }
            }
        }
    }

    /// How many rows each step has.
    public func ncclRowCounts(stepIDs: [Int64]) throws(StoreError) -> [Int] {
        try read("counting the nccl results of \(stepIDs.count) step(s)") { db in
            try stepIDs.map { try Int.fetchOne(db.cachedStatement(sql: Self.stepRowCount), arguments: [$0]) ?? 0 }
        }
    }

    /// A page of the step's rows in output order: those after `seq` (nil: from the first), at most
    /// `limit`, each with its seq, for a reader that walks a large step without holding it.
    public func ncclRows(stepID: Int64, afterSeq seq: Int?, limit: Int) throws(StoreError) -> [(seq: Int, row: NcclTestsRow)] {
        try read("reading the nccl results of step \(stepID)") { db in
            let statement = try db.cachedStatement(sql: """
                SELECT step_id, seq, size, count, type, redop, root, ip_present, sampled_at,
                       \(measurementColumns("oop")), \(measurementColumns("ip"))
                FROM nccl_results WHERE step_id = ? AND seq > ? ORDER BY seq LIMIT ?
                """)
            statement.setUncheckedArguments([stepID, seq ?? Int.min, limit])
            return try NcclResultColumns.rows(statement, db: db, reserving: limit) { _, seq, row in (seq: seq, row: row) }
        }
    }

    static let stepRowCount = "SELECT COUNT(*) FROM nccl_results WHERE step_id = ?"

    // Stepped through the C API: GRDB's Row decoding (a generic value conversion per cell) was
    // 15 % of ingesting a 64 MiB log, whose health pass reads its 185 k rows back. Cached, as every
    // statement read once per step: a prepare runs GRDB's authorizer, in Swift, for each column
    // it reads (about 0.6 M instructions for this one, callgrind), and `show` reads 16 steps.
    private func ncclResultsStatement(_ db: Database, stepID: Int64) throws -> Statement {
        let statement = try db.cachedStatement(sql: """
            SELECT step_id, seq, size, count, type, redop, root, ip_present, sampled_at,
                   \(measurementColumns("oop")), \(measurementColumns("ip"))
            FROM nccl_results WHERE step_id = ? ORDER BY seq
            """)
        statement.setUncheckedArguments([stepID])
        return statement
    }

    /// Ordered by node, round, GPU.
    public func dmonSamples(stepID: Int64) throws(StoreError) -> [DmonSampleRow] {
        try read("reading the dmon samples of step \(stepID)") { db in
            let columns = RecordWriter.dmonColumns
            var samples: [DmonSampleRow] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT step_id, node, seq, gpu, sampled_at, \(columns.joined(separator: ", ")), extra
                FROM dmon_samples WHERE step_id = ? ORDER BY node, seq, gpu, id
                """, arguments: [stepID])
            while let row = try cursor.next() {
                var values: [String: Double] = [:]
                for (offset, name) in columns.enumerated() {
                    if let value = row[5 + offset] as Double? { values[name] = value }
                }
                if let extra = JSONText.decode([String: Double?].self, row["extra"]) {
                    for case let (name, value?) in extra { values[name] = value }
                }
                samples.append(DmonSampleRow(stepID: row["step_id"], node: row["node"], seq: row["seq"],
                                             gpu: row["gpu"], sampledAt: row["sampled_at"], values: values))
            }
            return samples
        }
    }

    /// Ordered by node, GPU index, then insertion.
    public func inventoryGPUs(runID: Int64) throws(StoreError) -> [InventoryGPURow] {
        try inventoryGPUs(runID: runID, sql: "SELECT * FROM inventory_gpus WHERE run_id = ? ORDER BY node, gpu_index, id")
    }

    /// The latest row of each GPU (node and index) of a run, ordered by node and index: what the
    /// health rules judge. SQLite picks them, so an inventory of 578 000 rows (a 100 MB capture)
    /// is not decoded row by row to keep 8.
    public func latestInventoryGPUs(runID: Int64) throws(StoreError) -> [InventoryGPURow] {
        try inventoryGPUs(runID: runID, sql: """
            SELECT * FROM inventory_gpus WHERE id IN
                (SELECT max(id) FROM inventory_gpus WHERE run_id = ?1 GROUP BY node, gpu_index)
            ORDER BY node, gpu_index
            """)
    }

    /// The latest row of each GPU in each inventory step of a run, ordered by node, index and id:
    /// what the health rules and the before/after comparison read. SQLite picks them, so an
    /// inventory of 578 000 rows (a 100 MB looping capture) is not decoded row by row to keep 8 per step.
    public func inventorySnapshotGPUs(runID: Int64) throws(StoreError) -> [InventoryGPURow] {
        try inventoryGPUs(runID: runID, sql: """
            SELECT * FROM inventory_gpus WHERE id IN
                (SELECT max(id) FROM inventory_gpus WHERE run_id = ?1 GROUP BY node, step_id, gpu_index)
            ORDER BY node, gpu_index, id
            """)
    }

    private func inventoryGPUs(runID: Int64, sql: String) throws(StoreError) -> [InventoryGPURow] {
        try read("reading the GPU inventory of run \(runID)") { db in
            try Row.fetchAll(db, sql: sql, arguments: [runID]).map { row in
                InventoryGPURow(
                    stepID: row["step_id"], node: row["node"], index: row["gpu_index"], name: row["name"],
                    uuid: row["uuid"], pciBusID: row["pci_bus_id"], driverVersion: row["driver_version"],
                    vbiosVersion: row["vbios_version"], memoryTotalMiB: row["memory_total_mib"],
                    pcieGenCurrent: row["pcie_gen_current"], pcieGenMax: row["pcie_gen_max"],
                    pcieWidthCurrent: row["pcie_width_current"], pcieWidthMax: row["pcie_width_max"],
                    computeCap: row["compute_cap"], persistenceMode: row["persistence_mode"],
                    powerLimitW: row["power_limit_w"], clocksMaxSMMHz: row["clocks_max_sm_mhz"],
                    clocksMaxMemMHz: row["clocks_max_mem_mhz"],
                    fields: JSONText.decode([String: String?].self, row["fields"]) ?? [:])
            }
        }
    }

    /// Ordered by node, key, step.
    public func facts(runID: Int64) throws(StoreError) -> [FactRow] {
        try read("reading the node facts of run \(runID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inventory_facts WHERE run_id = ? ORDER BY node, key, step_id, id",
                             arguments: [runID]).map { row in
                FactRow(stepID: row["step_id"], node: row["node"], key: row["key"], value: row["value"])
            }
        }
    }

    /// In insertion order (per artifact, in the parser's order).
    public func diagnostics(runID: Int64) throws(StoreError) -> [DiagnosticRow] {
        try read("reading the diagnostics of run \(runID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT d.step_id, d.artifact_id, d.severity, d.line, d.message, a.node, a.name,
                       st.step_key, st.node AS step_node
                FROM diagnostics d LEFT JOIN artifacts a ON a.id = d.artifact_id
                LEFT JOIN steps st ON st.id = d.step_id
                WHERE d.run_id = ? ORDER BY d.id
                """, arguments: [runID]).map { row in
                let severity = Diagnostic.Severity(rawValue: row["severity"]) ?? .error
                return DiagnosticRow(
                    stepID: row["step_id"], artifactID: row["artifact_id"],
                    source: DiagnosticRow.source(step: row["step_key"], stepNode: row["step_node"],
                                                 artifact: row["name"], node: row["node"]),
                    diagnostic: Diagnostic(severity, line: row["line"], row["message"]))
            }
        }
    }
}

/// The eight columns of one half of a row, in the order `NcclResultColumns.measurement` reads them.
func measurementColumns(_ prefix: String) -> String {
    ["time_us", "algbw", "busbw", "wrong", "iter_min_us", "iter_max_us", "iter_p99_us", "iter_cv_pct"]
        .map { "\(prefix)_\($0)" }.joined(separator: ", ")
}


