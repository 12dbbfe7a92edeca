import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// Replaces the findings that one analysis (`source`) wrote for a run, in one transaction.
    public func replaceFindings(runID: Int64, source: String, _ findings: [Finding], at date: Date = Date()) throws(StoreError) {
        try write("recording \(findings.count) \(source) findings of run \(runID)") { db in
            try requireRun(db, runID)
            try db.execute(sql: "DELETE FROM findings WHERE run_id = ? AND source = ?", arguments: [runID, source])
            let insert = try db.makeStatement(sql: """
                INSERT INTO findings (run_id, source, rule, severity, node, gpu, step_key, message, evidence,
                                      observed, expected, created_at, hint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = TimeText.format(date)
            for f in findings {
                try insert.execute(arguments: [
                    runID, source, f.rule, f.severity.rawValue, f.node, f.gpu, f.step, f.message, f.evidence,
                    f.observed.flatMap { $0.isFinite ? $0 : nil }, f.expected.flatMap { $0.isFinite ? $0 : nil }, now, f.hint,
                ])
            }
        }
    }

    /// Every finding of a run, most severe first, then in the order written.
    public func findings(runID: Int64, source: String? = nil) throws(StoreError) -> [(source: String, finding: Finding)] {
        try read("reading the findings of run \(runID)") { db in
            var sql = "SELECT source, rule, severity, node, gpu, step_key, message, evidence, observed, expected, hint FROM findings WHERE run_id = ?"
            var arguments: StatementArguments = [runID]
            if let source { sql += " AND source = ?"; arguments += [source] }
            sql += " ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                (source: row["source"], finding: Finding(
                    rule: row["rule"], severity: Finding.Severity(rawValue: row["severity"]) ?? .warning,
                    node: row["node"], gpu: row["gpu"], step: row["step_key"], message: row["message"],
                    evidence: row["evidence"], observed: row["observed"], expected: row["expected"],
                    hint: row["hint"]))
            }
        }
    }
}
