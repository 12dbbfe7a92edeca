import DSBenchCore
import Foundation
import GRDB

extension Store {
    /// The run with its steps (each with its nccl headline and counts) and per-node inventory;
    /// nil when there is no such run.
    public func runDetail(id: Int64) throws(StoreError) -> RunDetail? {
        try read("reading run \(id)") { db in
            guard let runRow = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let steps = try stepDetails(db, runID: id)
            let unattachedSamples = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM dmon_samples WHERE step_id IS NULL AND run_id = ?
                """, arguments: [id]) ?? 0
            return RunDetail(
                run: runInfo(runRow),
                steps: steps,
                nodes: try nodeDetails(db, runID: id),
                diagnosticCount: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM diagnostics WHERE run_id = ?",
                                                  arguments: [id]) ?? 0,
                dmonSampleCount: steps.reduce(unattachedSamples) { $0 + $1.dmonSampleCount },
                idleDmonSampleCount: unattachedSamples)
        }
    }

    func runInfo(_ row: Row) -> RunInfo {
        RunInfo(id: row["id"], suiteName: row["suite_name"], suiteHash: row["suite_hash"], suiteText: row["suite_text"],
                source: RunSource(rawValue: row["source"]) ?? .run, status: reported(row["status"], runID: row["id"]),
                startedAt: TimeText.parse(row["started_at"]), endedAt: TimeText.parse(row["ended_at"]),
                dsbenchVersion: row["dsbench_version"], user: row["user_name"], host: row["host_name"], pid: row["pid"],
                labels: JSONText.decode([String: String].self, row["labels"]) ?? [:])
    }

    private func stepDetails(_ db: Database, runID: Int64) throws -> [StepDetail] {
        var summaries: [Int64: NcclStepSummary] = [:]
        // The columns the summary shows, not `s.*`: an INFO log's NCCL_DEBUG summary and device
        // lines are tens of kilobytes of JSON. Rows of a cursor, not `fetchAll`'s copies: a copied
        // row finds a column by name by lowercasing every name before it (2.8 M instructions of
        // `show`, callgrind), a cursor's in a table made once.
        let summaryRows = try Row.fetchCursor(db, sql: """
            SELECT s.step_id, s.program, s.collective, s.ranks, s.avg_busbw, s.row_count, s.complete, s.out_of_bounds,
                   s.out_of_bounds_ok, s.nccl_version, s.nccl_tests_version,
                   json_array_length(s.errors) AS error_count, json_extract(s.devices, '$[0].name') AS gpu_model
            FROM nccl_summaries s WHERE s.run_id = ?
            """, arguments: [runID])
        while let row = try summaryRows.next() {
            summaries[row["step_id"]] = NcclStepSummary(
                program: row["program"], collective: row["collective"], ranks: row["ranks"],
                gpuModel: row["gpu_model"], avgBusbw: row["avg_busbw"], rowCount: row["row_count"],
                complete: row["complete"], outOfBounds: row["out_of_bounds"], outOfBoundsOK: row["out_of_bounds_ok"],
                ncclVersion: row["nccl_version"], testsVersion: row["nccl_tests_version"],
                errorCount: row["error_count"] ?? 0)
        }
        var steps: [StepDetail] = []
        let stepRows = try Row.fetchCursor(db, sql: """
            SELECT st.*,
                   (SELECT COUNT(*) FROM dmon_samples d WHERE d.step_id = st.id) AS dmon_count,
                   (SELECT COUNT(*) FROM diagnostics g WHERE g.run_id = st.run_id AND g.step_id = st.id) AS diagnostic_count
            FROM steps st WHERE st.run_id = ? ORDER BY st.seq
            """, arguments: [runID])
        while let row = try stepRows.next() {
            let id: Int64 = row["id"]
            steps.append(StepDetail(
                id: id, seq: row["seq"], key: row["step_key"], name: row["name"], kind: row["kind"], node: row["node"],
                variant: row["variant"], repeatIndex: row["repeat_index"],
                argv: JSONText.decode([String].self, row["argv"]) ?? [],
                plannedArgv: JSONText.decode([String].self, row["planned_argv"]),
                env: JSONText.decode([String: String].self, row["env"]) ?? [:],
                status: StepStatus(rawValue: row["status"]) ?? .failed,
                exitCode: row["exit_code"], signal: row["signal"],
                startedAt: TimeText.parse(row["started_at"]), endedAt: TimeText.parse(row["ended_at"]),
                error: row["error"], nccl: summaries[id],
                dmonSampleCount: row["dmon_count"], diagnosticCount: row["diagnostic_count"]))
        }
        return steps
    }

    private func nodeDetails(_ db: Database, runID: Int64) throws -> [NodeDetail] {
        var nodes: [String: NodeDetail] = [:]
        func node(_ name: String) -> NodeDetail {
            nodes[name] ?? NodeDetail(name: name, hostname: nil, status: nil, error: nil, gpuNames: [],
                                      driverVersions: [], cudaVersions: [], ncclVersions: [])
        }
        for name in try String.fetchAll(db, sql: "SELECT DISTINCT node FROM steps WHERE run_id = ?", arguments: [runID]) {
            nodes[name] = node(name)
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM nodes WHERE run_id = ?", arguments: [runID]) {
            var detail = node(row["name"])
            detail.hostname = row["hostname"]; detail.status = row["status"]; detail.error = row["error"]
            nodes[detail.name] = detail
        }
        // A GPU inventoried twice in one run keeps its latest row.
        var gpus: [String: [Int: String]] = [:]
        var drivers: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT node, gpu_index, name, driver_version FROM inventory_gpus WHERE run_id = ? ORDER BY id
            """, arguments: [runID]) {
            let name: String = row["node"]
            gpus[name, default: [:]][row["gpu_index"]] = row["name"] ?? "?"
            if let driver: String = row["driver_version"] { drivers[name, default: []].insert(driver) }
        }
        var facts: [String: [String: Set<String>]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT node, key, value FROM inventory_facts
            WHERE run_id = ? AND key IN ('driver_version', 'cuda_version', 'nccl_version')
            """, arguments: [runID]) {
            facts[row["node"], default: [:]][row["key"], default: []].insert(row["value"])
        }
        for name in Set(gpus.keys).union(facts.keys) {
            var detail = node(name)
            detail.gpuNames = (gpus[name] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            detail.driverVersions = drivers[name, default: []].union(facts[name]?["driver_version"] ?? []).sorted()
            detail.cudaVersions = (facts[name]?["cuda_version"] ?? []).sorted()
            detail.ncclVersions = (facts[name]?["nccl_version"] ?? []).sorted()
            nodes[name] = detail
        }
        return nodes.values.sorted { $0.name < $1.name }
    }
}
