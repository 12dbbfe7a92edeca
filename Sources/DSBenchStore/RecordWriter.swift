import DSBenchCore
import GRDB

/// Maps each `ParsedRecords` case to its tables inside the caller's transaction. Statements are
/// compiled once per connection (`cachedStatement`) and rebound per row: the ingest benchmark
/// needs hundreds of thousands of rows per second.
struct RecordWriter {
    let db: Database
    let runID: Int64

    func write(_ records: ParsedRecords, stepID: Int64?, node: String, artifactID: Int64) throws {
        let origin = Origin(stepID: stepID, node: node, artifactID: artifactID)
        var notes: [Diagnostic] = []
        switch records {
        case .ncclTests(let report):
            notes += try writeNccl(report, origin)
        case .dmon(let capture):
            try writeDmon(capture, origin)
        case .queryGPU(let table):
            notes += try writeQueryGPU(table, origin)
        case .topo(var matrix):
            // Diagnostics go to their own table, not into the stored fact.
            matrix.diagnostics = []
            try writeFact(key: "topology", value: JSONText.encode(matrix), origin)
        case .nvlink(var status):
            status.diagnostics = []
            try writeFact(key: "nvlink", value: JSONText.encode(status), origin)
        case .facts(let facts, _):
            for (key, value) in facts.sorted(by: { $0.key < $1.key }) {
                try writeFact(key: key, value: value, origin)
            }
        case .workload(let report):
            try writeMetrics(report.metricValues, origin)
        case .torchTrace(let trace):
            try writeMetrics(trace.metricValues, origin)
        case .gpuHealth(let report):
            try writeGPUHealth(report, origin)
        case .kernelLog(let report):
            try writeKernelLog(report, origin)
        case .nvbandwidth(let report):
            try writeNvbandwidth(report, origin)
        case .ncu(let report):
            try writeMetrics(ProfileMetrics.ncu(report), origin)
        case .nsysStats(let report):
            try writeMetrics(ProfileMetrics.nsys(report), origin)
        }
        try writeDiagnostics(records.diagnostics + notes, origin)
    }

    /// Where a record set came from.
    struct Origin {
        var stepID: Int64?
        var node: String
        var artifactID: Int64
    }

    /// A fact replaces the same key of the same node and step (a re-inventory wins).
    func writeFact(key: String, value: String, _ origin: Origin) throws {
        let delete = try db.cachedStatement(sql: """
            DELETE FROM inventory_facts WHERE run_id = ? AND node = ? AND key = ? AND step_id IS ?
            """)
        try delete.execute(arguments: [runID, origin.node, key, origin.stepID])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO inventory_facts (run_id, step_id, artifact_id, node, key, value) VALUES (?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [runID, origin.stepID, origin.artifactID, origin.node, key, value])
    }

    func writeDiagnostics(_ diagnostics: [Diagnostic], _ origin: Origin) throws {
        guard !diagnostics.isEmpty else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO diagnostics (run_id, step_id, artifact_id, severity, line, message) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for diagnostic in diagnostics {
            try insert.execute(arguments: [runID, origin.stepID, origin.artifactID, diagnostic.severity.rawValue,
                                           diagnostic.line, diagnostic.message])
        }
    }
}

/// Binding helpers for the hot loops: build `DatabaseValue`s directly, NaN and ±inf as NULL.
enum Bind {
    @inline(__always)
    static func real(_ value: Double?) -> DatabaseValue {
        guard let value, value.isFinite else { return .null }
        return value.databaseValue
    }

    @inline(__always)
    static func integer(_ value: Int64?) -> DatabaseValue {
        guard let value else { return .null }
        return value.databaseValue
    }

    @inline(__always)
    static func integer(_ value: Int?) -> DatabaseValue {
        guard let value else { return .null }
        return Int64(value).databaseValue
    }

    @inline(__always)
    static func text(_ value: String?) -> DatabaseValue {
        guard let value else { return .null }
        return value.databaseValue
    }
}
