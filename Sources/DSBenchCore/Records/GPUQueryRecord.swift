/// The column names of one `--query-gpu` table, shared by all its rows: one array per table, not
/// a dictionary of names per row. With a dictionary per row, a 100 MB capture took 9.8× its size
/// to parse; a row's values alone are a quarter of that.
public final class GPUQueryColumns: Sendable {
    public let names: [String]
    /// The column of each name; a repeated name maps to its last column (the last value is kept).
    let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() { positions[name] = index }
        self.positions = positions
    }
}

/// One GPU row of `nvidia-smi --query-gpu=… --format=csv[,noheader][,nounits]`.
public struct GPUQueryRecord: Sendable, Codable, Equatable {
    private let columns: GPUQueryColumns
    /// One per column: raw text with units stripped; nil for bracketed values (`[N/A]`).
    private let values: [String?]
    /// Reasons given for bracketed values, e.g. `["clocks.max.sm": "N/A"]`.
    public var unavailable: [String: String]
    public var line: Int

    /// A row read under `columns`: `values[i]` belongs to `columns.names[i]`.
    public init(columns: GPUQueryColumns, values: [String?], unavailable: [String: String] = [:], line: Int) {
        precondition(values.count == columns.names.count, "one value per column")
        self.columns = columns; self.values = values; self.unavailable = unavailable; self.line = line
    }

    public init(fields: [String: String?], unavailable: [String: String] = [:], line: Int) {
        let names = fields.keys.sorted()
        self.init(columns: GPUQueryColumns(names), values: names.map { fields[$0] ?? nil }, unavailable: unavailable,
                  line: line)
    }

    /// Every field as queried → its value (nil for bracketed values). Built on each call.
    public var fields: [String: String?] {
        var all: [String: String?] = [:]
        for (name, position) in columns.positions { all.updateValue(values[position], forKey: name) }
        return all
    }

    public func string(_ field: String) -> String? { columns.positions[field].flatMap { values[$0] } }
    public func number(_ field: String) -> Double? { string(field).flatMap(Self.number(text:)) }
    /// nil for values outside Int's range too (`Int(1e300)` would trap on input text).
    public func integer(_ field: String) -> Int? { string(field).flatMap(Self.integer(text:)) }

    /// `number(field)` of a field's text.
    public static func number(text raw: String) -> Double? {
        Double(raw.split(separator: " ").first.map(String.init) ?? raw)
    }

    /// `integer(field)` of a field's text.
    public static func integer(text raw: String) -> Int? { number(text: raw).flatMap { Int(exactly: $0.rounded(.towardZero)) } }

    public var index: Int? { integer("index") }

    public static func == (a: GPUQueryRecord, b: GPUQueryRecord) -> Bool {
        a.line == b.line && a.unavailable == b.unavailable && a.fields == b.fields
    }

    // The stored and printed shape is `{"fields": {name: value}, "unavailable": …, "line": …}`.
    private enum CodingKeys: String, CodingKey { case fields, unavailable, line }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(fields: try container.decode([String: String?].self, forKey: .fields),
                  unavailable: try container.decode([String: String].self, forKey: .unavailable),
                  line: try container.decode(Int.self, forKey: .line))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fields, forKey: .fields)
        try container.encode(unavailable, forKey: .unavailable)
        try container.encode(line, forKey: .line)
    }
}
