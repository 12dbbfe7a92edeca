import DSBenchCore
import Foundation
import GRDB
import GRDBSQLite

extension Store {
    /// Every nccl step of the given runs with its rows, rows restricted to sizes in
    /// `minSize...maxSize` when given. Ordered by run, step. `iterations`: also read the stored
    /// per-iteration times (`nccl_iterations`) into the measurements.
    public func ncclStepResults(runIDs: [Int64], minSize: Int64? = nil, maxSize: Int64? = nil, iterations: Bool = false)
        throws(StoreError) -> [NcclStepResults]
    {
        guard !runIDs.isEmpty else { return [] }
        let list = runIDs.map(String.init).joined(separator: ",")
        // Prepared once per process for each number of runs (a judgement reads the candidate's
        // steps three times, the baseline's twice: 10 prepares, each running GRDB's authorizer for
        // every column), and the points stepped through the C API: GRDB's `Row` decoding was
        // 8 k instructions a point, 8 M of a `show` with a baseline (callgrind).
        let placeholders = Array(repeating: "?", count: runIDs.count).joined(separator: ",")
        return try read("reading the nccl results of runs \(list)") { db in
            var steps: [Int64: NcclStepResults] = [:]
            var order: [Int64] = []
            let headers = try db.cachedStatement(sql: """
                SELECT st.id, st.run_id, st.name, st.step_key, st.node, st.variant, st.repeat_index, r.source,
                       s.collective, s.ranks, json_extract(s.devices, '$[0].name') AS gpu_model,
                       s.out_of_bounds, s.out_of_bounds_ok
                FROM nccl_summaries s JOIN steps st ON st.id = s.step_id JOIN runs r ON r.id = st.run_id
                WHERE s.run_id IN (\(placeholders)) ORDER BY st.run_id, st.seq
                """)
            for row in try Row.fetchAll(headers, arguments: StatementArguments(runIDs)) {
                let id: Int64 = row["id"]
                order.append(id)
                steps[id] = NcclStepResults(
                    runID: row["run_id"], stepID: id, runSource: RunSource(rawValue: row["source"]) ?? .run,
                    stepName: row["name"], stepKey: row["step_key"], node: row["node"], variant: row["variant"],
                    repeatIndex: row["repeat_index"], collective: row["collective"], ranks: row["ranks"],
                    gpuModel: row["gpu_model"], outOfBounds: row["out_of_bounds"],
                    outOfBoundsOK: row["out_of_bounds_ok"], points: [])
            }
            // No size lies in the range (`ncclStepHeaders`): the steps without rows, and no scan of them.
            guard (minSize ?? Int64.min) <= (maxSize ?? Int64.max) else { return order.compactMap { steps[$0] } }
            let join = iterations
                ? ", i.oop_times, i.ip_times FROM nccl_results r LEFT JOIN nccl_iterations i ON i.step_id = r.step_id AND i.seq = r.seq"
                : " FROM nccl_results r"
            let statement = try db.cachedStatement(sql: """
                SELECT r.step_id, r.size, r.type, r.redop, r.root, r.oop_time_us, r.oop_algbw, r.oop_busbw, r.oop_wrong,
                       r.ip_present, r.ip_time_us, r.ip_algbw, r.ip_busbw, r.ip_wrong\(join)
                WHERE r.run_id IN (\(placeholders)) AND r.size BETWEEN ? AND ?
                ORDER BY r.step_id, r.seq
                """)
            statement.setUncheckedArguments(StatementArguments(runIDs) + [minSize ?? Int64.min, maxSize ?? Int64.max])
            var current: Int64 = -1
            var points: [NcclPoint] = []
            func flush() { if current >= 0 { steps[current]?.points = points }; points.removeAll(keepingCapacity: true) }
            try NcclResultColumns.step(statement, db: db) { handle, texts in
                let stepID = sqlite3_column_int64(handle, 0)
                if stepID != current { flush(); current = stepID }
                points.append(NcclPoint(
                    size: sqlite3_column_int64(handle, 1), type: texts.text(handle, 2, slot: 0),
                    redop: texts.text(handle, 3, slot: 1), root: Int(sqlite3_column_int64(handle, 4)),
                    outOfPlace: Self.point(handle, from: 5, times: iterations ? 14 : nil),
                    inPlace: sqlite3_column_int64(handle, 9) != 0 ? Self.point(handle, from: 10, times: iterations ? 15 : nil) : nil))
            }
            flush()
            return order.compactMap { steps[$0] }
        }
    }

    /// time, algbw, busbw and #wrong from column `k` on; the iteration times' blob at `times`.
    private static func point(_ handle: OpaquePointer, from k: Int32, times: Int32?) -> NcclPointMeasurement {
        NcclPointMeasurement(
            timeUs: NcclResultColumns.real(handle, k), algbw: NcclResultColumns.real(handle, k + 1),
            busbw: NcclResultColumns.real(handle, k + 2),
            wrong: sqlite3_column_type(handle, k + 3) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, k + 3)),
            iterationTimesUs: times.flatMap { column in
                guard sqlite3_column_type(handle, column) == SQLITE_BLOB, let bytes = sqlite3_column_blob(handle, column) else { return nil }
                return Self.iterationTimes(Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, column))))
            })
    }

    /// Runs of `suite` (all when nil), oldest first, at most `limit` (the newest ones).
    public func analysisRuns(suite: String?, status: RunStatus? = nil, limit: Int = 10_000) throws(StoreError) -> [AnalysisRun] {
        try read("listing runs for analysis") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let suite { conditions.append("suite_name = ?"); arguments += [suite] }
            if let status { conditions.append("status = ?"); arguments += [status.rawValue] }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(0, limit)]
            return try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT id, suite_name, source, status, started_at FROM runs \(whereClause)
                               ORDER BY id DESC LIMIT ?) ORDER BY id
                """, arguments: arguments).map { row in
                AnalysisRun(id: row["id"], suiteName: row["suite_name"], source: RunSource(rawValue: row["source"]) ?? .run,
                            status: reported(row["status"], runID: row["id"]), startedAt: TimeText.parse(row["started_at"]))
            }
        }
    }

    public func analysisRun(id: Int64) throws(StoreError) -> AnalysisRun? {
        try read("reading run \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT id, suite_name, source, status, started_at FROM runs WHERE id = ?",
                             arguments: [id]).map { row in
                AnalysisRun(id: row["id"], suiteName: row["suite_name"], source: RunSource(rawValue: row["source"]) ?? .run,
                            status: reported(row["status"], runID: row["id"]), startedAt: TimeText.parse(row["started_at"]))
            }
        }
    }

    /// NCCL_* (and other) env each step set, per step key: for the environment diff.
    public func stepEnvironments(runID: Int64) throws(StoreError) -> [(node: String, env: [String: String])] {
        try read("reading the step environments of run \(runID)") { db in
            try Row.fetchAll(db, sql: "SELECT node, env, variant_env FROM steps WHERE run_id = ? ORDER BY seq",
                             arguments: [runID]).map { row in
                var env = JSONText.decode([String: String].self, row["env"]) ?? [:]
                env.merge(JSONText.decode([String: String].self, row["variant_env"]) ?? [:]) { a, _ in a }
                return (node: row["node"], env: env)
            }
        }
    }
}
