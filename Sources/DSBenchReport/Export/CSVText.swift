/// A table for spreadsheets: a header and rows of text cells (empty: no value).
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) { self.header = header; self.rows = rows }
}

/// RFC 4180: CRLF after every record, a field in double quotes when it holds a comma, a double
/// quote, CR or LF (a double quote inside doubled), every other field as it is.
public struct CSVText: Exporter {
    public static let contentType = "text/csv; charset=utf-8; header=present"
    public init() {}

    public func render(_ table: CSVTable) -> String {
        var out = ""
        for record in [table.header] + table.rows {
            out += record.map(Self.field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
