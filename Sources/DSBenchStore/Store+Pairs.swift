import DSBenchCore
import Foundation
import GRDB

/// Pairwise plans in the store (migration 0100): each pair step's slot, and the run's pair matrices.
extension Store {
    /// The slots of the steps that have one (`PlannedStep.pairing`); `stepIDs` as `insertPlannedSteps` returned them.
    public func recordPairSlots(runID: Int64, steps: [PlannedStep], stepIDs: [Int64]) throws(StoreError) {
        guard steps.contains(where: { $0.pairing != nil }) else { return }
        try write("recording the pairs of run \(runID)") { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO step_pairs (step_id, run_id, pattern, scope, round, batch, members)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (step, stepID) in zip(steps, stepIDs) {
                guard let slot = step.pairing else { continue }
                try insert.execute(arguments: [stepID, runID, slot.pattern, slot.scope.rawValue, slot.round, slot.batch,
                                               JSONText.array(slot.members)])
            }
        }
    }

    /// The run's pair slots by step id.
    public func pairSlots(runID: Int64) throws(StoreError) -> [Int64: PairSlot] {
        try read("reading the pairs of run \(runID)") { db in
            var slots: [Int64: PairSlot] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT step_id, pattern, scope, round, batch, members FROM step_pairs WHERE run_id = ?
                """, arguments: [runID]) {
                let members = (try? JSONDecoder().decode([String].self, from: Data((row[5] as String).utf8))) ?? []
                slots[row[0]] = PairSlot(pattern: row[1], scope: PairSlot.Scope(rawValue: row[2]) ?? .nodes,
                                         round: row[3], batch: row[4], members: members)
            }
            return slots
        }
    }

    /// Replaces the run's pair matrices (series → JSON, as DSBenchAnalyze's PairMatrix encodes it).
    public func replacePairMatrices(runID: Int64, _ matrices: [(series: String, json: String)]) throws(StoreError) {
        try write("recording the pair matrices of run \(runID)") { db in
            try db.execute(sql: "DELETE FROM pair_matrices WHERE run_id = ?", arguments: [runID])
            for matrix in matrices {
                try db.execute(sql: "INSERT INTO pair_matrices (run_id, series, json) VALUES (?, ?, ?)",
                               arguments: [runID, matrix.series, matrix.json])
            }
        }
    }

    /// The run's pair matrices as stored, by series name.
    public func pairMatrices(runID: Int64) throws(StoreError) -> [(series: String, json: String)] {
        try read("reading the pair matrices of run \(runID)") { db in
            try Row.fetchAll(db, sql: "SELECT series, json FROM pair_matrices WHERE run_id = ? ORDER BY series",
                             arguments: [runID]).map { (series: $0[0], json: $0[1]) }
        }
    }
}
