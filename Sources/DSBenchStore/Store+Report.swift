import DSBenchCore
import Foundation
import GRDB
import GRDBSQLite

/// One dmon line reduced to the columns a report asked for.
public struct DmonValues: Sendable {
    public var stepID: Int64?
    public var node: String
    public var gpu: Int
    public var seq: Int
    /// `sampled_at` in seconds, read as if UTC (`YYYY-MM-DD HH:MM:SS` is node-local; a bare
    /// `HH:MM:SS` counts from 2000-01-01); nil when absent or unreadable.
    public var seconds: Int64?
    /// Aligned with the requested columns; nil where the sample had no value.
    public var values: [Double?]
}

/// Bulk reads for reports: every row of several runs in one query, dmon samples streamed.
extension Store {
    /// Every nccl-tests row of these runs, by step then row order.
    public func busbwRows(runIDs: [Int64]) throws(StoreError) -> [BusbwRow] {
        guard !runIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: runIDs.count).joined(separator: ", ")
        return try read("reading the busbw of runs \(runIDs)") { db in
            // 13 888 rows for 64 nodes × 7 collectives. Step by step, each step's rows through the
            // (step_id, seq) index in output order, read with the C API: no join, no sort of the
            // whole run, the step's strings once (one query with GRDB `Row`s took 62 ms, most of
            // the export's budget of 100 ms; this takes about 10).
            var steps: [BusbwRow] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT st.run_id, st.id, st.node, st.name, st.variant, s.collective, s.ranks,
                       json_extract(s.devices, '$[0].name')
                FROM steps st LEFT JOIN nccl_summaries s ON s.step_id = st.id
                WHERE st.run_id IN (\(marks)) ORDER BY st.run_id, st.seq
                """, arguments: StatementArguments(runIDs)) {
                steps.append(BusbwRow(runID: row[0], stepID: row[1], node: row[2], stepName: row[3], variant: row[4],
                                      collective: row[5], ranks: row[6], type: "", redop: "", size: 0, busbw: nil,
                                      wrong: false, gpuModel: row[7]))
            }
            let statement = try db.makeStatement(sql: """
                SELECT type, redop, size, oop_busbw,
                       COALESCE(oop_wrong, 0) > 0 OR (ip_present AND COALESCE(ip_wrong, 0) > 0),
                       oop_time_us, oop_algbw
                FROM nccl_results WHERE step_id = ? ORDER BY seq
                """)
            let handle = statement.sqliteStatement
            func double(_ column: Int32) -> Double? {
                sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
            }
            /// The column's text, re-decoded only when its bytes differ from the last row's.
            func cached(_ column: Int32, _ bytes: inout [UInt8], _ value: inout String) {
                guard let pointer = sqlite3_column_text(handle, column) else { bytes = []; value = ""; return }
                let current = UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
                if !current.elementsEqual(bytes) { bytes = Array(current); value = String(decoding: bytes, as: UTF8.self) }
            }
            var rows: [BusbwRow] = []
            var typeBytes: [UInt8] = [], redopBytes: [UInt8] = []
            var type = "", redop = ""
            for step in steps {
                try statement.setArguments([step.stepID])
                while true {
                    let code = sqlite3_step(handle)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else { throw StoreError(.database, String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                    cached(0, &typeBytes, &type)
                    cached(1, &redopBytes, &redop)
                    var row = step
                    row.type = type; row.redop = redop
                    row.size = sqlite3_column_int64(handle, 2)
                    row.busbw = double(3)
                    row.wrong = sqlite3_column_int64(handle, 4) != 0
                    row.timeUs = double(5)
                    row.algbw = double(6)
                    rows.append(row)
                }
            }
            return rows
        }
    }

    /// Calls `body` for every dmon sample of the run in insertion order (per step: node, round,
    /// GPU) with the values of `columns`; unknown column names are refused, not interpolated.
    public func forEachDmonSample(runID: Int64, columns: [String],
                                  _ body: (DmonValues) -> Void) throws(StoreError) {
        let known = Set(RecordWriter.dmonColumns)
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw StoreError(.notFound, "dmon column '\(unknown)' is not stored as a column")
        }
        // 1.8 M rows for an hour of 64 nodes: read through the C API, one String per node change,
        // each distinct timestamp parsed once (a round's GPUs share it), no String per row.
        try read("reading the dmon samples of run \(runID)") { db in
            let list = columns.isEmpty ? "" : ", " + columns.joined(separator: ", ")
            let statement = try db.makeStatement(sql: """
                SELECT step_id, node, gpu, seq, sampled_at\(list)
                FROM dmon_samples WHERE run_id = ? ORDER BY id
                """)
            try statement.setArguments([runID])
            let handle = statement.sqliteStatement
            var node = ""
            var nodeBytes: [UInt8] = []
            var values = [Double?](repeating: nil, count: columns.count)
            var stampBytes: [UInt8] = []
            var stampSeconds: Int64? = nil
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw StoreError(.database, String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let length = Int(sqlite3_column_bytes(handle, 1))
                if let text = sqlite3_column_text(handle, 1) {
                    let bytes = UnsafeBufferPointer(start: text, count: length)
                    if !bytes.elementsEqual(nodeBytes) {
                        nodeBytes = Array(bytes)
                        node = String(decoding: nodeBytes, as: UTF8.self)
                    }
                }
                if let text = sqlite3_column_text(handle, 4) {
                    let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, 4)))
                    if !bytes.elementsEqual(stampBytes) {
                        stampBytes = Array(bytes)
                        stampSeconds = SampleTime.seconds(stampBytes)
                    }
                } else {
                    stampBytes = []; stampSeconds = nil
                }
                for index in columns.indices {
                    values[index] = sqlite3_column_type(handle, Int32(5 + index)) == SQLITE_NULL
                        ? nil : sqlite3_column_double(handle, Int32(5 + index))
                }
                body(DmonValues(
                    stepID: sqlite3_column_type(handle, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 0),
                    node: node, gpu: Int(sqlite3_column_int64(handle, 2)), seq: Int(sqlite3_column_int64(handle, 3)),
                    seconds: stampSeconds,
                    values: values))
            }
        }
    }
}

/// dmon's `sampled_at` (`YYYY-MM-DD HH:MM:SS`, node-local, or `HH:MM:SS`) as seconds, read as if
/// UTC; a bare time counts from 2000-01-01. nil for anything else.
public enum SampleTime {
    public static func seconds(_ text: [UInt8]) -> Int64? {
        var numbers: [Int64] = []
        numbers.reserveCapacity(6)
        var current: Int64 = 0, digits = 0
        for byte in text {
            if byte >= 48 && byte <= 57 {
                guard digits < 9 else { return nil }
                current = current * 10 + Int64(byte - 48); digits += 1
            } else {
                if digits > 0 { numbers.append(current) }
                current = 0; digits = 0
            }
        }
        if digits > 0 { numbers.append(current) }
        let clock: (Int64, Int64, Int64)
        let days: Int64
        switch numbers.count {
        case 6:
            guard (1...12).contains(numbers[1]), (1...31).contains(numbers[2]) else { return nil }
            days = CivilDate(year: numbers[0], month: numbers[1], day: numbers[2]).daysSinceEpoch
            clock = (numbers[3], numbers[4], numbers[5])
        case 3:
            days = 10_957  // 2000-01-01
            clock = (numbers[0], numbers[1], numbers[2])
        default:
            return nil
        }
        guard clock.0 < 24, clock.1 < 60, clock.2 < 61 else { return nil }
        return days * 86_400 + clock.0 * 3600 + clock.1 * 60 + clock.2
    }
}
