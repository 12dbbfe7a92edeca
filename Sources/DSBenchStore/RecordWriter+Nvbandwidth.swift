import DSBenchCore
import GRDB

extension RecordWriter {
    /// Testcases, their cells, and the cells again as metrics (what comparisons read).
    func writeNvbandwidth(_ report: NvbandwidthReport, _ origin: Origin) throws {
        let testcase = try db.cachedStatement(sql: """
            INSERT INTO nvbandwidth_testcases (run_id, step_id, artifact_id, node, seq, testcase, status, description, unit, sum, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let cell = try db.cachedStatement(sql: """
            INSERT INTO nvbandwidth_cells (run_id, step_id, artifact_id, node, testcase, source, destination, value, unit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, item) in report.testcases.enumerated() {
            try testcase.execute(arguments: [runID, origin.stepID, origin.artifactID, origin.node, seq, item.name,
                                             item.status.rawValue, item.description, item.unit, Bind.real(item.sum),
                                             item.message])
            guard item.status == .passed else { continue }
            for value in item.cells {
                try cell.execute(arguments: [runID, origin.stepID, origin.artifactID, origin.node, value.testcase,
                                             value.source, value.destination, value.value, value.unit])
            }
        }
        try writeMetrics(report.metricValues, origin)
    }
}
