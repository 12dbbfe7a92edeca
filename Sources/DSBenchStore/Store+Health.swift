import DSBenchCore
import GRDB

extension Store {
    /// In insertion order: a later capture of the same GPU comes after an earlier one.
    public func gpuHealth(runID: Int64) throws(StoreError) -> [GPUHealthRow] {
        try read("reading the GPU health of run \(runID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM gpu_health WHERE run_id = ? ORDER BY id", arguments: [runID]).map { row in
                GPUHealthRow(stepID: row["step_id"], artifactID: row["artifact_id"], node: row["node"],
                             gpuIndex: row["gpu_index"], pciBusID: row["pci_bus_id"], source: row["source"],
                             key: row["key"], value: row["value"], number: row["number"])
            }
        }
    }

    public func kernelEvents(runID: Int64) throws(StoreError) -> [KernelEventRow] {
        try read("reading the kernel events of run \(runID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM kernel_events WHERE run_id = ? ORDER BY id", arguments: [runID]).map { row in
                let kind = KernelXidEvent.Kind(rawValue: row["kind"] as String) ?? .xid
                return KernelEventRow(
                    stepID: row["step_id"], artifactID: row["artifact_id"], node: row["node"],
                    event: KernelXidEvent(kind: kind, code: row["code"], pciAddress: row["pci_address"], pid: row["pid"],
                                          processName: row["process_name"], detail: row["detail"],
                                          timestamp: row["logged_at"], line: row["line"]))
            }
        }
    }
}
