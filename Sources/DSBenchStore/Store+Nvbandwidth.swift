import DSBenchCore
import GRDB

/// A stored nvbandwidth testcase (without its cells).
public struct StoredNvbandwidthTestcase: Sendable, Equatable {
    public var stepID: Int64?
    public var node: String
    public var testcase: String?
    public var status: NvbandwidthStatus
    public var description: String?
    public var unit: String?
    public var sum: Double?
    public var message: String?
}

extension Store {
    /// Every nvbandwidth cell of a run, in insertion order.
    public func nvbandwidthCells(runID: Int64) throws(StoreError) -> [StoredNvbandwidthCell] {
        try read("reading the nvbandwidth cells of run \(runID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT step_id, node, testcase, source, destination, value, unit FROM nvbandwidth_cells
                WHERE run_id = ? ORDER BY id
                """, arguments: [runID]).map { row in
                StoredNvbandwidthCell(stepID: row["step_id"], node: row["node"], cell: NvbandwidthCell(
                    testcase: row["testcase"], source: row["source"], destination: row["destination"],
                    value: row["value"], unit: row["unit"]))
            }
        }
    }

    /// Every nvbandwidth testcase of a run, in output order per step.
    public func nvbandwidthTestcases(runID: Int64) throws(StoreError) -> [StoredNvbandwidthTestcase] {
        try read("reading the nvbandwidth testcases of run \(runID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT step_id, node, testcase, status, description, unit, sum, message FROM nvbandwidth_testcases
                WHERE run_id = ? ORDER BY id
                """, arguments: [runID]).map { row in
                let status: String = row["status"]
                return StoredNvbandwidthTestcase(
                    stepID: row["step_id"], node: row["node"], testcase: row["testcase"],
                    status: NvbandwidthStatus(rawValue: status) ?? .incomplete, description: row["description"],
                    unit: row["unit"], sum: row["sum"], message: row["message"])
            }
        }
    }
}
