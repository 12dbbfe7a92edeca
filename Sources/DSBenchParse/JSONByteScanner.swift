/// A forward-only JSON reader over raw bytes for large files (profiler traces of 100 MB and more):
/// it reads the few fields it is asked for and skips everything else without building values.
/// Every read is bounds-checked; malformed input makes a read return nil, never trap.
struct JSONByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    /// The byte at the current position after whitespace, or nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// Reads a string and returns the byte range of its contents (escapes left as they are).
    mutating func stringRange() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return start..<(position - 1)
            }
            position += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }

    /// Whether the bytes in `range` spell `literal` (ASCII).
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.upperBound <= bytes.count && ByteText.equals(literal, bytes, range)
    }

    func string(_ range: Range<Int>) -> String {
        range.upperBound <= bytes.count ? ByteText.string(bytes, range) : ""
    }

    /// A decimal number as an integer count of 1/1000 units (µs with ns precision → ns), exact for
    /// up to three fraction digits; more digits are truncated. Nil for anything else or on overflow.
    mutating func thousandths() -> Int64? {
        skipWhitespace()
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        var whole: Int64 = 0
        var digits = 0
        while position < bytes.count, let digit = Self.digit(bytes[position]) {
            let (times, o1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            whole = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, let digit = Self.digit(bytes[position]) {
                if fractionDigits < 3 { fraction = fraction * 10 + digit; fractionDigits += 1 }
                position += 1
            }
        }
        while fractionDigits < 3 { fraction *= 10; fractionDigits += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            return nil
        }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: 1000)
        let (total, o2) = scaled.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        return negative ? -total : total
    }

    /// An integer, or an integer written as a string (`"0"`); nil for anything else.
    mutating func integer() -> Int? {
        guard let p = peek() else { return nil }
        if p == UInt8(ascii: "\"") {
            guard let range = stringRange() else { return nil }
            return Int(string(range))
        }
        let start = position
        guard let value = thousandths(), value % 1000 == 0 else {
            position = start
            return nil
        }
        return Int(exactly: value / 1000)
    }

    /// Skips one value of any kind. Returns false on malformed or truncated input.
    mutating func skipValue() -> Bool {
        guard let first = peek() else { return false }
        if first == UInt8(ascii: "\"") { return stringRange() != nil }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    guard stringRange() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { position += 1; return true }
                default: break
                }
                position += 1
            }
            return false
        }
        // A number, true, false or null: up to the next delimiter.
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                return position > start
            default: position += 1
            }
        }
        return position > start
    }

    /// 1-based line of a byte offset, for diagnostics only.
    func line(at offset: Int) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> Int64? {
        byte >= 0x30 && byte <= 0x39 ? Int64(byte &- 0x30) : nil
    }
}
