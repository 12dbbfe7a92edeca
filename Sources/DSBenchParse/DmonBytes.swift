/// Byte-level helpers for the dmon hot path: no regexes, no `String` per field.
enum DmonBytes {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, comma: UInt8 = 0x2C, hash: UInt8 = 0x23
    static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, dash: UInt8 = 0x2D, plus: UInt8 = 0x2B
    static let zero: UInt8 = 0x30, nine: UInt8 = 0x39

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Splits `buffer[range]` into whitespace-separated tokens (text format).
    static func splitWhitespace(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                into tokens: inout [Range<Int>]) {
        tokens.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end && isBlank(buffer[i]) { i += 1 }
            if i >= end { break }
            let start = i
            while i < end && !isBlank(buffer[i]) { i += 1 }
            tokens.append(start..<i)
        }
    }

    /// Splits `buffer[range]` on commas and trims blanks around each field (`--format csv`).
    static func splitCSV(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                         into tokens: inout [Range<Int>]) {
        tokens.removeAll(keepingCapacity: true)
        var fieldStart = range.lowerBound
        var i = range.lowerBound
        while true {
            if i == range.upperBound || buffer[i] == comma {
                tokens.append(trim(buffer, fieldStart..<i))
                if i == range.upperBound { break }
                fieldStart = i + 1
            }
            i += 1
        }
    }

    static func trim(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && isBlank(buffer[lower]) { lower += 1 }
        while upper > lower && isBlank(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    static func contains(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ byte: UInt8) -> Bool {
        for i in range where buffer[i] == byte { return true }
        return false
    }

    static func string(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    static func equal(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            if buffer[i] != buffer[j] { return false }
            i += 1; j += 1
        }
        return true
    }

    static func isDash(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == 1 && buffer[range.lowerBound] == dash
    }

    /// A non-negative decimal integer of at most 9 digits (a GPU index), else nil.
    static func smallInteger(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 9 else { return nil }
        var value = 0
        for i in range {
            let byte = buffer[i]
            guard byte >= zero && byte <= nine else { return nil }
            value = value * 10 + Int(byte - zero)
        }
        return value
    }

    /// A finite number. Plain integers (all dmon values) take a fast path; anything else goes
    /// through `Double(String)`, which rounds decimals correctly. `nan`/`inf` are not numbers here.
    static func number(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        guard !range.isEmpty else { return nil }
        var i = range.lowerBound
        var negative = false
        if buffer[i] == dash || buffer[i] == plus {
            negative = buffer[i] == dash
            i += 1
        }
        let digits = range.upperBound - i
        if digits > 0 && digits <= 15 {
            var value: Int64 = 0
            var allDigits = true
            while i < range.upperBound {
                let byte = buffer[i]
                if byte < zero || byte > nine { allDigits = false; break }
                value = value * 10 + Int64(byte - zero)
                i += 1
            }
            if allDigits { return Double(negative ? -value : value) }
        }
        guard range.count <= 64, let parsed = Double(string(buffer, range)), parsed.isFinite else { return nil }
        return parsed
    }
}
