import DSBenchCore
import GRDB
import GRDBSQLite

/// `nccl_results` rows read straight off the SQLite statement, by column position, as
/// `Store.ncclResults` selects them: step_id, seq, size, count, type, redop, root, ip_present,
/// sampled_at, then the eight out-of-place and the eight in-place measurement columns.
enum NcclResultColumns {
    static func rows(_ statement: Statement, db: Database) throws -> [NcclResultRow] {
        try rows(statement, db: db) { NcclResultRow(stepID: $0, seq: $1, row: $2) }
    }

    /// Each row made by `make` from its step id, seq and values, as it is stepped.
    /// `reserving`: the rows expected, so that a large step's array is allocated once instead of
    /// doubling (which held the old array and the new, twice the rows, at the peak).
    static func rows<Row>(_ statement: Statement, db: Database, reserving expected: Int = 0,
                          _ make: (Int64, Int, NcclTestsRow) -> Row) throws -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(expected)
        try step(statement, db: db) { handle, texts in
            rows.append(make(
                sqlite3_column_int64(handle, 0), Int(sqlite3_column_int64(handle, 1)),
                NcclTestsRow(
                    size: sqlite3_column_int64(handle, 2), count: sqlite3_column_int64(handle, 3),
                    type: texts.text(handle, 4, slot: 0), redop: texts.text(handle, 5, slot: 1),
                    root: Int(sqlite3_column_int64(handle, 6)),
                    outOfPlace: measurement(handle, from: 9),
                    inPlace: sqlite3_column_int64(handle, 7) != 0 ? measurement(handle, from: 17) : nil,
                    timestamp: optionalText(handle, 8), line: 0)))
        }
        return rows
    }

    /// Steps `statement` to its end, `row` seeing each row's handle; the statement is reset after.
    /// `texts` keeps one String per repeated text (type and redop repeat on every row).
    static func step(_ statement: Statement, db: Database, _ row: (OpaquePointer, inout TextCache) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var texts = TextCache()
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            try row(handle, &texts)
        }
    }

    private static func measurement(_ handle: OpaquePointer, from k: Int32) -> NcclTestsMeasurement {
        NcclTestsMeasurement(
            timeUs: real(handle, k), algbw: real(handle, k + 1), busbw: real(handle, k + 2),
            wrong: sqlite3_column_type(handle, k + 3) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, k + 3),
            iterMinUs: real(handle, k + 4), iterMaxUs: real(handle, k + 5), iterP99Us: real(handle, k + 6),
            iterCVPercent: real(handle, k + 7))
    }

    static func real(_ handle: OpaquePointer, _ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }

    private static func optionalText(_ handle: OpaquePointer, _ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: bytes)
    }

    struct TextCache {
        private var last: [(bytes: [UInt8], text: String)] = [([], ""), ([], "")]

        mutating func text(_ handle: OpaquePointer, _ column: Int32, slot: Int) -> String {
            guard let pointer = sqlite3_column_text(handle, column) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, column))
            let bytes = UnsafeBufferPointer(start: pointer, count: count)
            if last[slot].bytes.elementsEqual(bytes) { return last[slot].text }
            let text = String(decoding: bytes, as: UTF8.self)
            last[slot] = (Array(bytes), text)
            return text
        }
    }
}
