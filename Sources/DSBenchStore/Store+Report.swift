import DSBenchCore
import Foundation
import GRDB

/// One nccl-tests row with what a report groups it by (run, step, node, collective).
public struct BusbwRow: Sendable, Equatable {
    public var runID: Int64
    public var stepID: Int64
    public var node: String
    public var stepName: String
    public var variant: String?
    public var collective: String?
    public var ranks: Int?
    public var type: String
    public var redop: String
    public var size: Int64
    /// Out-of-place busbw, GB/s; nil when the row had none (cut, `N/A`).
    public var busbw: Double?
}

/// One dmon line reduced to the columns a report asked for.
public struct DmonValues: Sendable {
    public var stepID: Int64?
    public var node: String
    public var gpu: Int
    public var seq: Int
    public var sampledAt: String?
    /// Aligned with the requested columns; nil where the sample had no value.
    public var values: [Double?]
}

/// Bulk reads for reports: every row of several runs in one query, dmon samples streamed.
extension Store {
    /// Every nccl-tests row of these runs, by step then row order.
    public func busbwRows(runIDs: [Int64]) throws(StoreError) -> [BusbwRow] {
        guard !runIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: runIDs.count).joined(separator: ", ")
        return try read("reading the busbw of runs \(runIDs)") { db in
            try Row.fetchAll(db, sql: """
                SELECT r.run_id, r.step_id, st.node, st.name, st.variant, s.collective, s.ranks,
                       r.type, r.redop, r.size, r.oop_busbw
                FROM nccl_results r
                JOIN steps st ON st.id = r.step_id
                LEFT JOIN nccl_summaries s ON s.step_id = r.step_id
                WHERE r.run_id IN (\(marks))
                ORDER BY r.run_id, st.seq, r.seq
                """, arguments: StatementArguments(runIDs)).map { row in
                BusbwRow(runID: row[0], stepID: row[1], node: row[2], stepName: row[3], variant: row[4],
                         collective: row[5], ranks: row[6], type: row[7], redop: row[8], size: row[9], busbw: row[10])
            }
        }
    }

    /// Calls `body` for every dmon sample of the run in insertion order (per step: node, round,
    /// GPU) with the values of `columns`; unknown column names are refused, not interpolated.
    public func forEachDmonSample(runID: Int64, columns: [String],
                                  _ body: (DmonValues) -> Void) throws(StoreError) {
        let known = Set(RecordWriter.dmonColumns)
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw StoreError(.notFound, "dmon column '\(unknown)' is not stored as a column")
        }
        try read("reading the dmon samples of run \(runID)") { db in
            let list = columns.isEmpty ? "" : ", " + columns.joined(separator: ", ")
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT step_id, node, gpu, seq, sampled_at\(list) FROM dmon_samples WHERE run_id = ? ORDER BY id
                """, arguments: [runID])
            var values = [Double?](repeating: nil, count: columns.count)
            while let row = try cursor.next() {
                for index in columns.indices { values[index] = row[5 + index] }
                body(DmonValues(stepID: row[0], node: row[1], gpu: row[2], seq: row[3], sampledAt: row[4],
                                values: values))
            }
        }
    }
}
