/// A JSON value with object members kept in the order they were added, so output is stable.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// nil and non-finite numbers are written as `null` (JSON has no NaN or infinity).
    case number(Double?)
    case string(String?)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])
}

/// Writes `JSONValue`s: escaped strings, explicit nulls, stable key order, optional indentation.
public enum JSONWriter {
    public static func render(_ value: JSONValue, pretty: Bool = true) -> String {
        var out = ""
        write(value, into: &out, indent: pretty ? 0 : nil)
        if pretty { out.append("\n") }
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?) {
        switch value {
        case .null: out.append("null")
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .int(let number): out.append(String(number))
        case .number(let number): out.append(format(number))
        case .string(let text):
            if let text { escape(text, into: &out) } else { out.append("null") }
        case .array(let items):
            writeContainer(open: "[", close: "]", count: items.count, into: &out, indent: indent) { index, out, inner in
                write(items[index], into: &out, indent: inner)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, into: &out, indent: indent) { index, out, inner in
                escape(members[index].key, into: &out)
                out.append(inner == nil ? ":" : ": ")
                write(members[index].value, into: &out, indent: inner)
            }
        }
    }

    private static func writeContainer(open: String, close: String, count: Int, into out: inout String, indent: Int?,
                                       element: (Int, inout String, Int?) -> Void) {
        out.append(open)
        guard count > 0 else { out.append(close); return }
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { out.append(",") }
            if let inner { out.append("\n"); out.append(String(repeating: " ", count: inner)) }
            element(index, &out, inner)
        }
        if let indent { out.append("\n"); out.append(String(repeating: " ", count: indent)) }
        out.append(close)
    }

    /// Whole numbers print without a fraction (`126`, not `126.0`); others use Swift's shortest
    /// round-tripping form, which is valid JSON (`26.562`, `1e-05`).
    static func format(_ number: Double?) -> String {
        guard let number, number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    static func escape(_ text: String, into out: inout String) {
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
