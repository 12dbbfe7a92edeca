import DSBenchCore
import Foundation
import GRDB

extension RecordWriter {
    func writeMetrics(_ metrics: [MetricValue], _ origin: Origin) throws {
        guard !metrics.isEmpty else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO metrics (run_id, step_id, node, name, value, unit, direction, labels)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for metric in metrics where metric.value.isFinite {
            try insert.execute(arguments: [runID, origin.stepID, origin.node, metric.name, metric.value, metric.unit,
                                           metric.direction.rawValue, JSONText.object(sorted: metric.labels)])
        }
    }
}

extension Store {
    /// Metrics of a run (optionally one step, optionally one name), in insertion order.
    public func metrics(runID: Int64, stepID: Int64? = nil, name: String? = nil) throws(StoreError) -> [StoredMetric] {
        try read("reading the metrics of run \(runID)") { db in
            var sql = "SELECT step_id, node, name, value, unit, direction, labels FROM metrics WHERE run_id = ?"
            var arguments: StatementArguments = [runID]
            if let stepID { sql += " AND step_id = ?"; arguments += [stepID] }
            if let name { sql += " AND name = ?"; arguments += [name] }
            sql += " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let labelsText: String = row["labels"]
                let labels = (try? JSONDecoder().decode([String: String].self, from: Data(labelsText.utf8))) ?? [:]
                let directionText: String = row["direction"]
                return StoredMetric(stepID: row["step_id"], node: row["node"], metric: MetricValue(
                    name: row["name"], value: row["value"], unit: row["unit"],
                    direction: MetricDirection(rawValue: directionText) ?? .higher, labels: labels))
            }
        }
    }

    /// The metric rows of the given runs that belong to a step (optionally of one name), in
    /// insertion order: one query for a year of nightly runs.
    public func stepMetrics(runIDs: [Int64], name: String? = nil) throws(StoreError) -> [StepMetricRow] {
        guard !runIDs.isEmpty else { return [] }
        return try read("reading the metrics of \(runIDs.count) runs") { db in
            var sql = """
                SELECT m.run_id, r.source, s.name AS step_name, s.variant, COALESCE(m.node, s.node) AS node,
                       m.name, m.value, m.unit, m.direction, m.labels
                FROM metrics m JOIN steps s ON s.id = m.step_id JOIN runs r ON r.id = m.run_id
                WHERE m.run_id IN (\(runIDs.map { _ in "?" }.joined(separator: ",")))
                """
            var arguments = StatementArguments(runIDs)
            if let name { sql += " AND m.name = ?"; arguments += [name] }
            sql += " ORDER BY m.id"
            // Label texts repeat across runs (`{"sample":"7"}`): each is decoded once.
            var decodedLabels: [String: [String: String]] = [:]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let stepName: String = row["step_name"]
                let variant: String? = row["variant"]
                let labelsText: String = row["labels"]
                let labels = decodedLabels[labelsText] ?? JSONText.decode([String: String].self, labelsText) ?? [:]
                decodedLabels[labelsText] = labels
                let directionText: String = row["direction"]
                return StepMetricRow(
                    runID: row["run_id"], runSource: RunSource(rawValue: row["source"]) ?? .run,
                    step: PlannedStep.identity(name: stepName, variant: variant), node: row["node"],
                    metric: MetricValue(name: row["name"], value: row["value"], unit: row["unit"],
                                        direction: MetricDirection(rawValue: directionText) ?? .higher,
                                        labels: labels))
            }
        }
    }

    /// Records the metric rules of a workload step (reparse reads them back with `workloadSpecs`).
    public func setWorkloadSpec(stepID: Int64, _ spec: WorkloadSpec) throws(StoreError) {
        try write("recording the workload rules of step \(stepID)") { db in
            try db.execute(sql: "UPDATE steps SET workload_spec = ? WHERE id = ?",
                           arguments: [JSONText.encode(spec), stepID])
            guard db.changesCount > 0 else { throw notFound(step: stepID) }
        }
    }

    /// The workload rules of every step of a run that has them, by step id.
    public func workloadSpecs(runID: Int64) throws(StoreError) -> [Int64: WorkloadSpec] {
        try read("reading the workload rules of run \(runID)") { db in
            var specs: [Int64: WorkloadSpec] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, workload_spec FROM steps WHERE run_id = ? AND workload_spec IS NOT NULL",
                                        arguments: [runID]) {
                let text: String = row["workload_spec"]
                if let spec = try? JSONDecoder().decode(WorkloadSpec.self, from: Data(text.utf8)) {
                    specs[row["id"]] = spec
                }
            }
            return specs
        }
    }
}
