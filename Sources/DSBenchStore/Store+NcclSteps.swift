import DSBenchCore
import GRDB

/// The stored nccl-tests summary of one step, as analysis needs it (health rules read the device
/// lines and the NCCL_DEBUG transport summary kept beside the numbers).
public struct StoredNcclStep: Sendable, Equatable {
    public var stepID: Int64
    public var stepKey: String
    public var stepName: String
    public var node: String
    public var program: String?
    public var collective: String?
    public var ranks: Int?
    public var ncclVersion: String?
    public var outOfBounds: Int?
    public var outOfBoundsOK: Bool?
    public var complete: Bool
    public var devices: [NcclTestsDevice]
    /// The parser's summary of the step's NCCL_DEBUG lines; nil without any, or for a row stored
    /// before migration 0110 (then `legacyDebugLines` holds the lines to summarise).
    public var transport: NcclTransportSummary?
    /// The NCCL_DEBUG lines of a row stored before migration 0110; empty otherwise.
    public var legacyDebugLines: [NcclDebugLine]
}

extension Store {
    /// Rows stored since migration 0110 hold `[]` here: no JSONDecoder for them (42 k
    /// instructions a step, callgrind).
    private func legacyDebugLines(_ text: String?) -> [NcclDebugLine] {
        guard let text, text != "[]" else { return [] }
        return JSONText.decode([NcclDebugLine].self, text) ?? []
    }

    /// Every nccl-tests summary of a run, in step order.
    public func ncclSteps(runID: Int64) throws(StoreError) -> [StoredNcclStep] {
        try read("reading the nccl summaries of run \(runID)") { db in
            // A cursor's rows find their columns in a table (see `stepDetails`).
            var steps: [StoredNcclStep] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.*, st.step_key, st.name AS step_name FROM nccl_summaries s
                JOIN steps st ON st.id = s.step_id WHERE s.run_id = ? ORDER BY st.seq
                """, arguments: [runID])
            while let row = try rows.next() {
                let ok: Int? = row["out_of_bounds_ok"]
                let transportText: String? = row["transport"]
                let transport = transportText.flatMap(StoredJSON.transport) ?? JSONText.decode(NcclTransportSummary.self, transportText)
                let devicesText: String? = row["devices"]
                steps.append(StoredNcclStep(
                    stepID: row["step_id"], stepKey: row["step_key"], stepName: row["step_name"], node: row["node"],
                    program: row["program"], collective: row["collective"], ranks: row["ranks"],
                    ncclVersion: row["nccl_version"], outOfBounds: row["out_of_bounds"],
                    outOfBoundsOK: ok.map { $0 != 0 }, complete: row["complete"],
                    devices: devicesText.flatMap(StoredJSON.devices) ?? JSONText.decode([NcclTestsDevice].self, devicesText) ?? [],
                    transport: transport,
                    legacyDebugLines: transport == nil ? legacyDebugLines(row["debug_lines"]) : []))
            }
            return steps
        }
    }
}
