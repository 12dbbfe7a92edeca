import DSBenchCore
import GRDB
import GRDBSQLite

/// Inserts rows of one table in multi-row `INSERT … VALUES (…), (…), …` statements driven through
/// the SQLite C API. At hundreds of thousands of rows, GRDB's per-execution bookkeeping and
/// SQLite's per-statement cost dominate; 256 rows per statement, with text kept in one byte arena
/// bound without copies, brings the cost close to SQLite's own insert work.
/// Rows are buffered: call `finish()` after the last one. Used inside a `Store.write`
/// transaction only, whose rollback covers a failing batch.
struct BulkInsert {
    /// One parameter of a buffered row; text points into `arena`.
    private enum Cell {
        case null
        case integer(Int64)
        case real(Double)
        case text(offset: Int, count: Int)
    }

    private let db: Database
    /// `INSERT INTO table (a, b, …) VALUES`
    private let prefix: String
    private let columnCount: Int
    private let batchRows: Int
    private var cells: [Cell]
    private var arena: [UInt8] = []
    private var bufferedRows = 0
    /// Compiled on first use: the full-batch statement and the one-row statement.
    private var batchStatement: Statement?
    private var rowStatement: Statement?
    /// What each parameter of the full-batch statement holds from the previous batch; `.unknown`
    /// where unknown or text (text points into the arena, which each batch refills). A number or NULL
    /// equal to it is not bound again: consecutive batches repeat most of them (run and step ids,
    /// zero counters, absent columns), and binding was about a sixth of the CPU of an ingest.
    private var boundInBatch: [BoundValue]

    /// A parameter's value in two words, compared at the cost of an integer compare.
    private struct BoundValue: Equatable {
        /// 0: unknown or text (never equal to a cell), 1: NULL, 2: integer, 3: real (by bits, so
        /// that -0.0 is never taken for 0.0).
        var kind: UInt8
        var bits: UInt64
        static let unknown = BoundValue(kind: 0, bits: 0)

        @inline(__always)
        init(kind: UInt8, bits: UInt64) { self.kind = kind; self.bits = bits }

        @inline(__always)
        init(_ cell: Cell) {
            switch cell {
            case .null: self.init(kind: 1, bits: 0)
            case .integer(let value): self.init(kind: 2, bits: UInt64(bitPattern: value))
            case .real(let value): self.init(kind: 3, bits: value.bitPattern)
            case .text: self = .unknown
            }
        }
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(_ db: Database, table: String, columns: [String], batchRows: Int = 256) {
        self.db = db
        prefix = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        columnCount = columns.count
        // Stay under the connection's parameter limit (32766 in SQLite ≥ 3.32, 999 before).
        let limit = Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        self.batchRows = max(1, min(batchRows, limit / max(1, columns.count)))
        cells = Array(repeating: .null, count: self.batchRows * columns.count)
        boundInBatch = Array(repeating: .unknown, count: self.batchRows * columns.count)
        arena.reserveCapacity(4096)
    }

    // Setters for the current row (0-based column); callers set every column of every row.

    /// For REAL columns only (all the Double columns of the bulk tables). An integral value goes in
    /// as an integer: SQLite stores an integral REAL that way on disk anyway and reads it back as
    /// REAL, so the row is the same, but its per-value conversion is skipped (most dmon values are
    /// integers; skipping the conversion saved 4 % of a dmon ingest). NaN and ±inf become NULL.
    @inline(__always)
    mutating func set(_ column: Int, _ value: Double?) {
        guard let value, value.isFinite else { cells[slot(column)] = .null; return }
        if let integer = Int64(exactly: value) {
            cells[slot(column)] = .integer(integer)
        } else {
            cells[slot(column)] = .real(value)
        }
    }

    @inline(__always)
    mutating func set(_ column: Int, _ value: Int64?) {
        if let value { cells[slot(column)] = .integer(value) } else { cells[slot(column)] = .null }
    }

    @inline(__always)
    mutating func set(_ column: Int, _ value: Int?) {
        if let value { cells[slot(column)] = .integer(Int64(value)) } else { cells[slot(column)] = .null }
    }

    @inline(__always)
    mutating func set(_ column: Int, _ value: String?) {
        guard var value else { cells[slot(column)] = .null; return }
        let offset = arena.count
        value.withUTF8 { arena.append(contentsOf: $0) }
        cells[slot(column)] = .text(offset: offset, count: arena.count - offset)
    }

