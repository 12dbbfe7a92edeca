import Foundation
import GRDB

/// A completed run considered for `--baseline auto`, with why it cannot be a reference (nil: it can).
public struct AutoBaselineCandidate: Sendable, Equatable {
    public var runID: Int64
    public var problem: String?

    public init(runID: Int64, problem: String?) { self.runID = runID; self.problem = problem }
}

extension Store {
    /// Completed runs of `suite` before `before`, newest first, each with the first reason it
    /// cannot serve as a reference: a step that did not complete, a critical finding (wrong
    /// elements, failed bounds check, any critical health rule), a regression that compare or check
    /// recorded, or a busbw fleet outlier (a slow node's own series would become its reference).
    /// or a verdict other than `pass` (a degraded transport, a workload regression …: the run's one
    /// judgement says it is not a reference).
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
                  (SELECT v.status FROM verdicts v WHERE v.run_id = r.id) AS verdict
                FROM runs r WHERE r.suite_name = ? AND r.status = 'completed' AND r.id < ?
                ORDER BY r.id DESC LIMIT ?
                """, arguments: [suite, before ?? Int64.max, max(0, limit)]).map { row in
                let problem: String? = (row["failed_step"] as Bool) ? "failed step"
                    : (row["critical"] as Bool) ? "critical finding"
                    : (row["regression"] as Bool) ? "regression"
                    : (row["outlier"] as Bool) ? "fleet outlier"
                    : ((row["verdict"] as String?).map { $0 == "pass" ? nil : "verdict \($0)" } ?? nil)
                return AutoBaselineCandidate(runID: row["id"], problem: problem)
            }
        }
    }
}
