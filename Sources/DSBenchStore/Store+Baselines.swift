import DSBenchCore
import Foundation
import GRDB

/// A named baseline: one or more runs whose median is the reference, with who, when and why.
public struct StoredBaseline: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var note: String?
    public var createdBy: String?
    public var createdAt: Date?
    /// Ascending.
    public var runIDs: [Int64]
}

extension Store {
    /// Records a baseline named `name` over `runIDs`. A name already taken is refused unless
    /// `replace` (then the old baseline is dropped in the same transaction).
    @discardableResult
    public func createBaseline(name: String, runIDs: [Int64], note: String?, createdBy: String?,
                               replace: Bool = false, at date: Date = Date()) throws(StoreError) -> Int64 {
        guard !name.isEmpty else { throw StoreError(.invalidInput, "a baseline needs a non-empty name") }
        guard !runIDs.isEmpty else { throw StoreError(.invalidInput, "baseline \(name) needs at least one run") }
        return try write("creating baseline \(name)") { db in
            for id in runIDs { try requireRun(db, id) }
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM baselines WHERE name = ?", arguments: [name]) {
                guard replace else {
                    throw StoreError(.invalidInput, "a baseline named \(name) exists; remove it with "
                        + "`dsbench baseline rm \(name)` or pass --replace")
                }
                try db.execute(sql: "DELETE FROM baselines WHERE id = ?", arguments: [existing])
            }
            try db.execute(sql: "INSERT INTO baselines (name, note, created_by, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, note, createdBy, TimeText.format(date)])
            let id = db.lastInsertedRowID
            for run in Set(runIDs) {
                try db.execute(sql: "INSERT INTO baseline_runs (baseline_id, run_id) VALUES (?, ?)", arguments: [id, run])
            }
            return id
        }
    }

    /// Sorted by name.
    public func baselines() throws(StoreError) -> [StoredBaseline] {
        try read("listing baselines") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM baselines ORDER BY name").map { try storedBaseline(db, $0) }
        }
    }

    public func baseline(named name: String) throws(StoreError) -> StoredBaseline? {
        try read("reading baseline \(name)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM baselines WHERE name = ?", arguments: [name])
                .map { try storedBaseline(db, $0) }
        }
    }

    /// False when there was no such baseline. The runs stay.
    @discardableResult
    public func deleteBaseline(named name: String) throws(StoreError) -> Bool {
        try write("removing baseline \(name)") { db in
            try db.execute(sql: "DELETE FROM baselines WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// Ids of the newest `limit` good runs of `suite`, newest first, older than `before` when given
    /// (the run being judged never judges itself). Good: completed, and no stored finding says it
    /// regressed or was incorrect — a bad night must not become tomorrow's reference.
    public func completedRunIDs(suite: String, before: Int64? = nil, limit: Int) throws(StoreError) -> [Int64] {
        try read("listing completed runs of \(suite)") { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM runs r WHERE suite_name = ? AND status = 'completed' AND id < ?
                  AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.id
                                  AND (f.severity = 'critical' OR f.rule IN ('regression.busbw', 'fleet.outlier')))
                ORDER BY id DESC LIMIT ?
                """, arguments: [suite, before ?? Int64.max, max(0, limit)])
        }
    }

    private func storedBaseline(_ db: Database, _ row: Row) throws -> StoredBaseline {
        let id: Int64 = row["id"]
        return StoredBaseline(
            id: id, name: row["name"], note: row["note"], createdBy: row["created_by"],
            createdAt: TimeText.parse(row["created_at"]),
            runIDs: try Int64.fetchAll(db, sql: "SELECT run_id FROM baseline_runs WHERE baseline_id = ? ORDER BY run_id",
                                       arguments: [id]))
    }
}