    @inline(__always)
    private func slot(_ column: Int) -> Int { bufferedRows * columnCount + column }

    /// Ends the current row; a full batch is inserted.
    mutating func endRow() throws {
        bufferedRows += 1
        if bufferedRows == batchRows { try flush() }
    }

    /// Inserts the rows still buffered and unbinds the statements: nothing may keep pointing into
    /// the arena once the rows are in.
    mutating func finish() throws {
        if bufferedRows > 0 { try flush() }
        for statement in [batchStatement, rowStatement] {
            if let handle = statement?.sqliteStatement { sqlite3_clear_bindings(handle) }
        }
        for index in boundInBatch.indices { boundInBatch[index] = .unknown }
    }

    /// The statement for `rows` rows (a full batch or one row), compiled and looked up once per
    /// insert: the batch SQL holds thousands of placeholders, and building and hashing it for
    /// every batch cost about a tenth of a large ingest.
    private mutating func statement(rows: Int) throws -> Statement {
        if rows == batchRows, let batchStatement { return batchStatement }
        if rows == 1, rows != batchRows, let rowStatement { return rowStatement }
        let placeholders = "(" + Array(repeating: "?", count: columnCount).joined(separator: ",") + ")"
        let sql = prefix + Array(repeating: placeholders, count: rows).joined(separator: ",")
        let statement = try db.cachedStatement(sql: sql)
        sqlite3_reset(statement.sqliteStatement)   // binding a statement left mid-step would fail
        if rows == batchRows { batchStatement = statement } else { rowStatement = statement }
        return statement
    }

    /// Full batches go in one statement; a last partial batch row by row, so that the statement
    /// cache holds two statements per table rather than one per remainder size.
    ///
    /// Bindings are not cleared between executions: every parameter is rebound before each step
    /// (callers set every column) unless it already holds that number or NULL, and clearing
    /// thousands of parameters per batch cost as much as binding them. `finish()` clears them, and
    /// so does a failing step here.
    private mutating func flush() throws {
        let rows = bufferedRows
        bufferedRows = 0
        defer { arena.removeAll(keepingCapacity: true) }
        let rowsPerStatement = rows == batchRows ? batchRows : 1
        let statement = try statement(rows: rowsPerStatement)
        let handle = statement.sqliteStatement
        let cells = self.cells
        let cellsPerStatement = rowsPerStatement * columnCount
        let connection = db.sqliteConnection
        // A full batch is one execution (first == 0), so a cell's index is its parameter's.
        let tracked = rowsPerStatement == batchRows
        var boundArray: [BoundValue] = []
        if tracked { swap(&boundArray, &boundInBatch) }
        defer { if tracked { swap(&boundArray, &boundInBatch) } }
        try boundArray.withUnsafeMutableBufferPointer { bound in
            try arena.withUnsafeBufferPointer { arena in
                var first = 0
                while first < rows * columnCount {
                    for index in first..<(first + cellsPerStatement) {
                        let parameter = Int32(index - first + 1)
                        let cell = cells[index]
                        if tracked {
                            let value = BoundValue(cell)
                            if value.kind != 0, bound[index] == value { continue }
                            bound[index] = value
                        }
                        switch cell {
                        case .null: sqlite3_bind_null(handle, parameter)
                        case .integer(let value): sqlite3_bind_int64(handle, parameter, value)
                        case .real(let value): sqlite3_bind_double(handle, parameter, value)
                        case .text(let offset, let count):
                            if count > 0, let base = arena.baseAddress {
                                // SQLITE_STATIC (nil): the arena outlives the step below.
                                let start = UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
                                sqlite3_bind_text(handle, parameter, start, Int32(count), nil)
                            } else {
                                sqlite3_bind_text(handle, parameter, "", 0, Self.transient)   // '' is not NULL
                            }
                        }
                    }
                    let code = sqlite3_step(handle)
                    let message = code == SQLITE_DONE ? nil : sqlite3_errmsg(connection).map { String(cString: $0) }
                    sqlite3_reset(handle)
                    if let message {
                        sqlite3_clear_bindings(handle)
                        for index in bound.indices { bound[index] = .unknown }
                        // A GRDB error, so that `Store.write` names the operation and the file around it.
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message,
                                            sql: statement.sql)
                    }
                    first += cellsPerStatement
                }
            }
        }
    }
}
