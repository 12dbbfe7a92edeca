import Foundation

/// JSON for the TEXT columns (argv, env, labels, structured facts). Written by hand where order
/// matters (argv, env in declaration order), through Codable with sorted keys elsewhere so that
/// equal values give equal text.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// An object whose keys keep the given order (env as declared).
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { quoted($0.0) + ":" + quoted($0.1) }.joined(separator: ",") + "}"
    }

    static func object(sorted dictionary: [String: String]) -> String {
        object(dictionary.sorted { $0.key < $1.key })
    }

    /// Object of optional strings (`null` for a missing value), sorted by key.
    static func object(sortedOptional dictionary: [String: String?]) -> String {
        "{" + dictionary.sorted { $0.key < $1.key }
            .map { quoted($0.key) + ":" + ($0.value.map(quoted) ?? "null") }
            .joined(separator: ",") + "}"
    }

    /// Object of optional numbers; non-finite values become `null` (JSON has no NaN).
    static func object(sortedNumbers dictionary: [String: Double?]) -> String {
        "{" + dictionary.sorted { $0.key < $1.key }
            .map { quoted($0.key) + ":" + number($0.value) }
            .joined(separator: ",") + "}"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Records never hold non-finite numbers by contract, but a NaN must not make the whole
        // step unstorable.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(T.self, from: Data(text.utf8))
    }

    static func quoted(_ string: String) -> String {
        // Most values need no escape; copying them whole is 4× faster than scalar by scalar
        // (a large query-gpu ingest spent a fifth of its time here).
        if !string.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) { return "\"" + string + "\"" }
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
