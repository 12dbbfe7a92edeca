import Foundation
import GRDB

/// The database file dsbench wrote, read (and, for the migration test, tampered with) from
/// outside, with plain SQL — what an operator's `sqlite3 dsbench.db` would see.
struct SQLiteFile {
    let queue: DatabaseQueue

    init(_ url: URL) throws {
        queue = try DatabaseQueue(path: url.path)
    }

    func int(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) } ?? -1
    }

    func ints(_ sql: String, _ arguments: StatementArguments = []) throws -> [Int] {
        try queue.read { db in try Int.fetchAll(db, sql: sql, arguments: arguments) }
    }

    func strings(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try queue.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// Every row as `column=value` text joined by `|`, for before/after comparisons.
    func dump(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try queue.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                row.columnNames.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|")
            }
        }
    }

    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// Steps of a run in plan order.
    func steps(run: Int64) throws -> [StepRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM steps WHERE run_id = ? ORDER BY seq", arguments: [run]).map {
                StepRow(id: $0["id"], key: $0["step_key"], name: $0["name"], status: $0["status"],
                        exitCode: $0["exit_code"], error: $0["error"], argv: $0["argv"], env: $0["env"])
            }
        }
    }

    struct StepRow {
        var id: Int64
        var key: String
        var name: String
        var status: String
        var exitCode: Int?
        var error: String?
        var argv: String
        var env: String
    }
}
