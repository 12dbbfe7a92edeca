import DSBenchCore

/// JSON text written piece by piece into one `String`, for the stored columns whose shape is
/// Codable's (members in the order given, which callers keep sorted; a nil member left out).
/// A `String` per member joined into a `String` per object cost 36 k instructions for each NCCL
/// connection of an INFO log, 8 M of the 16-capture ingest's 195 M (callgrind); appending into
/// one text takes a small part of that.
struct JSONTextWriter {
    private(set) var text = ""
    /// A value or a closed container was just written: the next member or item needs a comma.
    private var needsComma = false

    init(reservingCapacity capacity: Int = 0) { text.reserveCapacity(capacity) }

    mutating func beginObject() { separate(); text += "{"; needsComma = false }
    mutating func endObject() { text += "}"; needsComma = true }
    mutating func beginArray() { separate(); text += "["; needsComma = false }
    mutating func endArray() { text += "]"; needsComma = true }

    /// A member's key; its value comes next.
    mutating func key(_ key: String) {
        separate()
        text += "\""
        text += key
        text += "\":"
        needsComma = false
    }

    mutating func string(_ value: String) { separate(); JSONString.append(value, to: &text); needsComma = true }
    mutating func int(_ value: Int) { separate(); text += String(value); needsComma = true }
    mutating func int(_ value: Int64) { separate(); text += String(value); needsComma = true }
    mutating func bool(_ value: Bool) { separate(); text += value ? "true" : "false"; needsComma = true }

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
            self.key(escaped: k)
            string(v)
        }
        endObject()
    }

    /// A key that may need escaping (a map's key from the input, not a field name).
    private mutating func key(escaped key: String) {
        separate()
        JSONString.append(key, to: &text)
        text += ":"
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { text += "," }
    }
}
