import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// Records the plan's steps as `pending`; returns their ids in the order given.
    public func insertPlannedSteps(runID: Int64, steps: [PlannedStep]) throws(StoreError) -> [Int64] {
        try write("recording \(steps.count) planned steps of run \(runID)") { db in
            try requireRun(db, runID)
            let insert = try db.makeStatement(sql: """
                INSERT INTO steps (run_id, seq, step_key, name, kind, node, variant, variant_env,
                                   repeat_index, argv, env, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                """)
            var ids: [Int64] = []
            ids.reserveCapacity(steps.count)
            for step in steps {
                let main = step.mainCommand
                try insert.execute(arguments: [
                    runID, step.seq, step.key, step.name, step.kind.rawValue, step.node, step.variant,
                    // Secrets are stored as their placeholder (`EnvVar.shown`), never by value.
                    JSONText.object(step.variantEnv.map { ($0.name, $0.shown) }), step.repeatIndex,
                    JSONText.array(main?.argv ?? []),
                    JSONText.object((main?.env ?? []).map { ($0.name, $0.shown) }),
                ])
                ids.append(db.lastInsertedRowID)
            }
            return ids
        }
    }

    /// The argv the step's main command is executed with (`gpus: auto` resolved, `-J <file>`
    /// added): it becomes the step's `argv`, and the planned one moves to `planned_argv` when they differ.
    public func recordExecutedArgv(stepID: Int64, executed: [String], planned: [String]) throws(StoreError) {
        try write("recording the argv step \(stepID) runs") { db in
            try db.execute(sql: "UPDATE steps SET argv = ?, planned_argv = ? WHERE id = ?",
                           arguments: [JSONText.array(executed), executed == planned ? nil : JSONText.array(planned), stepID])
            guard db.changesCount > 0 else { throw notFound(step: stepID) }
        }
    }

    public func markStepRunning(id: Int64, startedAt: Date) throws(StoreError) {
        try write("marking step \(id) running") { db in
            try db.execute(sql: "UPDATE steps SET status = 'running', started_at = ? WHERE id = ?",
                           arguments: [TimeText.format(startedAt), id])
            guard db.changesCount > 0 else { throw notFound(step: id) }
        }
    }

    /// Records how the step ended and every record parsed from its artifacts, all in ONE
    /// transaction: after an error nothing of it is visible and the step keeps its old status.
    public func finishStep(_ completion: StepCompletion) throws(StoreError) {
        try write("finishing step \(completion.stepID)") { db in try finish(completion, in: db) }
    }

    /// `finishStep` inside a transaction the caller holds.
    func finish(_ completion: StepCompletion, in db: Database) throws {
        let stepID = completion.stepID
        guard let runID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT run_id FROM steps WHERE id = ?"),
                                             arguments: [stepID]) else {
            throw notFound(step: stepID)
        }
        try db.cachedStatement(sql: """
            UPDATE steps SET status = ?, exit_code = ?, signal = ?, started_at = COALESCE(?, started_at),
                             ended_at = ?, error = ?
            WHERE id = ?
            """).execute(arguments: [completion.status.rawValue, completion.exitCode, completion.signal,
                             TimeText.format(completion.startedAt), TimeText.format(completion.endedAt),
                             completion.error, stepID])
        let recordWriter = RecordWriter(db: db, runID: runID)
        for (artifactID, records) in completion.parsed {
            let node = try artifactNode(db, artifactID: artifactID, runID: runID, context: "step \(stepID)")
            try recordWriter.write(records, stepID: stepID, node: node, artifactID: artifactID)
        }
    }

    /// Inserts records parsed from artifacts of the run that no single step owns (the run-long
    /// dmon capture, split among the steps it ran beside), in ONE transaction.
    public func appendParsedRecords(
        runID: Int64,
        parsed: [(stepID: Int64?, node: String, artifactID: Int64, records: ParsedRecords)]
    ) throws(StoreError) {
        try write("storing the run captures of run \(runID)") { db in
            try requireRun(db, runID)
            try writeParsed(db, runID: runID, parsed)
        }
    }

    /// Deletes every parsed row of the run (nccl results and summaries, dmon samples, inventory,
    /// diagnostics) and inserts `parsed` instead, in ONE transaction.
    public func replaceParsedRecords(
        runID: Int64,
        parsed: [(stepID: Int64?, node: String, artifactID: Int64, records: ParsedRecords)]
    ) throws(StoreError) {
        try write("replacing the parsed records of run \(runID)") { db in
            try requireRun(db, runID)
            for table in ["nccl_iterations", "nccl_results", "nccl_summaries", "dmon_samples", "inventory_gpus", "inventory_facts",
                          "metrics", "diagnostics", "gpu_health", "kernel_events", "nvbandwidth_testcases", "nvbandwidth_cells"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [runID])
            }
            try writeParsed(db, runID: runID, parsed)
        }
    }

    /// Writes records of the run's artifacts, each checked to belong to the run (its artifact and,
    /// when it has one, its step): what `reparse` and the run-long captures both store.
    private func writeParsed(_ db: Database, runID: Int64,
                             _ parsed: [(stepID: Int64?, node: String, artifactID: Int64, records: ParsedRecords)]) throws {
        let recordWriter = RecordWriter(db: db, runID: runID)
        for item in parsed {
            _ = try artifactNode(db, artifactID: item.artifactID, runID: runID, context: "run \(runID)")
            if let stepID = item.stepID {
                let stepRun = try Int64.fetchOne(db.cachedStatement(sql: "SELECT run_id FROM steps WHERE id = ?"), arguments: [stepID])
                guard stepRun == runID else {
                    throw StoreError(.invalidInput, "step \(stepID) does not belong to run \(runID) in \(path); "
                        + "records are stored with the step ids of the artifacts they were parsed from")
                }
            }
            try recordWriter.write(item.records, stepID: item.stepID, node: item.node, artifactID: item.artifactID)
        }
    }

    /// The node of an artifact, checking that it belongs to `runID`.
    func artifactNode(_ db: Database, artifactID: Int64, runID: Int64, context: String) throws -> String {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT run_id, node FROM artifacts WHERE id = ?"),
                                         arguments: [artifactID]) else {
            throw StoreError(.notFound, "no artifact \(artifactID) in \(path) (records for \(context)); "
                + "store the raw output with storeArtifacts first and pass the ids it returns")
        }
        let artifactRun: Int64 = row["run_id"]
        guard artifactRun == runID else {
            throw StoreError(.invalidInput, "artifact \(artifactID) belongs to run \(artifactRun), not to run \(runID) "
                + "(records for \(context)) in \(path)")
        }
        return row["node"]
    }
}
