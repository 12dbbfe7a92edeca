import DSBenchCore

/// JSON text written piece by piece as UTF-8 bytes, for the stored columns whose shape is
/// Codable's (members in the order given, which callers keep sorted; a nil member left out).
/// A `String` per member joined into a `String` per object cost 36 k instructions for each NCCL
/// connection of an INFO log, 8 M of the 16-capture ingest's 195 M (callgrind); appending to one
/// `String` still cost 30 k (340 per `String.append`); bytes appended to one array, made a
/// `String` once, cost a few per byte.
struct JSONTextWriter {
    private var bytes: [UInt8] = []
    /// A value or a closed container was just written: the next member or item needs a comma.
    private var needsComma = false

    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// A member's key (a field name, never in need of escaping); its value comes next.
    mutating func key(_ key: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) { separate(); quote(value); needsComma = true }
    mutating func int(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8); needsComma = true }
    mutating func int(_ value: Int64) { separate(); bytes.append(contentsOf: String(value).utf8); needsComma = true }
    mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8); needsComma = true }

    mutating func member(_ key: String, _ value: String?) { if let value { self.key(key); string(value) } }
    mutating func member(_ key: String, _ value: Int?) { if let value { self.key(key); int(value) } }
    mutating func member(_ key: String, _ value: Int64?) { if let value { self.key(key); int(value) } }
    mutating func member(_ key: String, _ value: Bool?) { if let value { self.key(key); bool(value) } }

    mutating func member(_ key: String, strings: [String]) {
        self.key(key)
        beginArray()
        for s in strings { string(s) }
        endArray()
    }

    /// An object of strings, keys sorted (Codable's `.sortedKeys`).
    mutating func member(_ key: String, sortedStrings map: [String: String]) {
        self.key(key)
        beginObject()
        for (k, v) in map.sorted(by: { $0.key < $1.key }) {
            separate()
            quote(k)
            bytes.append(UInt8(ascii: ":"))
            needsComma = false
            string(v)
        }
        endObject()
    }

    private mutating func quote(_ value: String) { JSONString.append(value, to: &bytes) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
