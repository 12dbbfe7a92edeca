import DSBenchCore

/// The JSON of the TEXT columns read on every `show` and health pass (argv, env, labels, an nccl
/// step's devices and NCCL_DEBUG summary), read and written by hand. Through Codable they cost a
/// short command most of its JSON time and a large ingest several times the text in memory:
/// `JSONDecoder` first builds a map of the whole document, and each Codable type is looked up in
/// the runtime on first use (about a tenth of a 16-file ingest, perf). Any JSON reads here, so
/// rows written by the Codable path before read the same; what this cannot read (it never
/// should) falls back to `JSONDecoder` at the call site.
enum StoredJSON {
    indirect enum Value: Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case array([Value])
        /// Members in document order.
        case object([(String, Value)])

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.null, .null): return true
            case (.bool(let x), .bool(let y)): return x == y
            case (.int(let x), .int(let y)): return x == y
            case (.double(let x), .double(let y)): return x == y
            case (.string(let x), .string(let y)): return x == y
            case (.array(let x), .array(let y)): return x == y
            case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: return false
            }
        }

        subscript(key: String) -> Value? {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.0 == key }?.1
        }

        var string: String? { if case .string(let s) = self { return s } else { return nil } }
        var int: Int? {
            switch self {
            case .int(let i): return i
            case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
            default: return nil
            }
        }
        var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
        var array: [Value]? { if case .array(let a) = self { return a } else { return nil } }
        var members: [(String, Value)]? { if case .object(let m) = self { return m } else { return nil } }
    }

    /// The document, or nil for anything that is not exactly one JSON value.
    static func parse(_ text: String) -> Value? {
        var copy = text
        return copy.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let value = reader.value() else { return nil }
            reader.skipSpace()
            return reader.at == bytes.count ? value : nil
        }
    }

    /// Each item of a top-level array in turn, none kept after `body` has seen it (a large
    /// capture's device list is 190 k objects: as one tree it was a transient several times its
    /// text). False when the text is not an array of readable items or `body` returned false.
    static func eachItem(_ text: String, _ body: (Value) -> Bool) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.eachItem(body)
        }
    }

    /// A recursive-descent reader over UTF-8 (RFC 8259); depth is bounded by the writers here.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        /// Arrays and objects open: the writers here nest three deep, a damaged or hand-edited
        /// row could nest a million deep and overflow the stack.
        var depth = 0
        private static let maxDepth = 64

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        mutating func value() -> Value? {
            skipSpace()
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < Self.maxDepth else { return nil }
                depth += 1
                defer { depth -= 1 }
                return bytes[at] == UInt8(ascii: "{") ? object() : array()
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        private mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
            let n = word.utf8CodeUnitCount
            guard at + n <= bytes.count else { return nil }
            for k in 0..<n where bytes[at + k] != word.utf8Start[k] { return nil }
            at += n
            return value
        }

        private mutating func object() -> Value? {
            at += 1
            var members: [(String, Value)] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
                at += 1
                guard let value = value() else { return nil }
                members.append((key, value))
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                return nil
            }
        }

        mutating func eachItem(_ body: (Value) -> Bool) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "[") else { return false }
            at += 1
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return atEnd }
            while true {
                guard let item = value(), body(item) else { return false }
                skipSpace()
                guard at < bytes.count else { return false }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return atEnd }
                return false
            }
        }

        private var atEnd: Bool {
            mutating get { skipSpace(); return at == bytes.count }
        }

        private mutating func array() -> Value? {
            at += 1
            var items: [Value] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                return nil
            }
        }

        /// At the opening quote; the decoded text, or nil for a bad escape or an unclosed string.
        private mutating func string() -> String? {
            at += 1
            let start = at
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") { at += 1 }
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: "\"") {
                defer { at += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            }
            var out = Array(bytes[start..<at])
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: "\"") { at += 1; return String(decoding: out, as: UTF8.self) }
                guard b == UInt8(ascii: "\\") else { out.append(b); at += 1; continue }
                guard at + 1 < bytes.count else { return nil }
                let e = bytes[at + 1]
                at += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    // A surrogate pair is one scalar; a lone surrogate is U+FFFD, as JSONDecoder reads it.
                    if (0xD800..<0xDC00).contains(scalar), at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"),
                       bytes[at + 1] == UInt8(ascii: "u") {
                        at += 2
                        guard let low = hex4() else { return nil }
                        scalar = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
                default: return nil
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[at]
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x41...0x46: d = b - 0x41 + 10
                case 0x61...0x66: d = b - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
                at += 1
            }
            return v
        }

        private mutating func number() -> Value? {
            let start = at
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            var integral = true
            while at < bytes.count {
                let b = bytes[at]
                if b >= 0x30 && b <= 0x39 { at += 1; continue }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+")
                    || (b == UInt8(ascii: "-") && at > start) { integral = false; at += 1; continue }
                break
            }
            guard at > start else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            if integral, let i = Int(text) { return .int(i) }
            return Double(text).map(Value.double)
        }
    }
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
