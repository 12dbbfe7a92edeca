import DSBenchCore
import Foundation
import GRDB

public enum NodeStatus: String, Sendable, Codable, CaseIterable {
    case ok, unreachable, failed
}

extension Store {
    /// Records a new run in state `running`.
    public func createRun(_ run: NewRun) throws(StoreError) -> Int64 {
        try write("creating a run of \(run.suiteName)") { db in
            try db.execute(sql: """
                INSERT INTO runs (suite_name, suite_hash, suite_text, source, started_at, status,
                                  dsbench_version, user_name, host_name, labels, pid, verdict_required, process_token)
                VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.suiteName, run.suiteHash, run.suiteText, run.source.rawValue,
                                 TimeText.format(run.startedAt), run.dsbenchVersion, run.user, run.host,
                                 JSONText.object(sorted: run.labels), run.pid, run.verdictRequired,
                                 run.processToken])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(id: Int64, status: RunStatus, endedAt: Date) throws(StoreError) {
        try write("finishing run \(id)") { db in try finishRun(db, id: id, status: status, endedAt: endedAt) }
    }

    func finishRun(_ db: Database, id: Int64, status: RunStatus, endedAt: Date) throws {
        try db.execute(sql: "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?",
                       arguments: [status.rawValue, TimeText.format(endedAt), id])
        guard db.changesCount > 0 else { throw notFound(run: id) }
    }

    /// Marks runs left `running` by a dsbench process that is gone, and their running steps, as
    /// `interrupted`; returns their ids. A run started on another host is left alone (its process
    /// cannot be checked from here); a run without a pid counts as gone.
    @discardableResult
    public func markInterruptedRuns(currentHost: String?, endedAt: Date = Date(),
                                    isAlive: (Int32) -> Bool = ProcessLiveness.isAlive)
        throws(StoreError) -> [Int64]
    {
        try write("marking interrupted runs") { db in
            let interrupted = try Self.abandonedRuns(db, currentHost: currentHost, isAlive: isAlive)
            for id in interrupted {
                let end = TimeText.format(endedAt)
                try db.execute(sql: "UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, ?) WHERE id = ?",
                               arguments: [end, id])
                try db.execute(sql: """
                    UPDATE steps SET status = 'interrupted', ended_at = COALESCE(ended_at, ?),
                                     error = COALESCE(error, 'dsbench stopped while the step was running')
                    WHERE run_id = ? AND status = 'running'
                    """, arguments: [end, id])
            }
            return interrupted
        }
    }

    /// Runs left `running` whose dsbench process is gone: on this host with a pid that is not
    /// alive, or without a pid at all.
    static func abandonedRuns(_ db: Database, currentHost: String?, isAlive: (Int32) -> Bool) throws -> [Int64] {
        try Row.fetchAll(db, sql: "SELECT id, host_name, pid FROM runs WHERE status = 'running' ORDER BY id").compactMap { row in
            let host: String? = row["host_name"]
            if let pid: Int32 = row["pid"] {
                guard host == currentHost, !isAlive(pid) else { return nil }
            }
            return row["id"]
        }
    }

    /// A stored status as this store reports it: `running` of an abandoned run is `interrupted`.
    func reported(_ status: String, runID: Int64) -> RunStatus {
        if status == RunStatus.running.rawValue, abandoned.contains(runID) { return .interrupted }
        return RunStatus(rawValue: status) ?? .failed
    }

    /// The process tokens of these runs (runs without one are absent).
    public func processTokens(runIDs: [Int64]) throws(StoreError) -> [Int64: String] {
        guard !runIDs.isEmpty else { return [:] }
        return try read("reading the process tokens of runs \(runIDs)") { db in
            var tokens: [Int64: String] = [:]
            let marks = Array(repeating: "?", count: runIDs.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT id, process_token FROM runs WHERE id IN (\(marks)) AND process_token IS NOT NULL",
                                        arguments: StatementArguments(runIDs)) {
                tokens[row["id"]] = row["process_token"]
            }
            return tokens
        }
    }

    /// Newest first.
    public func runs(limit: Int = 50, suite: String? = nil) throws(StoreError) -> [RunSummary] {
        try read("listing runs") { db in
            var sql = "SELECT id, suite_name, source, status, started_at, ended_at, labels FROM runs"
            var arguments: StatementArguments = []
            if let suite {
                sql += " WHERE suite_name = ?"
                arguments += [suite]
            }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments += [max(0, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let id: Int64 = row["id"]
                return RunSummary(
                    id: id, suiteName: row["suite_name"],
                    source: RunSource(rawValue: row["source"]) ?? .run,
                    status: reported(row["status"], runID: id),
                    startedAt: TimeText.parse(row["started_at"]), endedAt: TimeText.parse(row["ended_at"]),
                    stepCounts: try stepCounts(db, runID: id),
                    nodeCount: try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM (SELECT name FROM nodes WHERE run_id = ?1
                                              UNION SELECT node FROM steps WHERE run_id = ?1)
                        """, arguments: [id]) ?? 0,
                    labels: JSONText.decode([String: String].self, row["labels"]) ?? [:])
            }
        }
    }

    /// The newest run before `id` of the suite named `suite`, made the same way (`source`), that
    /// completed: the reference of the health rules that compare with an earlier run.
    public func previousCompletedRunID(before id: Int64, suite: String, source: RunSource) throws(StoreError) -> Int64? {
        try read("finding the previous run of \(suite)") { db in
            try Int64.fetchOne(db, sql: """
                SELECT id FROM runs WHERE suite_name = ? AND source = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT 1
                """, arguments: [suite, source.rawValue, RunStatus.completed.rawValue, id])
        }
    }

    /// The most recently created run.
    public func latestRunID() throws(StoreError) -> Int64? {
        try read("finding the latest run") { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM runs") }
    }

    public func runExists(id: Int64) throws(StoreError) -> Bool {
        try read("looking up run \(id)") { db in
            try Int64.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id]) != nil
        }
    }

    /// The `seq` the next step appended to a run gets (ingest adds steps to existing runs).
    public func nextStepSeq(runID: Int64) throws(StoreError) -> Int {
        try read("numbering the steps of run \(runID)") { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM steps WHERE run_id = ?", arguments: [runID]) ?? 0
        }
    }

    /// Deletes a run and, by cascade, everything recorded for it.
    public func deleteRun(id: Int64) throws(StoreError) {
        try write("deleting run \(id)") { db in
            try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw notFound(run: id) }
        }
    }

    /// Inserts or updates the node's row for this run. A nil hostname keeps the one known.
    public func recordNode(runID: Int64, name: String, hostname: String? = nil, status: NodeStatus = .ok,
                           error: String? = nil) throws(StoreError) {
        try write("recording node \(name) of run \(runID)") { db in
            try requireRun(db, runID)
            try db.execute(sql: """
                INSERT INTO nodes (run_id, name, hostname, status, error) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, name) DO UPDATE SET
                    hostname = COALESCE(excluded.hostname, hostname),
                    status = excluded.status, error = excluded.error
                """, arguments: [runID, name, hostname, status.rawValue, error])
        }
    }

    // MARK: - Shared helpers

    func stepCounts(_ db: Database, runID: Int64) throws -> [StepStatus: Int] {
        var counts: [StepStatus: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM steps WHERE run_id = ? GROUP BY status",
                                    arguments: [runID]) {
            if let status = StepStatus(rawValue: row["status"]) { counts[status] = row["n"] }
        }
        return counts
    }

    func requireRun(_ db: Database, _ runID: Int64) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [runID]) != nil else {
            throw notFound(run: runID)
        }
    }

    func notFound(run id: Int64) -> StoreError {
        StoreError(.notFound, "no run \(id) in \(path); `dsbench runs` lists the runs it holds")
    }

    func notFound(step id: Int64) -> StoreError {
        StoreError(.notFound, "no step \(id) in \(path); steps are created by insertPlannedSteps before they run")
    }
}
