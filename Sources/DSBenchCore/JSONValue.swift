/// One JSON document as values, read by hand (RFC 8259): the stored JSON columns (DSBenchStore's
/// `StoredJSON`) and the shipped catalogue. Through Codable, a short command paid most of its JSON
/// time in the runtime's type lookups on first use, and `JSONDecoder` builds a map of a whole
/// document before decoding it (docs/performance.md, sessions 10 and 11).
///
/// Not `indirect`: the arrays already hold their items out of line, and an indirect enum boxes
/// every value on the heap, scalars included — a malloc per member, most of the 5.7 M
/// instructions that reading back two INFO captures' transport summaries cost an ingest.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
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

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var members: [(String, JSONValue)]? { if case .object(let m) = self { return m } else { return nil } }
    /// Any JSON number as a Double.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}

extension JSONValue {
    /// The document, or nil for anything that is not exactly one JSON value.
    public static func parse(_ text: String) -> JSONValue? {
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
    public static func eachItem(_ text: String, _ body: (JSONValue) -> Bool) -> Bool {
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

        mutating func value() -> JSONValue? {
            skipSpace()
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < Self.maxDepth else { return nil }
                depth += 1
                defer { depth -= 1 }
                return bytes[at] == UInt8(ascii: "{") ? object() : array()
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
            let n = word.utf8CodeUnitCount
            guard at + n <= bytes.count else { return nil }
            for k in 0..<n where bytes[at + k] != word.utf8Start[k] { return nil }
            at += n
            return value
        }

        private mutating func object() -> JSONValue? {
            at += 1
            var members: [(String, JSONValue)] = []
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

        mutating func eachItem(_ body: (JSONValue) -> Bool) -> Bool {
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

        private mutating func array() -> JSONValue? {
            at += 1
            var items: [JSONValue] = []
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

        private mutating func number() -> JSONValue? {
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
            if integral, let i = integer(start..<at) { return .int(i) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            return Double(text).map(JSONValue.double)
        }

        /// `Int(text)` of an optional minus and digits, without making the text: nil when there
        /// are no digits or the value does not fit (then it is read as a Double, as before).
        private func integer(_ range: Range<Int>) -> Int? {
            var i = range.lowerBound
            let negative = bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            guard i < range.upperBound else { return nil }
            var value = 0
            while i < range.upperBound {
                let digit = Int(bytes[i] &- 0x30)
                let (scaled, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? scaled.subtractingReportingOverflow(digit) : scaled.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                value = next
                i += 1
            }
            return value
        }
    }
}
