import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// Every nccl step of the given runs with its rows, rows restricted to sizes in
    /// `minSize...maxSize` when given. Ordered by run, step. `iterations`: also read the stored
    /// per-iteration times (`nccl_iterations`) into the measurements.
    public func ncclStepResults(runIDs: [Int64], minSize: Int64? = nil, maxSize: Int64? = nil, iterations: Bool = false)
        throws(StoreError) -> [NcclStepResults]
    {
        guard !runIDs.isEmpty else { return [] }
        let list = runIDs.map(String.init).joined(separator: ",")  // integers only: nothing to escape
        return try read("reading the nccl results of runs \(list)") { db in
            var steps: [Int64: NcclStepResults] = [:]
            var order: [Int64] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT st.id, st.run_id, st.name, st.step_key, st.node, st.variant, st.repeat_index, r.source,
                       s.collective, s.ranks, json_extract(s.devices, '$[0].name') AS gpu_model,
                       s.out_of_bounds, s.out_of_bounds_ok
                FROM nccl_summaries s JOIN steps st ON st.id = s.step_id JOIN runs r ON r.id = st.run_id
                WHERE s.run_id IN (\(list)) ORDER BY st.run_id, st.seq
                """) {
                let id: Int64 = row["id"]
                order.append(id)
                steps[id] = NcclStepResults(
                    runID: row["run_id"], stepID: id, runSource: RunSource(rawValue: row["source"]) ?? .run,
                    stepName: row["name"], stepKey: row["step_key"], node: row["node"], variant: row["variant"],
                    repeatIndex: row["repeat_index"], collective: row["collective"], ranks: row["ranks"],
                    gpuModel: row["gpu_model"], outOfBounds: row["out_of_bounds"],
                    outOfBoundsOK: row["out_of_bounds_ok"], points: [])
            }
            let join = iterations
                ? ", i.oop_times, i.ip_times FROM nccl_results r LEFT JOIN nccl_iterations i ON i.step_id = r.step_id AND i.seq = r.seq"
                : " FROM nccl_results r"
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT r.step_id, r.size, r.type, r.redop, r.root, r.oop_time_us, r.oop_algbw, r.oop_busbw, r.oop_wrong,
                       r.ip_present, r.ip_time_us, r.ip_algbw, r.ip_busbw, r.ip_wrong\(join)
                WHERE r.run_id IN (\(list)) AND r.size BETWEEN ? AND ?
                ORDER BY r.step_id, r.seq
                """, arguments: [minSize ?? Int64.min, maxSize ?? Int64.max])
            var current: Int64 = -1
            var points: [NcclPoint] = []
            func flush() { if current >= 0 { steps[current]?.points = points }; points.removeAll(keepingCapacity: true) }
            while let row = try cursor.next() {
                let stepID: Int64 = row[0]
                if stepID != current { flush(); current = stepID }
                let inPlacePresent: Bool = row[9]
                points.append(NcclPoint(
                    size: row[1], type: row[2], redop: row[3], root: row[4],
                    outOfPlace: NcclPointMeasurement(timeUs: row[5], algbw: row[6], busbw: row[7], wrong: row[8],
                                                     iterationTimesUs: iterations ? Self.iterationTimes(row[14]) : nil),
                    inPlace: inPlacePresent
                        ? NcclPointMeasurement(timeUs: row[10], algbw: row[11], busbw: row[12], wrong: row[13],
                                               iterationTimesUs: iterations ? Self.iterationTimes(row[15]) : nil) : nil))
            }
            flush()
            return order.compactMap { steps[$0] }
        }
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
