import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// Completed runs of `suite` before `before`, newest first, each with the first reason it
    /// cannot serve as a reference: a step that did not complete, a critical finding (wrong
    /// elements, failed bounds check, any critical health rule), a regression that compare or check
    /// recorded, or a busbw fleet outlier (a slow node's own series would become its reference).
    /// or a verdict other than `pass` (a degraded transport, a workload regression …: the run's one
    /// judgement says it is not a reference), or no verdict at all for a run that is finished only
    /// with its verdict (`verdict_required`, migration 0030): such a run was never judged. Runs from
    /// before that migration and ingested runs have no verdict to require and are judged by their
    /// findings alone.
    public func autoBaselineCandidates(suite: String, before: Int64? = nil, limit: Int) throws(StoreError)
        -> [AutoBaselineCandidate]
    {
        try read("listing the auto baseline candidates of \(suite)") { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id,
                  EXISTS (SELECT 1 FROM steps s WHERE s.run_id = r.id
                          AND s.status IN ('failed', 'timed_out', 'interrupted')) AS failed_step,
                  EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.id AND f.severity = 'critical') AS critical,
                  EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.id AND f.rule LIKE 'regression.%') AS regression,
                  EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.id AND f.rule = 'fleet.outlier') AS outlier,
                  (SELECT v.status FROM verdicts v WHERE v.run_id = r.id) AS verdict,
                  r.verdict_required
                FROM runs r WHERE r.suite_name = ? AND r.status = 'completed' AND r.id < ?
                ORDER BY r.id DESC LIMIT ?
                """, arguments: [suite, before ?? Int64.max, max(0, limit)]).map { row in
                let problem: String? = (row["failed_step"] as Bool) ? "failed step"
                    : (row["critical"] as Bool) ? "critical finding"
                    : (row["regression"] as Bool) ? "regression"
                    : (row["outlier"] as Bool) ? "fleet outlier"
                    : Self.verdictProblem(row["verdict"], required: row["verdict_required"])
                return AutoBaselineCandidate(runID: row["id"], problem: problem)
            }
        }
    }

    private static func verdictProblem(_ status: String?, required: Bool) -> String? {
        guard let status else { return required ? "never judged" : nil }
        return status == "pass" ? nil : "verdict \(status)"
    }
}
