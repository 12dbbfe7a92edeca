import DSBenchCore
import Foundation
import GRDB

/// A run's stored verdict: the JSON of the judgement as made, with its status beside it.
public struct StoredVerdict: Sendable, Equatable {
    public var runID: Int64
    public var status: String
    public var exitCode: Int32
    public var baseline: String?
    /// The command that judged (`check`, `compare`, `run` …).
    public var judgedBy: String
    public var judgedAt: Date?
    public var json: String

    public init(runID: Int64, status: String, exitCode: Int32, baseline: String?, judgedBy: String,
                judgedAt: Date? = nil, json: String) {
        self.runID = runID; self.status = status; self.exitCode = exitCode; self.baseline = baseline
        self.judgedBy = judgedBy; self.judgedAt = judgedAt; self.json = json
    }
}

extension Store {
    /// Replaces the run's verdict.
    public func saveVerdict(_ verdict: StoredVerdict, at date: Date = Date()) throws(StoreError) {
        try write("recording the verdict of run \(verdict.runID)") { db in
            try requireRun(db, verdict.runID)
            try insertVerdict(db, verdict, at: date)
        }
    }

    /// Saves the verdict and finishes its run in one transaction: a run is never `completed` (or
    /// `failed`) without the judgement that says what it is worth, whatever stops dsbench first.
    public func saveVerdictFinishingRun(_ verdict: StoredVerdict, status: RunStatus, endedAt: Date,
                                        at date: Date = Date()) throws(StoreError) {
        try write("recording the verdict of run \(verdict.runID) and finishing it") { db in
            try finishRun(db, id: verdict.runID, status: status, endedAt: endedAt)
            try insertVerdict(db, verdict, at: date)
        }
    }

    private func insertVerdict(_ db: Database, _ verdict: StoredVerdict, at date: Date) throws {
        try db.execute(sql: """
            INSERT INTO verdicts (run_id, status, exit_code, baseline, judged_by, judged_at, json)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, exit_code = excluded.exit_code,
                baseline = excluded.baseline, judged_by = excluded.judged_by, judged_at = excluded.judged_at,
                json = excluded.json
            """, arguments: [verdict.runID, verdict.status, verdict.exitCode, verdict.baseline, verdict.judgedBy,
                             TimeText.format(date), verdict.json])
    }

    /// The run's verdict, nil when it was never judged (a database from before verdicts, say).
    public func verdict(runID: Int64) throws(StoreError) -> StoredVerdict? {
        try read("reading the verdict of run \(runID)") { db in
            try Row.fetchOne(db, sql: """
                SELECT status, exit_code, baseline, judged_by, judged_at, json FROM verdicts WHERE run_id = ?
                """, arguments: [runID]).map { row in
                StoredVerdict(runID: runID, status: row[0], exitCode: row[1], baseline: row[2], judgedBy: row[3],
                              judgedAt: TimeText.parse(row[4]), json: row[5])
            }
        }
    }
}
