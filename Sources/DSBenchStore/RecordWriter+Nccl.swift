import DSBenchCore
import GRDB

extension RecordWriter {
    /// One summary per step plus one row per result line, and the versions as node facts.
    /// Returns notes for records it could not place (they are stored as diagnostics).
    func writeNccl(_ report: NcclTestsReport, _ origin: Origin) throws -> [Diagnostic] {
        guard let stepID = origin.stepID else { return [Self.stepless] }
        if let previous = try previousNcclArtifact(stepID: stepID) {
            // The JSON of a step whose text table is stored: only its per-iteration times are new.
            if report.hasIterationTimes {
                return try attachNcclIterations(report, stepID: stepID, artifactID: origin.artifactID)
            }
            return [Self.alreadyStored(stepID: stepID, previous: previous, rows: report.rows.count)]
        }
        var rows = NcclRowInsert(db, runID: runID, stepID: stepID, artifactID: origin.artifactID)
        try rows.append(report.rows)
        try rows.finish()
        try writeNcclSummary(report, rowCount: report.rows.count, origin)
        return []
    }

    /// `writeNccl` of a report parsed while its rows are written: `parse` hands each batch of rows
    /// to its sink and returns the report without them (and how many rows there were), so a
    /// capture of any size holds one batch of rows. The summary goes in after the last row.
    func writeNccl(streaming origin: Origin,
                   parse: (_ sink: (inout [NcclTestsRow]) -> Void) -> (report: NcclTestsReport, rowCount: Int))
        throws -> (report: NcclTestsReport, rowCount: Int, notes: [Diagnostic]) {
        guard let stepID = origin.stepID else {
            let parsed = parse { _ in }
            return (parsed.report, parsed.rowCount, [Self.stepless])
        }
        if let previous = try previousNcclArtifact(stepID: stepID) {
            let parsed = parse { _ in }
            return (parsed.report, parsed.rowCount,
                    [Self.alreadyStored(stepID: stepID, previous: previous, rows: parsed.rowCount)])
        }
        var rows = NcclRowInsert(db, runID: runID, stepID: stepID, artifactID: origin.artifactID)
        // The parser's sink cannot throw: the first refusal of the store stops the inserts and is
        // thrown once the parse returns, which rolls the whole step back.
        var failure: (any Error)?
        let parsed = parse { batch in
            guard failure == nil else { return }
            do { try rows.append(batch) } catch { failure = error }
        }
        if let failure { throw failure }
        try rows.finish()
        try writeNcclSummary(parsed.report, rowCount: parsed.rowCount, origin)
        return (parsed.report, parsed.rowCount, [])
    }

    private static let stepless = Diagnostic(.warning, "nccl-tests records of an artifact without a step were not stored "
        + "(nccl results belong to a step)")

    private static func alreadyStored(stepID: Int64, previous: Int64?, rows: Int) -> Diagnostic {
        Diagnostic(.warning, "step \(stepID) already has nccl-tests results"
            + (previous.map { " from artifact \($0)" } ?? "") + "; the \(rows) rows of this artifact were not stored")
    }

    /// The artifact whose results the step holds: `.some(nil)` for results of no artifact.
    private func previousNcclArtifact(stepID: Int64) throws -> Int64?? {
        try Int64?.fetchOne(db.cachedStatement(sql: "SELECT artifact_id FROM nccl_summaries WHERE step_id = ?"), arguments: [stepID])
    }

