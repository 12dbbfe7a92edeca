import DSBenchCore

/// The JSON of the TEXT columns read on every `show` and health pass (argv, env, labels, an nccl
/// step's devices and NCCL_DEBUG summary), read and written by hand. Through Codable they cost a
/// short command most of its JSON time and a large ingest several times the text in memory:
/// `JSONDecoder` first builds a map of the whole document, and each Codable type is looked up in
/// the runtime on first use (about a tenth of a 16-file ingest, perf). Any JSON reads here, so
/// rows written by the Codable path before read the same; what this cannot read (it never
/// should) falls back to `JSONDecoder` at the call site.
enum StoredJSON {
    typealias Value = JSONValue

    static func parse(_ text: String) -> Value? { JSONValue.parse(text) }
    static func eachItem(_ text: String, _ body: (Value) -> Bool) -> Bool { JSONValue.eachItem(text, body) }
}

extension StoredJSON {
    /// `["a","b"]`, as `JSONText.array` writes it.
    static func strings(_ text: String) -> [String]? { strings(parse(text)) }

    /// `{"k":"v"}`, as `JSONText.object` writes it (never a key twice).
    static func stringMap(_ text: String) -> [String: String]? { stringMap(parse(text)) }

    /// `{"k":"v","n":null}`, as `JSONText.object(sortedOptional:)` writes it.
    static func optionalStringMap(_ text: String) -> [String: String?]? {
        guard let members = parse(text)?.members else { return nil }
        var out: [String: String?] = [:]
        for (key, v) in members {
            if v == .null { out[key] = .some(nil); continue }
            guard let s = v.string else { return nil }
            out[key] = s
        }
        return out
    }

    static func strings(_ value: Value?) -> [String]? {
        guard let items = value?.array else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let s = item.string else { return nil }
            out.append(s)
        }
        return out
    }

    static func stringMap(_ value: Value?) -> [String: String]? {
        guard let members = value?.members else { return nil }
        var out: [String: String] = [:]
        for (key, v) in members {
            guard let s = v.string else { return nil }
            out[key] = s
        }
        return out
    }
}
