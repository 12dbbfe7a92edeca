import DSBenchCore
import GRDB

extension RecordWriter {
    /// One `gpu_health` row per reading of each GPU.
    func writeGPUHealth(_ report: GPUHealthReport, _ origin: Origin) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO gpu_health (run_id, step_id, artifact_id, node, gpu_index, pci_bus_id, source, key, value, number)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for gpu in report.gpus {
            for value in gpu.values {
                insert.setUncheckedArguments(StatementArguments([
                    runID.databaseValue, Bind.integer(origin.stepID), origin.artifactID.databaseValue,
                    origin.node.databaseValue, Int64(gpu.index).databaseValue, Bind.text(gpu.pciBusID),
                    report.source.databaseValue, value.key.databaseValue, value.text.databaseValue, Bind.real(value.number),
                ]))
                try insert.execute()
            }
        }
    }

    func writeKernelLog(_ report: KernelLogReport, _ origin: Origin) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO kernel_events (run_id, step_id, artifact_id, node, kind, code, pci_address, pid, process_name,
                detail, logged_at, line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for event in report.events {
            insert.setUncheckedArguments(StatementArguments([
                runID.databaseValue, Bind.integer(origin.stepID), origin.artifactID.databaseValue,
                origin.node.databaseValue, event.kind.rawValue.databaseValue, Int64(event.code).databaseValue,
                Bind.text(event.pciAddress), Bind.integer(event.pid), Bind.text(event.processName),
                event.detail.databaseValue, Bind.text(event.timestamp), Int64(event.line).databaseValue,
            ]))
            try insert.execute()
        }
    }
}