    /// The summary row, the versions as node facts.
    private func writeNcclSummary(_ report: NcclTestsReport, rowCount: Int, _ origin: Origin) throws {
        guard let stepID = origin.stepID else { return }
        let parameters = report.parameters
        let insert = try db.cachedStatement(sql: """
            INSERT INTO nccl_summaries (step_id, run_id, artifact_id, node, program, collective,
                nccl_tests_version, nccl_version, ranks, n_threads, n_gpus, min_bytes, max_bytes, iters,
                warmup_iters, validation, parameters, reduced_max_bytes, banner_count, avg_busbw,
                out_of_bounds, out_of_bounds_ok, complete, row_count, errors, devices, debug_lines, transport)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let values: [DatabaseValue] = [
            stepID.databaseValue, runID.databaseValue, origin.artifactID.databaseValue, origin.node.databaseValue,
            Bind.text(report.program), Bind.text(report.collective),
            Bind.text(report.testsVersion), Bind.text(report.ncclVersion),
            Bind.integer(report.rankCount ?? (report.devices.isEmpty ? nil : report.devices.count)),
            Bind.integer(parameters?.nThread), Bind.integer(parameters?.nGpus),
            Bind.integer(parameters?.minBytes), Bind.integer(parameters?.maxBytes),
            Bind.integer(parameters?.iters), Bind.integer(parameters?.warmupIters),
            Bind.integer(parameters?.validation),
            Bind.text(parameters.map(StoredJSON.parameters)),
            Bind.integer(report.reducedMaxBytes), Bind.integer(report.bannerCount),
            Bind.real(report.avgBusBandwidth), Bind.integer(report.outOfBounds),
            Bind.integer(report.outOfBoundsOK.map { ok -> Int in ok ? 1 : 0 }),
            Int64(report.complete ? 1 : 0).databaseValue, Bind.integer(rowCount),
            StoredJSON.errors(report.errors).databaseValue, StoredJSON.devices(report.devices).databaseValue,
            // The lines stay in the raw artifact; their summary is what is read back (migration 0110).
            // A report made without the parser's summary keeps its lines, so nothing is lost.
            (report.transport == nil && !report.ncclDebugLines.isEmpty ? JSONText.encode(report.ncclDebugLines) : "[]").databaseValue,
            Bind.text(report.transport.map(StoredJSON.transport)),
        ]
        try insert.executeReleasing(StatementArguments(values))
        if let version = report.ncclVersion { try writeFact(key: "nccl_version", value: version, origin) }
        if let version = report.testsVersion { try writeFact(key: "nccl_tests_version", value: version, origin) }
    }

}

/// The rows of one step, in batches as they come; `seq` runs on across batches.
struct NcclRowInsert {
    private var insert: BulkInsert
    private let writer: RecordWriter
    private let runID: Int64, stepID: Int64, artifactID: Int64
    private var seq = 0

    init(_ db: Database, runID: Int64, stepID: Int64, artifactID: Int64) {
        insert = BulkInsert(db, table: "nccl_results", columns: [
            "step_id", "run_id", "seq", "size", "count", "type", "redop", "root",
            "oop_time_us", "oop_algbw", "oop_busbw", "oop_wrong", "ip_time_us", "ip_algbw", "ip_busbw", "ip_wrong",
            "ip_present", "oop_iter_min_us", "oop_iter_max_us", "oop_iter_p99_us", "oop_iter_cv_pct",
            "ip_iter_min_us", "ip_iter_max_us", "ip_iter_p99_us", "ip_iter_cv_pct", "sampled_at",
        ])
        writer = RecordWriter(db: db, runID: runID)
        self.runID = runID; self.stepID = stepID; self.artifactID = artifactID
    }

    mutating func append(_ rows: [NcclTestsRow]) throws {
        let first = seq
        for row in rows {
            let oop = row.outOfPlace
            let ip = row.inPlace
            insert.set(0, stepID); insert.set(1, runID); insert.set(2, seq)
            insert.set(3, row.size); insert.set(4, row.count); insert.set(5, row.type); insert.set(6, row.redop)
            insert.set(7, row.root)
            insert.set(8, oop.timeUs); insert.set(9, oop.algbw); insert.set(10, oop.busbw); insert.set(11, oop.wrong)
            insert.set(12, ip?.timeUs); insert.set(13, ip?.algbw); insert.set(14, ip?.busbw); insert.set(15, ip?.wrong)
            insert.set(16, ip == nil ? 0 : 1)
            insert.set(17, oop.iterMinUs); insert.set(18, oop.iterMaxUs)
            insert.set(19, oop.iterP99Us); insert.set(20, oop.iterCVPercent)
            insert.set(21, ip?.iterMinUs); insert.set(22, ip?.iterMaxUs)
            insert.set(23, ip?.iterP99Us); insert.set(24, ip?.iterCVPercent)
            insert.set(25, row.timestamp)
            try insert.endRow()
            seq += 1
        }
        try writer.writeNcclIterations(rows, stepID: stepID, artifactID: artifactID, firstSeq: first)
    }

    mutating func finish() throws { try insert.finish() }
}
