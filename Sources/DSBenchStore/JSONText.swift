import DSBenchCore
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
        // argv, env and labels, on every `show`: read without JSONDecoder (StoredJSON says why).
        if T.self == [String].self, let strings = StoredJSON.strings(text) { return strings as? T }
        if T.self == [String: String].self, let map = StoredJSON.stringMap(text) { return map as? T }
        if T.self == [String: String?].self, let map = StoredJSON.optionalStringMap(text) { return map as? T }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(T.self, from: Data(text.utf8))
    }

    static func quoted(_ string: String) -> String { JSONString.quoted(string) }
}
