import DSBenchCore
import Foundation
import GRDB

/// A run with its steps' identity and status only: what the monitoring export needs, without the
/// per-step dmon and diagnostic counts `runDetail` adds (those scan the samples of every step).
public struct RunOverview: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var id: Int64
        public var key: String
        public var name: String
        public var variant: String?
        public var node: String
        public var status: StepStatus
    }

    public var run: RunInfo
    /// In plan order.
    public var steps: [Step]
    /// Nodes recorded for the run or named by a step.
    public var nodeCount: Int
}

extension Store {
    public func runOverview(id: Int64) throws(StoreError) -> RunOverview? {
        try read("reading run \(id)") { db in
            guard let runRow = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else { return nil }
            let steps = try Row.fetchAll(db, sql: """
                SELECT id, step_key, name, variant, node, status FROM steps WHERE run_id = ? ORDER BY seq
                """, arguments: [id]).map { row in
                RunOverview.Step(id: row[0], key: row[1], name: row[2], variant: row[3], node: row[4],
                                 status: StepStatus(rawValue: row[5]) ?? .failed)
            }
            let nodes = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT name FROM nodes WHERE run_id = ?1 UNION SELECT node FROM steps WHERE run_id = ?1)
                """, arguments: [id]) ?? 0
            return RunOverview(run: runInfo(runRow), steps: steps, nodeCount: nodes)
        }
    }
}
