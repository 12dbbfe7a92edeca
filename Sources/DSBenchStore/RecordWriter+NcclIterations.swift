import DSBenchCore
import Foundation
import GRDB

extension RecordWriter {
    /// Stores the per-iteration times of `rows` (rows written as seq 0, 1, … of the step).
    func writeNcclIterations(_ rows: [NcclTestsRow], stepID: Int64, artifactID: Int64, firstSeq: Int = 0) throws {
        for (offset, row) in rows.enumerated() {
            try insertIterations(row, stepID: stepID, seq: firstSeq + offset, artifactID: artifactID)
        }
    }

    /// The times of a `-J` JSON whose step already has its rows from the text table of the same
    /// run (stdout is the record, the JSON only adds what the text lacks). Each JSON row goes to
    /// the stored row of the same size/type/op/root, in order, so the rows are never doubled; a
    /// step that has times already keeps them (a JSON read twice adds nothing).
    func attachNcclIterations(_ report: NcclTestsReport, stepID: Int64, artifactID: Int64) throws -> [Diagnostic] {
        let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM nccl_iterations WHERE step_id = ?",
                                        arguments: [stepID]) ?? 0
        guard existing == 0 else {
            return [Diagnostic(.note, "step \(stepID) already has per-iteration times; those of artifact "
                + "\(artifactID) were not stored again")]
        }
        var free: [RowIdentity: [Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seq, size, type, redop, root FROM nccl_results WHERE step_id = ? ORDER BY seq",
                                    arguments: [stepID]) {
            free[RowIdentity(size: row[1], type: row[2], redop: row[3], root: row[4]), default: []].append(row[0])
        }
        var unmatched = 0
        for row in report.rows where row.outOfPlace.iterTimesUs != nil || row.inPlace?.iterTimesUs != nil {
            let identity = RowIdentity(size: row.size, type: row.type, redop: row.redop, root: row.root)
            guard let seq = free[identity]?.first else { unmatched += 1; continue }
            free[identity]?.removeFirst()
            try insertIterations(row, stepID: stepID, seq: seq, artifactID: artifactID)
        }
        guard unmatched > 0 else { return [] }
        return [Diagnostic(.warning, "\(unmatched) rows of the JSON have no row of the same size, type, op and root "
            + "in the step's text table; their per-iteration times were not stored")]
    }

    private func insertIterations(_ row: NcclTestsRow, stepID: Int64, seq: Int, artifactID: Int64) throws {
        let outOfPlace = row.outOfPlace.iterTimesUs, inPlace = row.inPlace?.iterTimesUs
        guard outOfPlace != nil || inPlace != nil else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO nccl_iterations (step_id, seq, run_id, artifact_id, oop_skipped, oop_times, ip_skipped, ip_times)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.setUncheckedArguments(StatementArguments([
            stepID.databaseValue, Int64(seq).databaseValue, runID.databaseValue, artifactID.databaseValue,
            Bind.integer(outOfPlace == nil ? nil : row.outOfPlace.iterSkipped),
            outOfPlace.map { IterationTimesBlob.encode($0).databaseValue } ?? .null,
            Bind.integer(inPlace == nil ? nil : row.inPlace?.iterSkipped),
            inPlace.map { IterationTimesBlob.encode($0).databaseValue } ?? .null,
        ]))
        try insert.execute()
    }

    private struct RowIdentity: Hashable {
        var size: Int64
        var type: String
        var redop: String
        var root: Int
    }
}

extension NcclTestsReport {
    /// Whether any row carries per-iteration times (a `-J` JSON of `-I 1`).
    var hasIterationTimes: Bool {
        rows.contains { $0.outOfPlace.iterTimesUs != nil || $0.inPlace?.iterTimesUs != nil }
    }
}
